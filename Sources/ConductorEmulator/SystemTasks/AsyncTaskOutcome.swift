import ConductorMCPCore

/// How an async system task ended: its status, output and, when it did not succeed, why.
struct AsyncTaskOutcome: Sendable, Equatable {
    var status: TaskStatus
    var output: JSONValue
    var reason: String?
}

import Foundation

/// Why `invoke` did not call the endpoint, or what went wrong when it did; each message says what to do next.
public enum InvokeError: LocalizedError, Sendable, Equatable {
    /// The server URL, headers or credentials are unusable.
    case configuration(String)
    /// No endpoint has that key or operationId.
    case unknownEndpoint(String, nearest: [String])
    /// The arguments break the spec; nothing was sent.
    case invalidArguments(endpoint: String, problems: [ValidationProblem])
    /// `POST /api/token` did not give a token.
    case authentication(String)

    /// The message for the agent.
    public var message: String {
        switch self {
        case .configuration(let text):
            return "Configuration problem: \(text)."
        case .unknownEndpoint(let name, let nearest):
            return InspectError.unknownEndpoint(name, nearest: nearest).errorDescription ?? name
        case .invalidArguments(let endpoint, let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            var lines = ["Not sent: \(count) with the arguments for \(endpoint):"]
            lines += problems.map { "- \($0.location): \($0.message)" }
            lines.append("Fix them and call invoke again; inspect \"\(endpoint)\" shows the parameters and the body.")
            return lines.joined(separator: "\n")
        case .authentication(let text):
            return "Authentication failed: \(text)"
        }
    }

    public var errorDescription: String? { message }

    /// A short machine-readable kind, for `structuredContent`.
    public var kind: String {
        switch self {
        case .configuration: return "configuration"
        case .unknownEndpoint: return "unknown_endpoint"
        case .invalidArguments: return "invalid_arguments"
        case .authentication: return "authentication"
        }
    }
}

/// One thing wrong with the arguments, at a location the agent can find: `params.workflowId`,
/// `body/tasks/0/taskReferenceName`.
public struct ValidationProblem: Sendable, Equatable, CustomStringConvertible {
    /// Where: `params.NAME` for parameters, a JSON pointer under `body` for the body, or an argument name.
    public var location: String
    /// What is wrong and, where it helps, what would be right.
    public var message: String

    /// A problem at `location`.
    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

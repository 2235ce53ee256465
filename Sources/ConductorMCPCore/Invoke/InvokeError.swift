public import Foundation

/// Why `invoke` did not call the endpoint, or what went wrong when it did; each message says what to do next.
public enum InvokeError: LocalizedError, Sendable, Equatable {
    /// The server URL, headers or credentials are unusable.
    case configuration(String)
    /// No endpoint has that key or operationId.
    case unknownEndpoint(String, nearest: [String])
    /// The arguments break the spec; nothing was sent.
    /// `partial`: the checks stopped after `SchemaValidator.maxSteps`, so there may be more problems than these.
    case invalidArguments(endpoint: String, problems: [ValidationProblem], partial: Bool = false)
    /// `POST /api/token` did not give a token.
    case authentication(String)

    /// Most problems listed in a message; a model can send arguments with thousands of faults, and the answer must
    /// stay within its budget.
    public static let maxListedProblems = 50

    /// The problem alone for a configuration error (for a list or a flag that names the setting), else the message.
    public var detail: String {
        if case .configuration(let text) = self { return text }
        return message
    }

    /// The message for the agent, with the core's own names.
    public var message: String { message(ToolNames()) }

    /// The message for the agent, naming operations as the host does.
    public func message(_ names: ToolNames) -> String {
        switch self {
        case .configuration(let text):
            return "Configuration problem: \(text)."
        case .unknownEndpoint(let name, let nearest):
            return InspectError.unknownEndpoint(name, nearest: nearest).message(names)
        case .invalidArguments(let endpoint, let problems, let partial):
            let count =
                (partial ? "at least " : "") + (problems.count == 1 ? "1 problem" : "\(problems.count) problems")
            let stopped =
                partial
                ? " (the checks stopped after \(SchemaValidator.maxSteps) steps; the server validates the rest)" : ""
            var lines = ["Not sent: \(count) with the arguments for \(endpoint)\(stopped):"]
            lines += problems.prefix(Self.maxListedProblems).map { "- \($0.location): \($0.message)" }
            if problems.count > Self.maxListedProblems {
                lines.append("- … \(problems.count - Self.maxListedProblems) more problems not listed")
            }
            lines.append(
                "Fix them and call \(names.invoke) again; \(names.inspect) \"\(endpoint)\" shows the parameters and the "
                    + "body.")
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

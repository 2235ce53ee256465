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

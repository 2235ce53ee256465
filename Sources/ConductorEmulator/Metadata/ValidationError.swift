/// One constraint violation, shaped as Conductor's `ValidationError` (`path`, `message`, `invalidValue`).
public struct ValidationError: Sendable, Hashable {
    /// Property path of the violation, e.g. `registerWorkflowDef.workflowDef.name`.
    public var path: String
    /// What is wrong, in Conductor's words.
    public var message: String
    /// The offending value when it is a primitive, as Conductor reports it.
    public var invalidValue: String?

    /// Creates a violation.
    public init(path: String, message: String, invalidValue: String? = nil) {
        self.path = path
        self.message = message
        self.invalidValue = invalidValue
    }

    /// The violation as Conductor serializes it.
    var json: JSON {
        var members: [String: JSON] = ["path": .string(path), "message": .string(message)]
        if let invalidValue { members["invalidValue"] = .string(invalidValue) }
        return .object(members)
    }
}

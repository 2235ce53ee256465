/// Whether one caller may invoke one endpoint, and the rule that decided it.
public struct PolicyDecision: Sendable, Hashable {
    /// True when the call may go ahead.
    public var allowed: Bool
    /// The role the caller acts in.
    public var role: String
    /// The deciding rule in words: `allow method GET`, `deny method DELETE`, `no allow rule covers it`, ….
    public var rule: String

    /// A decision.
    public init(allowed: Bool, role: String, rule: String) {
        self.allowed = allowed
        self.role = role
        self.rule = rule
    }

    /// `DELETE /api/metadata/workflow/{name} is not allowed for role viewer (rule: deny method DELETE)`.
    public func refusal(for endpointKey: String) -> String {
        "\(endpointKey) is not allowed for role \(role) (rule: \(rule))"
    }
}

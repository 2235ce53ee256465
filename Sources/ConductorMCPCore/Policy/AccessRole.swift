/// A named set of allow, deny and confirm rules. An endpoint is allowed when an allow rule covers it and no deny
/// rule does (deny wins); an endpoint no allow rule covers is refused.
public struct AccessRole: Sendable, Hashable {
    /// The role's name (`viewer`, `operator`, `admin`, or one from the configuration).
    public var name: String
    /// One line saying what the role is for, shown by `check`.
    public var summary: String
    /// Rules that allow.
    public var allow: [PolicyRule]
    /// Rules that refuse, whatever the allow rules say.
    public var deny: [PolicyRule]
    /// Rules whose endpoints need confirmation when confirmation is on (DELETE always does).
    public var confirm: [PolicyRule]

    /// A role.
    public init(
        name: String, summary: String = "", allow: [PolicyRule], deny: [PolicyRule] = [], confirm: [PolicyRule] = []
    ) {
        self.name = name
        self.summary = summary
        self.allow = allow
        self.deny = deny
        self.confirm = confirm
    }

    /// True when every allow rule can only cover GET, HEAD or OPTIONS endpoints.
    public var onlyReads: Bool { allow.allSatisfy(\.onlyReads) }
}

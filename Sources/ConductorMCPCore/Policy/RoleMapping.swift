/// How an HTTP caller's token picks a role: by scope, in the order the configuration lists them, then by a claim
/// whose value names a role. The stdio user always gets the configured role.
public struct RoleMapping: Sendable, Hashable {
    /// Scope → role name, first match wins (list the most privileged first).
    public var scopes: [(scope: String, role: String)]
    /// A claim whose value, or one element of it when it is a list, is a role's name, such as `role` or `groups`.
    public var claim: String?
    /// The role of a caller whose token matches nothing; nil refuses every endpoint to such a caller.
    public var unmatched: String?
    /// Set when a configuration has a `roleMapping` section, even one naming only `unmatched`: then every HTTP
    /// caller goes through the mapping (`unmatched: null` refuses whoever matches nothing).
    public var declared = false

    /// A mapping; empty means every caller gets the configured role.
    public init(scopes: [(scope: String, role: String)] = [], claim: String? = nil, unmatched: String? = "viewer") {
        self.scopes = scopes
        self.claim = claim
        self.unmatched = unmatched
    }

    /// True when nothing maps tokens to roles: no section was configured and no scope or claim is set.
    public var isEmpty: Bool { !declared && scopes.isEmpty && claim == nil }

    /// The role name the caller's token maps to, or nil.
    public func role(for caller: CallerIdentity, known: Set<String>) -> String? {
        // A caller's scopes are kept as `CallerIdentity.exact` writes them; the configuration's are compared so too.
        if let match = scopes.first(where: { caller.scopes.contains(CallerIdentity.exact($0.scope)) }) {
            return match.role
        }
        // Whole values only: splitting one into words would let a group named "readers of the admin guide" grant
        // admin. A claim naming several roles names none: which would win would depend on the order the identity
        // provider lists them in (map such callers by scope, which has an order).
        guard let claim, let values = caller.claims[claim] else { return nil }
        let named = Set(values.filter(known.contains))
        return named.count == 1 ? named.first : nil
    }

    public static func == (lhs: RoleMapping, rhs: RoleMapping) -> Bool {
        lhs.scopes.map { [$0.scope, $0.role] } == rhs.scopes.map { [$0.scope, $0.role] } && lhs.claim == rhs.claim
            && lhs.unmatched == rhs.unmatched && lhs.declared == rhs.declared
    }

    public func hash(into hasher: inout Hasher) {
        for entry in scopes {
            hasher.combine(entry.scope)
            hasher.combine(entry.role)
        }
        hasher.combine(claim)
        hasher.combine(unmatched)
        hasher.combine(declared)
    }
}

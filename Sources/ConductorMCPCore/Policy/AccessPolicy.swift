/// Which endpoints a caller may invoke: the roles, which role a caller acts in, and the read-only switch.
///
/// The policy is data and pure functions; `InvokeGate` enforces it once, before validation and before sending.
public struct AccessPolicy: Sendable {
    /// Every role by name: the built-in ones and the configuration's own (which may replace a built-in one).
    public var roles: [String: AccessRole]
    /// The role of the stdio user, and of every caller when `mapping` is empty.
    public var role: String
    /// Only GET and HEAD (minus the GETs that change state), plus what `readOnlyAllow` names.
    public var readOnly: Bool
    /// Endpoints that only read although their method is not GET (Conductor's search and batch-get POSTs), allowed
    /// in read-only mode when the role allows them too.
    public var readOnlyAllow: [PolicyRule]
    /// How an HTTP caller's token maps to a role.
    public var mapping: RoleMapping
    /// Whether DELETEs and endpoints a role's confirm rules cover need the caller's confirmation.
    public var confirmDestructive: Bool

    /// A policy; the defaults change nothing for today's users (admin, not read-only).
    public init(
        roles: [String: AccessRole] = AccessRole.builtIn, role: String = "admin", readOnly: Bool = false,
        readOnlyAllow: [PolicyRule] = [], mapping: RoleMapping = RoleMapping(), confirmDestructive: Bool = false
    ) {
        self.roles = roles
        self.role = role
        self.readOnly = readOnly
        self.readOnlyAllow = readOnlyAllow
        self.mapping = mapping
        self.confirmDestructive = confirmDestructive
    }

    /// The role with no allow rule: what an HTTP caller gets when its token maps to nothing and no fallback is set.
    public static let noAccess = AccessRole(name: "none", summary: "nothing", allow: [])

    /// The role `caller` acts in.
    public func role(for caller: CallerIdentity) -> AccessRole {
        if !caller.isRemote || mapping.isEmpty { return roles[role] ?? Self.noAccess }
        let name = mapping.role(for: caller, known: Set(roles.keys)) ?? mapping.unmatched
        return name.flatMap { roles[$0] } ?? Self.noAccess
    }

    /// Whether `role` may invoke `endpoint`, and why: deny rules first, then allow rules, then read-only mode.
    public func decide(_ endpoint: Endpoint, role: AccessRole) -> PolicyDecision {
        for rule in role.deny {
            if let matched = rule.match(endpoint) {
                return PolicyDecision(allowed: false, role: role.name, rule: "deny \(matched)")
            }
        }
        guard let allowed = role.allow.lazy.compactMap({ $0.match(endpoint) }).first else {
            return PolicyDecision(allowed: false, role: role.name, rule: "no allow rule of the role covers it")
        }
        if readOnly {
            if let matched = AccessRole.stateChangingGets.match(endpoint) {
                return PolicyDecision(allowed: false, role: role.name, rule: "read-only mode denies \(matched)")
            }
            if !["GET", "HEAD"].contains(endpoint.method) {
                if let matched = readOnlyAllow.lazy.compactMap({ $0.match(endpoint) }).first {
                    return PolicyDecision(allowed: true, role: role.name, rule: "read-only mode allows \(matched)")
                }
                return PolicyDecision(
                    allowed: false, role: role.name, rule: "read-only mode allows only GET and HEAD")
            }
        }
        return PolicyDecision(allowed: true, role: role.name, rule: "allow \(allowed)")
    }

    /// The deny rule of `role` that covers `endpoint` at a concrete path (its values filled in), as a refusal; nil
    /// when none does. Only deny rules that name a path prefix (`/api/secrets`: a place, which a value may spell out
    /// where a document put a variable). Not allow rules, which may name the template (`{workflowId}`) a value never
    /// matches, nor globs of operation words (`* /**/delete`, `GET /**/clear*`), which a workflow's name may hold.
    public func concreteDenial(_ endpoint: Endpoint, role: AccessRole) -> PolicyDecision? {
        for rule in role.deny where !rule.pathPrefixes.isEmpty {
            if let matched = rule.match(endpoint) {
                return PolicyDecision(
                    allowed: false, role: role.name, rule: "deny \(matched) (the path the values build)")
            }
        }
        return nil
    }

    /// Whether `caller` may invoke `endpoint`.
    public func decide(_ endpoint: Endpoint, caller: CallerIdentity) -> PolicyDecision {
        decide(endpoint, role: role(for: caller))
    }

    /// Why `endpoint` needs confirmation for `role` (nil when it does not, or confirmation is off).
    public func confirmation(for endpoint: Endpoint, role: AccessRole) -> String? {
        guard confirmDestructive else { return nil }
        if endpoint.method == "DELETE" { return "method DELETE" }
        return role.confirm.lazy.compactMap { $0.match(endpoint) }.first
    }

    /// True when `role` can only read: read-only mode (whose extra POSTs are there because they only read), or a role
    /// whose allow rules cover only GET, HEAD and OPTIONS.
    public func onlyReads(_ role: AccessRole) -> Bool {
        readOnly || role.onlyReads
    }

    /// Problems that make the policy unusable, each naming where: an unknown role, a rule without criteria.
    public var problems: [String] {
        var problems: [String] = []
        if roles[role] == nil {
            let names = roles.keys.sorted()
            let nearest = names.min { EditDistance.between($0, role) < EditDistance.between($1, role) }
            let hint = nearest.map { EditDistance.between($0, role) <= 3 ? " (did you mean \"\($0)\"?)" : "" } ?? ""
            problems.append(
                "role \"\(role)\" is not defined\(hint); the roles are \(names.joined(separator: ", "))")
        }
        for entry in mapping.scopes where roles[entry.role] == nil {
            problems.append("roleMapping.scopes[\"\(entry.scope)\"] names the unknown role \"\(entry.role)\"")
        }
        if let unmatched = mapping.unmatched, roles[unmatched] == nil {
            problems.append("roleMapping.unmatched names the unknown role \"\(unmatched)\"")
        }
        for name in roles.keys.sorted() {
            let role = roles[name]!
            for (list, rules) in [("allow", role.allow), ("deny", role.deny), ("confirm", role.confirm)] {
                for (offset, rule) in rules.enumerated() where rule.isEmpty {
                    problems.append(
                        "roles.\(name).\(list)[\(offset)] has no criterion; give methods, endpoints, pathPrefixes, operationIds or tags"
                    )
                }
            }
        }
        for (offset, rule) in readOnlyAllow.enumerated() where rule.isEmpty {
            problems.append("policy.readOnlyAllow[\(offset)] has no criterion")
        }
        return problems
    }
}

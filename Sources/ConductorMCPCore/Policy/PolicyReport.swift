/// The role table and, per role, how many endpoints of a document it may invoke, by tag: what `check --config`
/// prints after the effective settings.
public struct PolicyReport: Sendable {
    /// The report as text.
    public let text: String

    /// The report for `policy` over `index`.
    public init(policy: AccessPolicy, index: EndpointIndex) {
        let names = policy.roles.keys.sorted()
        var lines = [
            "Roles (stdio role: \(policy.role); read-only mode: \(policy.readOnly ? "on" : "off"); "
                + "confirm destructive: \(policy.confirmDestructive ? "on" : "off")):"
        ]
        for name in names {
            let role = policy.roles[name]!
            lines.append("  \(name)\(role.summary.isEmpty ? "" : " — \(role.summary)")")
            for (label, rules) in [("allow", role.allow), ("deny", role.deny), ("confirm", role.confirm)]
            where !rules.isEmpty {
                lines.append("    \(label): " + rules.map(Self.describe).joined(separator: " | "))
            }
        }
        if !policy.mapping.isEmpty {
            let scopes = policy.mapping.scopes.map { "\($0.scope) → \($0.role)" }.joined(separator: ", ")
            lines.append(
                "Role mapping (HTTP): scopes \(scopes.isEmpty ? "none" : scopes); claim "
                    + "\(policy.mapping.claim ?? "none"); unmatched → \(policy.mapping.unmatched ?? "no access")")
        }
        var tags: [String: [Endpoint]] = [:]
        for endpoint in index.endpoints {
            for tag in endpoint.tags.isEmpty ? ["(no tag)"] : endpoint.tags { tags[tag, default: []].append(endpoint) }
        }
        lines.append("")
        lines.append("Endpoints each role may invoke, by tag (\(index.title) \(index.version)):")
        lines.append("  tag | endpoints | " + names.joined(separator: " | "))
        func row(_ label: String, _ endpoints: [Endpoint]) -> String {
            let counts = names.map { name in
                String(endpoints.filter { policy.decide($0, role: policy.roles[name]!).allowed }.count)
            }
            return "  \(label) | \(endpoints.count) | " + counts.joined(separator: " | ")
        }
        for tag in tags.keys.sorted() { lines.append(row(tag, tags[tag]!)) }
        lines.append(row("all", index.endpoints))
        text = lines.joined(separator: "\n")
    }

    /// A rule in words: `methods GET, HEAD`, `tags a, b`, joined with `and`.
    static func describe(_ rule: PolicyRule) -> String {
        var parts: [String] = []
        if !rule.methods.isEmpty { parts.append("methods " + rule.methods.joined(separator: ", ")) }
        if !rule.endpoints.isEmpty { parts.append("endpoints " + rule.endpoints.map(\.text).joined(separator: ", ")) }
        if !rule.pathPrefixes.isEmpty { parts.append("paths " + rule.pathPrefixes.joined(separator: ", ")) }
        if !rule.operationIds.isEmpty { parts.append("operationIds " + rule.operationIds.joined(separator: ", ")) }
        if !rule.tags.isEmpty { parts.append("tags " + rule.tags.joined(separator: ", ")) }
        let criteria = parts.joined(separator: " and ")
        return rule.name.map { "\($0) (\(criteria))" } ?? criteria
    }
}

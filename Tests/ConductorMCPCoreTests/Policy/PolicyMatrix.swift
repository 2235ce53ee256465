import ConductorMCPCore

/// The allowed/refused table of every endpoint of a document under the built-in roles and read-only mode: the golden
/// matrix's text, and the per-tag counts the README shows.
enum PolicyMatrix {
    /// The columns: the three built-in roles, then admin in read-only mode.
    static let columns: [(name: String, policy: AccessPolicy, role: AccessRole)] = [
        ("viewer", AccessPolicy(), .viewer),
        ("operator", AccessPolicy(), .operator),
        ("admin", AccessPolicy(), .admin),
        ("read-only", AccessPolicy(readOnly: true), .admin),
    ]

    /// One line per endpoint, sorted by key: `A`/`-` per column, and the rule that refused for each refusing column.
    static func table(_ index: EndpointIndex) -> String {
        var lines = ["# viewer operator admin read-only · endpoint · refusing rules (A = allowed, - = refused)"]
        for endpoint in index.endpoints.sorted(by: { $0.key < $1.key }) {
            let decisions = columns.map { $0.policy.decide(endpoint, role: $0.role) }
            let marks = decisions.map { $0.allowed ? "A" : "-" }.joined(separator: " ")
            var line = "\(marks) \(endpoint.key)"
            let reasons = zip(columns, decisions).filter { !$0.1.allowed }.map { "\($0.0.name): \($0.1.rule)" }
            if !reasons.isEmpty { line += " · " + reasons.joined(separator: "; ") }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A markdown table: per tag, how many endpoints each column allows, of how many.
    static func countsByTag(_ index: EndpointIndex) -> String {
        var tags: [String: [Endpoint]] = [:]
        for endpoint in index.endpoints {
            for tag in endpoint.tags.isEmpty ? ["(no tag)"] : endpoint.tags { tags[tag, default: []].append(endpoint) }
        }
        var lines = [
            "| tag | endpoints | " + columns.map(\.name).joined(separator: " | ") + " |",
            "|---|---:|" + String(repeating: "---:|", count: columns.count),
        ]
        func row(_ name: String, _ endpoints: [Endpoint]) -> String {
            let counts = columns.map { column in
                String(endpoints.filter { column.policy.decide($0, role: column.role).allowed }.count)
            }
            return "| \(name) | \(endpoints.count) | " + counts.joined(separator: " | ") + " |"
        }
        for tag in tags.keys.sorted() { lines.append(row(tag, tags[tag]!)) }
        lines.append(row("**all**", index.endpoints))
        return lines.joined(separator: "\n")
    }
}

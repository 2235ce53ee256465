/// The `check` report of an indexed document: identity, counts by method and tag, and every diagnostic.
public struct SpecReport: Sendable {
    /// The report text.
    public let text: String
    /// Whether any diagnostic is an error (an operation left out for safety); `check` then exits 1.
    public let hasErrors: Bool

    /// The report for `index`.
    public init(index: EndpointIndex) {
        var lines = ["\(index.title) \(index.version) (OpenAPI \(index.openAPIVersion)) from \(index.source)"]
        lines.append("\(index.endpoints.count) endpoints, \(index.schemas.count) schemas")
        var methods: [String: Int] = [:]
        var tags: [String: Int] = [:]
        for endpoint in index.endpoints {
            methods[endpoint.method, default: 0] += 1
            for tag in endpoint.tags.isEmpty ? ["(untagged)"] : endpoint.tags { tags[tag, default: 0] += 1 }
        }
        let methodOrder = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"]
        lines.append(
            "by method: "
                + methodOrder.compactMap { method in methods[method].map { "\(method) \($0)" } }
                .joined(separator: ", "))
        lines.append("by tag:")
        for (tag, count) in tags.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            lines.append("  \(tag): \(count)")
        }
        let deprecated = index.endpoints.filter(\.deprecated).count
        if deprecated > 0 { lines.append("deprecated: \(deprecated)") }
        var kinds: [String: Int] = [:]
        for diagnostic in index.diagnostics { kinds[diagnostic.kind, default: 0] += 1 }
        let errors = index.diagnostics.filter { $0.severity == .error }.count
        let warnings = index.diagnostics.filter { $0.severity == .warning }.count
        let notes = index.diagnostics.count - warnings - errors
        lines.append(
            "diagnostics: \(index.diagnostics.count) (\(errors) errors, \(warnings) warnings, \(notes) notes)"
                + (kinds.isEmpty
                    ? ""
                    : ": "
                        + kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                        .joined(separator: ", ")))
        for diagnostic in index.diagnostics { lines.append("  \(diagnostic)") }
        text = lines.joined(separator: "\n")
        hasErrors = errors > 0
    }
}

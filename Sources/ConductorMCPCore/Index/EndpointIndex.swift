import Foundation

/// Every operation of one OpenAPI document, built once at start-up, immutable and shared by all tool calls.
public struct EndpointIndex: Sendable {
    /// The HTTP methods an OpenAPI path item may hold operations for, upper-case, in the order OpenAPI lists them.
    public static let methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]

    /// `info.title`.
    public let title: String
    /// `info.version`.
    public let version: String
    /// The document's `openapi` version.
    public let openAPIVersion: String
    /// Where the document came from.
    public let source: String
    /// `servers[].url`, informational: requests go only to the server the user configured.
    public let serverURLs: [String]
    /// Endpoints in document order.
    public let endpoints: [Endpoint]
    /// Component schemas by name.
    public let schemas: [String: OpenAPISchema]
    /// Component schema names in document order.
    public let schemaOrder: [String]
    /// Problems found while indexing, in document order.
    public let diagnostics: [SpecDiagnostic]

    private let byKey: [String: Int]
    private let byOperationId: [String: Int]

    init(
        title: String, version: String, openAPIVersion: String, source: String, serverURLs: [String],
        endpoints: [Endpoint], schemas: [String: OpenAPISchema], schemaOrder: [String], diagnostics: [SpecDiagnostic]
    ) {
        self.title = title
        self.version = version
        self.openAPIVersion = openAPIVersion
        self.source = source
        self.serverURLs = serverURLs
        self.endpoints = endpoints
        self.schemas = schemas
        self.schemaOrder = schemaOrder
        self.diagnostics = diagnostics
        var byKey: [String: Int] = [:]
        var byOperationId: [String: Int] = [:]
        for (offset, endpoint) in endpoints.enumerated() {
            byKey[endpoint.key] = offset
            if let operationId = endpoint.operationId { byOperationId[operationId] = offset }
        }
        self.byKey = byKey
        self.byOperationId = byOperationId
    }

    /// Indexes a parsed document.
    public init(document: SpecDocument) {
        var builder = EndpointIndexBuilder(document: document)
        self = builder.build()
    }

    /// The component schema `name`.
    public func schema(named name: String) -> OpenAPISchema? { schemas[name] }

    /// Follows `$ref` names until a schema with content; nil for a broken chain. Loops are cut.
    public func resolve(_ schema: OpenAPISchema) -> OpenAPISchema? {
        var current = schema
        var seen: Set<String> = []
        while let name = current.refName {
            guard seen.insert(name).inserted, let next = schemas[name] else { return nil }
            current = next
        }
        return current
    }

    /// The endpoint a tool argument names: `METHOD /path` (method in any case, extra spaces, a trailing slash or a
    /// leading /api tolerated) or an operationId.
    public func endpoint(named name: String) -> Endpoint? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let index = byKey[trimmed] ?? byOperationId[trimmed] { return endpoints[index] }
        let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let method = parts[0].uppercased()
        var path = String(parts[1])
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if !path.hasPrefix("/") { path = "/" + path }
        for candidate in [path, "/api" + path] {
            if let index = byKey["\(method) \(candidate)"] { return endpoints[index] }
        }
        // Placeholder names may differ ({id} vs {workflowId}): compare the shapes.
        let template = PathTemplate(path)
        return endpoints.first { $0.method == method && PathTemplate($0.path).hasSameShape(as: template) }
    }

    /// The endpoints nearest to `name`, for "unknown endpoint" answers: first those whose template the named path
    /// fits (a path written with values, `PUT /api/workflow/abc/pause`, or with other placeholder names or another
    /// method, `POST /api/workflow/{id}/pause`), the named method first and the most literal template first; then
    /// those whose key or operationId is nearest in spelling.
    ///
    /// A spelling within two edits of the name (a typo: `/api/workflow/serach`) comes first of all, and templates
    /// leave the last place to spelling.
    public func nearest(to name: String, limit: Int = 3) -> [Endpoint] {
        let spelled = nearestBySpelling(to: name, limit: limit)
        var found = spelled.prefix { $0.distance <= 2 }.prefix(1).map(\.endpoint)
        for endpoint in fitting(name).prefix(max(limit - 1, 1)) where !found.contains(where: { $0.key == endpoint.key })
        {
            found.append(endpoint)
        }
        for (endpoint, _) in spelled where !found.contains(where: { $0.key == endpoint.key }) {
            found.append(endpoint)
        }
        return Array(found.prefix(limit))
    }

    /// Endpoints whose template the path of `name` ("METHOD /path") fits, best first.
    private func fitting(_ name: String) -> [Endpoint] {
        let parts = name.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 2, parts[1].contains("/") else { return [] }
        let method = parts[0].uppercased()
        let path = parts[1].hasPrefix("/") ? String(parts[1]) : "/" + parts[1]
        let named = PathTemplate(path)
        let matches = endpoints.filter { endpoint in
            let template = PathTemplate(endpoint.path)
            return template.hasSameShape(as: named) || template.matches(path: path)
                || template.matches(path: "/api" + path)
        }
        func variables(_ endpoint: Endpoint) -> Int {
            PathTemplate(endpoint.path).segments.filter { if case .variable = $0 { true } else { false } }.count
        }
        return matches.sorted {
            ($0.method == method ? 0 : 1, variables($0)) < ($1.method == method ? 0 : 1, variables($1))
        }
    }

    /// The endpoints whose key or operationId is nearest to `name` by edit distance, with the distance.
    private func nearestBySpelling(to name: String, limit: Int) -> [(endpoint: Endpoint, distance: Int)] {
        let target = name.lowercased()
        let scored = endpoints.map { endpoint -> (Endpoint, Int) in
            var distance = EditDistance.between(target, endpoint.key.lowercased())
            if let operationId = endpoint.operationId {
                distance = min(distance, EditDistance.between(target, operationId.lowercased()))
            }
            return (endpoint, distance)
        }
        return scored.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.key < $1.0.key) }.prefix(limit).map {
            (endpoint: $0.0, distance: $0.1)
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
public enum EditDistance {
    /// Bytes of each string compared. Suggestions are for typos of names a few dozen bytes long; the cost is the
    /// product of the two lengths, so without a cap a 100,000-character name from a model costs seconds per call.
    public static let maxComparedBytes = 256

    /// The number of single-byte edits that turn the first `maxComparedBytes` of `a` into those of `b`.
    public static func between(_ a: String, _ b: String) -> Int {
        let left = Array(a.utf8.prefix(maxComparedBytes))
        let right = Array(b.utf8.prefix(maxComparedBytes))
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}

/// One allow, deny or confirm rule: which endpoints it covers, by HTTP method, `METHOD /path` glob, path prefix,
/// operationId and tag.
///
/// Every criterion that is given must match (a rule with methods and tags covers only those methods within those
/// tags); within one criterion any value may match. Rules name no endpoint list, so they keep working on a Conductor
/// version with endpoints nobody listed.
public struct PolicyRule: Sendable, Hashable {
    /// Upper-case methods, or `*` for any.
    public var methods: [String]
    /// `METHOD /path` globs (see `EndpointPattern`).
    public var endpoints: [EndpointPattern]
    /// Path prefixes, matched at a segment boundary: `/api/secrets` covers `/api/secrets/{key}`, not `/api/secretsX`.
    public var pathPrefixes: [String]
    /// operationIds, exact.
    public var operationIds: [String]
    /// Tags, compared without case.
    public var tags: [String]
    /// An optional name shown in refusals instead of the criteria.
    public var name: String?

    /// A rule; give at least one criterion (`AccessPolicy.problems` reports a rule without any).
    public init(
        methods: [String] = [], endpoints: [EndpointPattern] = [], pathPrefixes: [String] = [],
        operationIds: [String] = [], tags: [String] = [], name: String? = nil
    ) {
        self.methods = methods.map { $0.uppercased() }
        self.endpoints = endpoints
        self.pathPrefixes = pathPrefixes
        self.operationIds = operationIds
        self.tags = tags
        self.name = name
    }

    /// True when the rule has no criterion at all (a configuration mistake, never a match-all).
    public var isEmpty: Bool {
        methods.isEmpty && endpoints.isEmpty && pathPrefixes.isEmpty && operationIds.isEmpty && tags.isEmpty
    }

    /// The criteria that matched `endpoint`, in words (`method DELETE and tag secret-resource`); nil when the rule
    /// does not cover it.
    public func match(_ endpoint: Endpoint) -> String? {
        guard !isEmpty else { return nil }
        var matched: [String] = []
        if !methods.isEmpty {
            // GET covers HEAD: a server answers HEAD with the GET handler.
            guard
                let method = methods.first(where: {
                    $0 == "*" || $0 == endpoint.method || ($0 == "GET" && endpoint.method == "HEAD")
                })
            else { return nil }
            matched.append("method \(method)")
        }
        if !endpoints.isEmpty {
            guard let pattern = endpoints.first(where: { $0.matches(method: endpoint.method, path: endpoint.path) })
            else { return nil }
            matched.append("endpoint \(pattern.text)")
        }
        if !pathPrefixes.isEmpty {
            guard let prefix = pathPrefixes.first(where: { Self.path(endpoint.path, startsWith: $0) }) else {
                return nil
            }
            matched.append("path prefix \(prefix)")
        }
        if !operationIds.isEmpty {
            guard let operationId = endpoint.operationId, operationIds.contains(operationId) else { return nil }
            matched.append("operationId \(operationId)")
        }
        if !tags.isEmpty {
            let lowered = Set(endpoint.tags.map { $0.lowercased() })
            guard let tag = tags.first(where: { lowered.contains($0.lowercased()) }) else { return nil }
            matched.append("tag \(tag)")
        }
        return name ?? matched.joined(separator: " and ")
    }

    /// True when the rule can only ever cover GET, HEAD or OPTIONS endpoints, whatever the document holds.
    public var onlyReads: Bool {
        let reads: Set<String> = ["GET", "HEAD", "OPTIONS"]
        if !methods.isEmpty && methods.allSatisfy(reads.contains) { return true }
        let patternMethods = endpoints.map { $0.text.split(separator: " ").first.map { $0.uppercased() } ?? "*" }
        return !endpoints.isEmpty && patternMethods.allSatisfy(reads.contains)
    }

    /// Segment-boundary prefix test.
    static func path(_ path: String, startsWith prefix: String) -> Bool {
        if prefix.hasSuffix("/") { return path.hasPrefix(prefix) }
        return path == prefix || path.hasPrefix(prefix + "/")
    }
}

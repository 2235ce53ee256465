/// One ranked search result.
public struct SearchHit: Sendable {
    /// The endpoint found.
    public let endpoint: Endpoint
    /// Its relevance; only the order means anything.
    public let score: Double
    /// True when nothing matched the query's words and this is only the nearest endpoint by spelling
    /// (character trigrams over summary, operationId and path).
    public let isNearest: Bool

    /// A hit for `endpoint`.
    public init(endpoint: Endpoint, score: Double, isNearest: Bool = false) {
        self.endpoint = endpoint
        self.score = score
        self.isNearest = isNearest
    }
}

/// The answer to an empty query: what the API offers, by tag.
public struct SearchOverview: Sendable {
    /// One tag and a few of its endpoints.
    public struct TagSummary: Sendable {
        /// The tag (`(untagged)` for operations without one).
        public let tag: String
        /// How many operations carry it.
        public let count: Int
        /// The first few of them, in document order.
        public let examples: [Endpoint]
    }

    /// The document's title and version.
    public let title: String
    /// Total operations.
    public let endpointCount: Int
    /// Tags by descending count, then name.
    public let tags: [TagSummary]
}

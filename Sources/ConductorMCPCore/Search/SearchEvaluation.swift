/// Recall of a search ranking on an evaluation set: the one evaluator of every search bar.
///
/// The Swift tests and the benchmark's fit rank in process; the Python bar ranks through the real server with the
/// official MCP client and hands its rankings to `conductor-mcp-bench score`, which scores them here. Each line of a
/// set is `{"spec": …, "q": …, "expect": [endpoint keys], "source": …}`; a ranking line adds `"keys": [ranked keys]`.
public struct SearchEvaluation: Sendable {
    /// One query of a set, and what it got.
    public struct Row: Sendable {
        /// The document's short name (`oss`, `orkes`, `netflix`).
        public var spec: String
        /// The query.
        public var query: String
        /// The endpoint keys that answer it.
        public var expected: [String]
        /// Where the query's text came from; its first word groups the per-source figures.
        public var source: String
        /// The ranked keys, best first, when the line carried them.
        public var keys: [String]

        /// A row.
        public init(spec: String, query: String, expected: [String], source: String = "", keys: [String] = []) {
            self.spec = spec
            self.query = query
            self.expected = expected
            self.source = source
            self.keys = keys
        }
    }

    /// Recall figures for a group of rows.
    public struct Figures: Sendable, Equatable {
        /// Rows counted.
        public var count = 0
        /// Rows whose first key is expected.
        public var first = 0
        /// Rows with an expected key among the first five.
        public var five = 0
        /// Sum of 1/rank of the first expected key within five.
        public var reciprocal = 0.0

        /// Recall@1.
        public var recallAt1: Double { Double(first) / Double(max(count, 1)) }
        /// Recall@5.
        public var recallAt5: Double { Double(five) / Double(max(count, 1)) }
        /// Mean reciprocal rank within five.
        public var meanReciprocalRank: Double { reciprocal / Double(max(count, 1)) }

        mutating func add(_ row: Row) {
            count += 1
            let top = row.keys.prefix(5)
            if let key = top.first, row.expected.contains(key) { first += 1 }
            if let rank = top.firstIndex(where: row.expected.contains) {
                five += 1
                reciprocal += 1 / Double(rank + 1)
            }
        }
    }

    /// Every row, scored.
    public let rows: [Row]
    /// The figures over all rows.
    public let total: Figures
    /// The figures per source kind (the first word of `source`).
    public let bySource: [String: Figures]

    /// Scores rows that carry their ranked keys.
    public init(_ rows: [Row]) {
        self.rows = rows
        var total = Figures()
        var bySource: [String: Figures] = [:]
        for row in rows {
            total.add(row)
            let kind = row.source.split(separator: " ").first.map(String.init) ?? "unrecorded"
            bySource[kind, default: Figures()].add(row)
        }
        self.total = total
        self.bySource = bySource
    }

    /// Rows whose first key is not expected.
    public var missesAtOne: [Row] { rows.filter { row in row.keys.first.map { !row.expected.contains($0) } ?? true } }

    /// Rows that got no key at all: search must never come back empty.
    public var empty: [Row] { rows.filter(\.keys.isEmpty) }

    /// Reads a set or a ranking file, one JSON object per non-blank line.
    public static func rows(jsonLines text: String) throws(SearchEvaluationError) -> [Row] {
        var rows: [Row] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let value = try? JSONParser.parse(String(line)), let spec = value["spec"]?.stringValue,
                let query = value["q"]?.stringValue,
                let expected = value["expect"]?.arrayValue?.compactMap(\.stringValue),
                !expected.isEmpty
            else {
                throw SearchEvaluationError(line: number + 1)
            }
            rows.append(
                Row(
                    spec: spec, query: query, expected: expected, source: value["source"]?.stringValue ?? "",
                    keys: value["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        return rows
    }
}

/// A line of an evaluation file that is not `{"spec", "q", "expect": [at least one key], …}`.
public struct SearchEvaluationError: Error, Sendable, CustomStringConvertible {
    /// The line's number, from 1.
    public let line: Int

    public var description: String {
        "line \(line) is not {\"spec\": …, \"q\": …, \"expect\": [at least one endpoint key]}"
    }
}

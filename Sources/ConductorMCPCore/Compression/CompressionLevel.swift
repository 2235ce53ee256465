/// How hard one rendering attempt compresses: string and list limits, depth, and which table columns survive.
///
/// The compressor tries these from gentlest to strongest and keeps the first rendering that fits the budget, so a
/// small response comes through whole and a large one loses payload before it loses identity, state or reasons.
struct CompressionLevel: Sendable {
    /// Which columns of a table are shown.
    enum Columns: Int, Sendable, Comparable {
        /// Every column; nested values in cells shown in full.
        case everything
        /// Every column; nested values in cells summarised.
        case all
        /// Columns whose values are scalars, plus key columns.
        case scalars
        /// Identity, classifier, status and explanation columns.
        case keyed
        /// The row key (the shortest unique identity column), classifiers, status and explanations.
        case compact
        /// The row key, status and explanations.
        case minimal

        /// Later cases show fewer columns.
        static func < (lhs: Columns, rhs: Columns) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Longest payload string kept whole; identity strings get at least 120, explanations twice this.
    var stringLimit: Int
    /// Longest string in a table cell (payload columns).
    var cellLimit: Int
    /// Elements of a plain list shown.
    var listItems: Int
    /// Rows of a table shown.
    var tableRows: Int
    /// Objects at this depth or deeper (root = 0) are summarised by their key fields; deeper arrays by their count.
    var depth: Int
    /// Which table columns are shown.
    var columns: Columns
    /// Objects at this depth or deeper keep only key members (nil: no such limit).
    var keyMembersFrom: Int?

    /// No limit worth the name: for the first, full-fidelity attempt.
    static let unbounded = Int.max / 4

    /// The attempts for these options, gentlest first.
    static func ladder(for options: ResponseCompressor.Options) -> [CompressionLevel] {
        let strings = max(options.maxStringLength, 8)
        let items = max(options.maxArrayItems, 1)
        let rows = max(options.maxTableRows, 1)
        let depth = max(options.maxDepth, 1)
        func scaled(_ value: Int, _ percent: Int, floor: Int) -> Int { max(value * percent / 100, floor) }
        let big = unbounded
        return [
            CompressionLevel(
                stringLimit: big, cellLimit: big, listItems: big, tableRows: big, depth: big, columns: .everything),
            CompressionLevel(
                stringLimit: max(strings, options.maxChars / 4), cellLimit: big, listItems: big, tableRows: big,
                depth: depth, columns: .everything),
            CompressionLevel(
                stringLimit: strings, cellLimit: scaled(strings, 30, floor: 16), listItems: items, tableRows: rows,
                depth: depth, columns: .all),
            CompressionLevel(
                stringLimit: scaled(strings, 60, floor: 16), cellLimit: scaled(strings, 20, floor: 16),
                listItems: scaled(items, 50, floor: 1), tableRows: rows, depth: max(min(depth, 4), 2),
                columns: .scalars),
            CompressionLevel(
                stringLimit: scaled(strings, 40, floor: 16), cellLimit: scaled(strings, 15, floor: 12),
                listItems: scaled(items, 25, floor: 1), tableRows: rows, depth: 2, columns: .keyed),
            CompressionLevel(
                stringLimit: scaled(strings, 30, floor: 16), cellLimit: 24, listItems: min(items, 5), tableRows: rows,
                depth: 1, columns: .keyed),
            CompressionLevel(
                stringLimit: scaled(strings, 30, floor: 16), cellLimit: 24, listItems: min(items, 5), tableRows: rows,
                depth: 1, columns: .compact),
            CompressionLevel(
                stringLimit: scaled(strings, 25, floor: 16), cellLimit: 20, listItems: min(items, 3), tableRows: rows,
                depth: 1, columns: .minimal, keyMembersFrom: 1),
            CompressionLevel(
                stringLimit: 40, cellLimit: 16, listItems: min(items, 3), tableRows: scaled(rows, 50, floor: 1),
                depth: 1, columns: .minimal, keyMembersFrom: 1),
            CompressionLevel(
                stringLimit: 40, cellLimit: 16, listItems: min(items, 2), tableRows: scaled(rows, 20, floor: 1),
                depth: 1, columns: .minimal, keyMembersFrom: 1),
            CompressionLevel(
                stringLimit: 24, cellLimit: 12, listItems: 1, tableRows: scaled(rows, 5, floor: 1), depth: 1,
                columns: .minimal, keyMembersFrom: 1),
            // Last: the root keeps only what identifies it and explains its state.
            CompressionLevel(
                stringLimit: 24, cellLimit: 12, listItems: 1, tableRows: scaled(rows, 5, floor: 1), depth: 1,
                columns: .minimal, keyMembersFrom: 0),
        ]
    }
}

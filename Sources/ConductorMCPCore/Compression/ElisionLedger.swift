/// What one rendering left out, aggregated by path (array positions written `[]`) so the notes stay short and each
/// path doubles as a `fields` entry the agent can ask for.
struct ElisionLedger: Sendable {
    /// The kinds of elision, each with its own wording.
    enum Kind: Sendable, Hashable {
        /// Rows of a table beyond the level's limit.
        case tableRows
        /// Elements of a list beyond the level's limit.
        case listItems
        /// Table columns the level does not show.
        case columns
        /// Objects reduced to their identifying fields (at the depth limit, or in a table cell).
        case depthSummary
        /// Objects that kept only their identifying, status and explaining members.
        case keyMembersOnly
    }

    /// One aggregated elision.
    struct Entry: Sendable {
        /// What was left out.
        var kind: Kind
        /// Where, with array positions written `[]`.
        var path: String
        /// How many times it happened at this path.
        var occurrences = 0
        /// Most rows or items shown in one place.
        var shown = 0
        /// Most rows or items there were in one place.
        var total = 0
        /// Hidden member or column names, in the order first met.
        var names: [String] = []
        /// `names` as a set, for de-duplication.
        var nameSet: Set<String> = []
    }

    /// Strings cut, and the characters cut from them.
    private(set) var stringsCut = 0
    private(set) var charactersCut = 0
    private(set) var entries: [Entry] = []
    private var positions: [String: Int] = [:]

    /// Records a string cut by `omitted` characters.
    mutating func stringCut(omitted: Int) {
        stringsCut += 1
        charactersCut += omitted
    }

    /// Records an elision of `kind` at `path`; `names` are the hidden members or columns.
    mutating func record(_ kind: Kind, at path: String, shown: Int = 0, total: Int = 0, names: [String] = []) {
        let id = "\(kind)|\(path)"
        let position: Int
        if let existing = positions[id] {
            position = existing
        } else {
            position = entries.count
            positions[id] = position
            entries.append(Entry(kind: kind, path: path))
        }
        entries[position].occurrences += 1
        entries[position].shown = max(entries[position].shown, shown)
        entries[position].total = max(entries[position].total, total)
        for name in names where entries[position].nameSet.insert(name).inserted {
            entries[position].names.append(name)
        }
    }

    /// Whether anything was left out.
    var isEmpty: Bool { stringsCut == 0 && entries.isEmpty }

    /// One human-readable note per aggregated elision, in the order they were met.
    var notes: [String] {
        var notes: [String] = []
        if stringsCut > 0 {
            notes.append(
                "\(stringsCut) long string\(stringsCut == 1 ? "" : "s") cut (\(charactersCut) chars, marked …(+N chars))"
            )
        }
        for entry in entries {
            let path = ElisionLedger.display(entry.path)
            let places = entry.occurrences == 1 ? "" : " (in \(entry.occurrences) places)"
            switch entry.kind {
            case .tableRows:
                notes.append(
                    entry.occurrences == 1
                        ? "\(path): showing \(entry.shown) of \(entry.total) rows"
                        : "\(path): at most \(entry.shown) rows shown per table, up to \(entry.total) rows\(places)")
            case .listItems:
                notes.append(
                    entry.occurrences == 1
                        ? "\(path): showing \(entry.shown) of \(entry.total) items"
                        : "\(path): at most \(entry.shown) items shown per list, up to \(entry.total) items\(places)")
            case .columns:
                notes.append("\(path): columns not shown: \(ElisionLedger.listed(entry.names))")
            case .depthSummary:
                let hidden = entry.names.isEmpty ? "" : "; hidden: " + ElisionLedger.listed(entry.names)
                notes.append("\(path): summarised\(places)\(hidden)")
            case .keyMembersOnly:
                notes.append(
                    "\(path): only identifying/status/explaining fields shown\(places); hidden: "
                        + ElisionLedger.listed(entry.names))
            }
        }
        return notes
    }

    /// Paths worth projecting to see what was hidden, most useful first.
    var suggestedFields: [String] {
        var suggestions: [String] = []
        for entry in entries {
            switch entry.kind {
            case .columns, .keyMembersOnly:
                for name in entry.names.prefix(2) {
                    suggestions.append(entry.path.isEmpty ? name : "\(entry.path).\(name)")
                }
            case .depthSummary:
                if !entry.path.isEmpty { suggestions.append(entry.path) }
            case .tableRows, .listItems:
                break
            }
            if suggestions.count >= 2 { break }
        }
        return Array(suggestions.prefix(2))
    }

    /// The rows or items shown of the list at `path`, when it was shortened there and nowhere else.
    func shown(at path: String) -> Int? {
        entries.first {
            ($0.kind == .tableRows || $0.kind == .listItems) && $0.path == path && $0.occurrences == 1
        }?.shown
    }

    /// A path for humans: the root is "(root)".
    static func display(_ path: String) -> String { path.isEmpty ? "(root)" : path }

    /// Up to 12 names, then a count of the rest.
    static func listed(_ names: [String]) -> String {
        let shown = names.prefix(12).joined(separator: ", ")
        return names.count > 12 ? "\(shown), … (+\(names.count - 12) more)" : shown
    }
}

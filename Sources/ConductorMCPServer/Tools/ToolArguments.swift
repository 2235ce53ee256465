import ConductorMCPCore

/// Reads a tool's arguments strictly: unknown names, wrong types and out-of-range values become one error message
/// that lists every problem and says what the tool accepts.
struct ToolArguments {
    /// One problem with one argument.
    struct Problem: Error {
        let message: String
    }

    private let tool: String
    private let values: JSONObject
    private let accepted: [String]
    private(set) var problems: [String] = []

    /// Longest string argument accepted unless a tool says otherwise: endpoint names, queries, tags and field paths
    /// are short, and each extra character costs in matching and in the answer that repeats it.
    static let maxStringLength = 1000
    /// Most elements of a list argument (`expand`, `fields`).
    static let maxListCount = 50
    /// Most unknown argument names listed in one answer.
    static let maxUnknownListed = 10

    /// Reads `values` for `tool`, which accepts the names in `accepted`.
    init(tool: String, values: JSONObject, accepted: [String]) {
        self.tool = tool
        self.values = values
        self.accepted = accepted
        let unknown = values.keys.filter { !accepted.contains($0) }
        for name in unknown.prefix(Self.maxUnknownListed) {
            let nearest = accepted.min { EditDistance.between($0, name) < EditDistance.between($1, name) }
            let hint = nearest.map { EditDistance.between($0, name) <= 3 ? " (did you mean \"\($0)\"?)" : "" } ?? ""
            problems.append("unknown argument \"\(TextBounds.shortened(name, limit: 60))\"\(hint)")
        }
        if unknown.count > Self.maxUnknownListed {
            problems.append("\(unknown.count - Self.maxUnknownListed) more unknown arguments")
        }
    }

    /// A string argument of at most `maxLength` characters; `required` makes absence a problem.
    mutating func string(_ name: String, required: Bool = false, maxLength: Int = maxStringLength) -> String? {
        switch values[name] {
        case nil, .null?:
            if required { problems.append("missing required argument \"\(name)\" (a string)") }
            return nil
        case .string(let value)?:
            guard value.utf8.count <= maxLength || TextBounds.length(value) <= maxLength else {
                problems.append(
                    "\"\(name)\" is \(TextBounds.length(value)) characters long; at most \(maxLength) are accepted")
                return nil
            }
            return value
        case let other?:
            problems.append("\"\(name)\" must be a string, got \(other.typeName)")
            return nil
        }
    }

    /// An integer argument within `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        switch values[name] {
        case nil, .null?:
            return nil
        case let value? where value.intValue != nil:
            let number = value.intValue!
            guard range.contains(number) else {
                problems.append(
                    "\"\(name)\" must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
                return nil
            }
            return number
        case let other?:
            problems.append("\"\(name)\" must be an integer, got \(other.typeName)")
            return nil
        }
    }

    /// A boolean argument.
    mutating func bool(_ name: String) -> Bool? {
        switch values[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?:
            problems.append("\"\(name)\" must be true or false, got \(other.typeName)")
            return nil
        }
    }

    /// A list of strings; a single string is taken as a list of one.
    mutating func strings(_ name: String) -> [String]? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let value)?:
            guard TextBounds.length(value) <= Self.maxStringLength else {
                problems.append(
                    "\"\(name)\" is \(TextBounds.length(value)) characters long; at most \(Self.maxStringLength) "
                        + "are accepted")
                return nil
            }
            return [value]
        case .array(let elements)?:
            let strings = elements.compactMap(\.stringValue)
            guard strings.count == elements.count else {
                problems.append("\"\(name)\" must be a list of strings")
                return nil
            }
            guard strings.count <= Self.maxListCount else {
                problems.append("\"\(name)\" has \(strings.count) elements; at most \(Self.maxListCount) are accepted")
                return nil
            }
            if let long = strings.first(where: { TextBounds.length($0) > Self.maxStringLength }) {
                problems.append(
                    "\"\(name)\" holds a string of \(TextBounds.length(long)) characters; at most "
                        + "\(Self.maxStringLength) are accepted")
                return nil
            }
            return strings
        case let other?:
            problems.append("\"\(name)\" must be a list of strings, got \(other.typeName)")
            return nil
        }
    }

    /// Records a problem the tool found itself.
    mutating func problem(_ message: String) { problems.append(message) }

    /// An object argument.
    mutating func object(_ name: String) -> JSONObject? {
        switch values[name] {
        case nil, .null?: return nil
        case .object(let object)?: return object
        case let other?:
            problems.append("\"\(name)\" must be an object, got \(other.typeName)")
            return nil
        }
    }

    /// Any JSON value, as given.
    func value(_ name: String) -> JSONValue? { values[name] }

    /// nil when every argument was fine; else an error result listing every problem.
    func failure(usage: String) -> ToolResult? {
        guard !problems.isEmpty else { return nil }
        let list = problems.map { "- \($0)" }.joined(separator: "\n")
        return .failure("Invalid arguments for \(tool):\n\(list)\nUsage: \(usage)")
    }
}

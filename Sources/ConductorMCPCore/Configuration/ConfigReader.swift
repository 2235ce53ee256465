/// Reads one JSON or YAML tree strictly, keeping the key path of every value so that each problem names where it is:
/// unknown keys (with the nearest known one), wrong types, values out of range. Problems are collected, not thrown,
/// so that one run reports them all.
struct ConfigReader {
    /// Every problem found so far, as `key.path: what`.
    private(set) var problems: [String] = []

    /// The members of the object at `path`, after checking that every key is one of `known`; nil (and a problem)
    /// when the value is not an object.
    mutating func object(_ value: JSONValue, at path: String, known: [String]) -> JSONObject? {
        guard case .object(let object) = value else {
            problems.append("\(label(path)) must be an object, got \(value.typeName)")
            return nil
        }
        for key in object.keys where !known.contains(key) {
            let nearest = known.min {
                EditDistance.between($0.lowercased(), key.lowercased())
                    < EditDistance.between($1.lowercased(), key.lowercased())
            }
            let hint =
                nearest.map {
                    EditDistance.between($0.lowercased(), key.lowercased()) <= 3 ? " (did you mean \"\($0)\"?)" : ""
                } ?? ""
            problems.append(
                "\(join(path, key)): unknown key\(hint); the keys here are \(known.joined(separator: ", "))")
        }
        return object
    }

    /// A string.
    mutating func string(_ value: JSONValue?, at path: String) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value else {
            problems.append("\(path) must be a string, got \(value.typeName)")
            return nil
        }
        return text
    }

    /// A boolean.
    mutating func bool(_ value: JSONValue?, at path: String) -> Bool? {
        guard let value, value != .null else { return nil }
        guard case .bool(let flag) = value else {
            problems.append("\(path) must be true or false, got \(value.typeName)")
            return nil
        }
        return flag
    }

    /// An integer within `range`.
    mutating func integer(_ value: JSONValue?, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard let value, value != .null else { return nil }
        guard let number = value.intValue else {
            problems.append("\(path) must be an integer, got \(value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            problems.append("\(path) must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    /// A number within `range`.
    mutating func number(_ value: JSONValue?, at path: String, in range: ClosedRange<Double>) -> Double? {
        guard let value, value != .null else { return nil }
        guard let number = value.doubleValue else {
            problems.append("\(path) must be a number, got \(value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            problems.append("\(path) must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    /// A list of strings; one string is taken as a list of one.
    mutating func strings(_ value: JSONValue?, at path: String) -> [String]? {
        guard let value, value != .null else { return nil }
        switch value {
        case .string(let text): return [text]
        case .array(let elements):
            var strings: [String] = []
            for (offset, element) in elements.enumerated() {
                if let text = string(element, at: "\(path)[\(offset)]") { strings.append(text) }
            }
            return strings
        default:
            problems.append("\(path) must be a string or a list of strings, got \(value.typeName)")
            return nil
        }
    }

    /// One of `choices`.
    mutating func choice(_ value: JSONValue?, at path: String, in choices: [String]) -> String? {
        guard let text = string(value, at: path) else { return nil }
        guard choices.contains(text) else {
            problems.append("\(path) must be one of \(choices.joined(separator: ", ")), got \"\(text)\"")
            return nil
        }
        return text
    }

    /// Records a problem at `path`.
    mutating func problem(_ path: String, _ message: String) { problems.append("\(path) \(message)") }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    private func label(_ path: String) -> String { path.isEmpty ? "the top level" : path }
}

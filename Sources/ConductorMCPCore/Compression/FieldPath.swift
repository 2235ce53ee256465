/// One parsed `fields` entry such as `tasks[].referenceTaskName`: member names, `[]` for every element of an array,
/// `[N]` for one element.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Sendable, Hashable {
        /// The member with this name.
        case key(String)
        /// Every element of an array.
        case each
        /// The element at this zero-based position.
        case index(Int)
    }

    /// The steps, from the root.
    public var steps: [Step]
    /// The path as the caller wrote it.
    public var description: String

    /// Parses `text`; dots separate member names, brackets follow a name (or start the path for a root array).
    public init(parsing text: String) throws(FieldProjectionError) {
        description = text
        steps = []
        if text.trimmingWhitespace().isEmpty { throw .emptyPath }
        let characters = Array(text)
        var position = 0
        var expectingName = true
        while position < characters.count {
            let character = characters[position]
            switch character {
            case ".":
                if expectingName {
                    throw .invalid(path: text, offset: position, reason: "empty member name before '.'")
                }
                expectingName = true
                position += 1
            case "[":
                if expectingName && !steps.isEmpty {
                    throw .invalid(path: text, offset: position, reason: "'[' must follow a member name, as in tasks[]")
                }
                guard let close = characters[position...].firstIndex(of: "]") else {
                    throw .invalid(path: text, offset: position, reason: "unclosed '['")
                }
                let inside = String(characters[(position + 1)..<close]).trimmingWhitespace()
                if inside.isEmpty {
                    steps.append(.each)
                } else if let index = Int(inside), index >= 0 {
                    steps.append(.index(index))
                } else {
                    throw .invalid(
                        path: text, offset: position, reason: "brackets hold nothing ([] = every element) or an index")
                }
                expectingName = false
                position = close + 1
            case "]":
                throw .invalid(path: text, offset: position, reason: "']' without '['")
            default:
                if !expectingName {
                    throw .invalid(path: text, offset: position, reason: "expected '.' or '[' after ']'")
                }
                var end = position
                while end < characters.count, characters[end] != ".", characters[end] != "[", characters[end] != "]" {
                    end += 1
                }
                steps.append(.key(String(characters[position..<end])))
                expectingName = false
                position = end
            }
        }
        if expectingName { throw .invalid(path: text, offset: characters.count, reason: "path ends with '.'") }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

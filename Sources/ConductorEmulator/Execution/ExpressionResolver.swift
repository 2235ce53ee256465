import ConductorMCPCore

/// Resolves Conductor's `${...}` references in task inputs and workflow outputs.
///
/// A string that is exactly one reference takes the referenced value with its JSON type
/// (`${workflow.input.order}` can be an object); a reference inside other text is spliced in as
/// text. Unresolvable references become null, as in Conductor's `ParametersUtils`. `$${` escapes.
struct ExpressionResolver: Sendable {
    /// The document references are looked up in: `workflow` plus one member per task reference name.
    let context: JSONValue

    /// Deepest nesting a resolved value may reach: the limit of the JSON parser that reads it back. Splicing values
    /// into each other task after task could otherwise build a value thousands of levels deep, which no client can
    /// read and whose encoding would overflow the stack.
    static let maxDepth = 512

    /// Resolves every string of `template` at every depth.
    func resolve(_ template: JSONValue) -> JSONValue { resolve(template, depth: 0) }

    private func resolve(_ template: JSONValue, depth: Int) -> JSONValue {
        switch template {
        case .string(let text): return resolve(text: text, depth: depth)
        case .array(let elements): return .array(elements.map { resolve($0, depth: depth + 1) })
        case .object(let members): return .object(members.mapValues { resolve($0, depth: depth + 1) })
        default: return template
        }
    }

    private func resolve(text: String, depth: Int) -> JSONValue {
        let segments = Self.segments(of: text)
        if segments.count == 1, case .reference(let path) = segments[0] {
            let value = lookup(path)
            guard !value.nests(deeperThan: Self.maxDepth - depth) else {
                return .string("\(text) not resolved: the value would nest deeper than \(Self.maxDepth) levels")
            }
            return value
        }
        if !segments.contains(where: { if case .reference = $0 { return true } else { return false } }) {
            return .string(
                segments.map { segment -> String in
                    if case .literal(let value) = segment { return value }
                    return ""
                }.joined())
        }
        var result = ""
        for segment in segments {
            switch segment {
            case .literal(let value): result += value
            case .reference(let path):
                let value = lookup(path)
                switch value {
                case .null: result += "null"
                case .string(let string): result += string
                default: result += value.jsonText
                }
            }
        }
        return .string(result)
    }

    /// Looks a dotted path (`workflow.input.items[0].id`) up in the context.
    func lookup(_ path: String) -> JSONValue {
        var current = context
        for component in Self.pathComponents(path) {
            switch component {
            case .key(let key):
                guard let next = current[key] else { return .null }
                current = next
            case .index(let index):
                guard let elements = current.arrayValue, index >= 0, index < elements.count else { return .null }
                current = elements[index]
            }
        }
        return current
    }

    private enum Segment {
        case literal(String)
        case reference(String)
    }

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// Splits text into literal runs and `${...}` references.
    private static func segments(of text: String) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("$${") {
                literal += "${"
                index = text.index(index, offsetBy: 3)
            } else if text[index...].hasPrefix("${"), let close = text[index...].firstIndex(of: "}") {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                let start = text.index(index, offsetBy: 2)
                segments.append(.reference(String(text[start..<close]).trimmingWhitespace()))
                index = text.index(after: close)
            } else {
                literal.append(text[index])
                index = text.index(after: index)
            }
        }
        if !literal.isEmpty || segments.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    /// Splits `a.b[2]['c.d']` into keys and indexes.
    private static func pathComponents(_ path: String) -> [PathComponent] {
        var components: [PathComponent] = []
        var current = ""
        var index = path.startIndex
        func flush() {
            if !current.isEmpty { components.append(.key(current)) }
            current = ""
        }
        while index < path.endIndex {
            let character = path[index]
            if character == "." {
                flush()
                index = path.index(after: index)
            } else if character == "[", let close = path[index...].firstIndex(of: "]") {
                flush()
                let inner = String(path[path.index(after: index)..<close])
                if let number = Int(inner) {
                    components.append(.index(number))
                } else {
                    components.append(.key(inner.trimmingQuotes()))
                }
                index = path.index(after: close)
            } else {
                current.append(character)
                index = path.index(after: index)
            }
        }
        flush()
        return components
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var result = Substring(self)
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return String(result)
    }

    fileprivate func trimmingQuotes() -> String {
        let set: Set<Character> = ["'", "\""]
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}

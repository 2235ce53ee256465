/// Keeps only the parts of a JSON value that a list of `fields` paths names, and says which paths matched nothing.
///
/// Document order is kept (not the order of the paths), so projected output reads like the original. A path that
/// matches nothing is reported with the keys that do exist where it stopped, so the agent can correct it in one step.
struct FieldProjection: Sendable {
    /// The parsed paths, in the order given.
    let paths: [FieldPath]

    /// The projected value (nil when nothing matched) and one note per path that matched nothing.
    func apply(to value: JSONValue) -> (value: JSONValue?, unmatched: [String]) {
        var trie = Trie()
        var unmatched: [String] = []
        for path in paths {
            if let problem = FieldProjection.probe(path, in: value) {
                unmatched.append("fields: \"\(path.description)\" matched nothing: \(problem)")
            } else {
                trie.insert(path.steps[...])
            }
        }
        if unmatched.count == paths.count { return (nil, unmatched) }
        return (FieldProjection.project(value, trie), unmatched)
    }

    /// A prefix tree of the matched paths; a terminal node keeps the whole value below it.
    private struct Trie {
        var terminal = false
        var order: [FieldPath.Step] = []
        var children: [FieldPath.Step: Trie] = [:]

        mutating func insert(_ steps: ArraySlice<FieldPath.Step>) {
            guard let first = steps.first else {
                terminal = true
                return
            }
            if children[first] == nil {
                order.append(first)
                children[first] = Trie()
            }
            children[first]!.insert(steps.dropFirst())
        }
    }

    private static func project(_ value: JSONValue, _ trie: Trie) -> JSONValue? {
        if trie.terminal { return value }
        switch value {
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object {
                if let child = trie.children[.key(key)], let projected = project(member, child) {
                    result.appendUnchecked(key, projected)
                }
            }
            if result.isEmpty { return nil }
            return .object(result)
        case .array(let elements):
            var result: [JSONValue] = []
            for (offset, element) in elements.enumerated() {
                if let each = trie.children[.each], let projected = project(element, each) {
                    result.append(projected)
                } else if let one = trie.children[.index(offset)], let projected = project(element, one) {
                    result.append(projected)
                }
            }
            if result.isEmpty { return nil }
            return .array(result)
        default:
            return nil
        }
    }

    /// Why `path` matches nothing in `value`, or nil when it matches at least one value.
    static func probe(_ path: FieldPath, in value: JSONValue) -> String? {
        var frontier = [value]
        var prefix = ""
        for step in path.steps {
            var next: [JSONValue] = []
            var keysSeen: [String] = []
            var keySet = Set<String>()
            var kinds: [String] = []
            for candidate in frontier {
                if !kinds.contains(candidate.typeName) { kinds.append(candidate.typeName) }
                switch (step, candidate) {
                case (.key(let key), .object(let object)):
                    if let member = object[key] {
                        next.append(member)
                    } else {
                        for name in object.keys where keySet.insert(name).inserted { keysSeen.append(name) }
                    }
                case (.each, .array(let elements)):
                    next.append(contentsOf: elements)
                case (.index(let index), .array(let elements)) where index < elements.count:
                    next.append(elements[index])
                default:
                    break
                }
            }
            let here = prefix.isEmpty ? "the root" : "\"\(prefix)\""
            if next.isEmpty {
                switch step {
                case .key(let key):
                    if !keysSeen.isEmpty {
                        return "no key \"\(key)\" at \(here); keys there: \(listed(keysSeen))"
                    }
                    if kinds == ["array"] {
                        return "\(here) is an array; write \"\(prefix)[].\(key)\" to reach into its elements"
                    }
                    return "\(here) is \(kinds.joined(separator: "/")), not an object with keys"
                case .each:
                    if kinds == ["array"] { return "every array at \(here) is empty" }
                    if !keysSeen.isEmpty || kinds.contains("object") {
                        return "\(here) is an object, not an array; drop the []"
                    }
                    return "\(here) is \(kinds.joined(separator: "/")), not an array"
                case .index(let index):
                    return kinds == ["array"]
                        ? "no array at \(here) has an element \(index)"
                        : "\(here) is \(kinds.joined(separator: "/")), not an array"
                }
            }
            frontier = next
            switch step {
            case .key(let key): prefix += prefix.isEmpty ? key : ".\(key)"
            case .each: prefix += "[]"
            case .index(let index): prefix += "[\(index)]"
            }
        }
        return nil
    }

    /// Up to 40 names, then a count of the rest.
    private static func listed(_ names: [String]) -> String {
        let shown = names.prefix(40).joined(separator: ", ")
        return names.count > 40 ? "\(shown), … (+\(names.count - 40) more)" : shown
    }
}

/// Removes nulls and empty values (`""`, `[]`, `{}`) everywhere in a JSON value, and counts what it removed.
///
/// Containers that become empty once their empty members are gone are removed too. A root that is itself empty is
/// kept, so there is always something to show.
struct EmptyValuePruner {
    /// How many members and elements were removed.
    private(set) var removed = 0

    /// `value` without nulls and empty values below the root; a root left empty stays an empty container.
    mutating func prune(_ value: JSONValue) -> JSONValue {
        if let pruned = pruneChild(value) { return pruned }
        switch value {
        case .object: return .object(JSONObject())
        case .array: return .array([])
        default: return value
        }
    }

    /// The pruned value, or nil when it is null or empty after pruning.
    private mutating func pruneChild(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .null:
            return nil
        case .string(let text):
            // Not a ternary: `nil` there would be the `JSONValue.null` literal, not an absent value.
            if text.isEmpty { return nil }
            return value
        case .array(let elements):
            var kept: [JSONValue] = []
            kept.reserveCapacity(elements.count)
            for element in elements {
                if let pruned = pruneChild(element) { kept.append(pruned) } else { removed += 1 }
            }
            if kept.isEmpty { return nil }
            return .array(kept)
        case .object(let object):
            var kept = JSONObject()
            for (key, member) in object {
                if let pruned = pruneChild(member) { kept.appendUnchecked(key, pruned) } else { removed += 1 }
            }
            if kept.isEmpty { return nil }
            return .object(kept)
        default:
            return value
        }
    }
}

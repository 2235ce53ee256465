extension JSONValue {
    /// Whether containers nest more than `limit` levels deep (a scalar is 0, `[]` is 1).
    ///
    /// Walks with an explicit stack, not recursion, and stops at the first path past `limit`: a value built in
    /// memory (by splicing values into each other) can be far deeper than the parser would ever accept, and a
    /// recursive walk of it would overflow the stack.
    public func nests(deeperThan limit: Int) -> Bool {
        var pending: [(value: JSONValue, depth: Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let elements):
                if depth + 1 > limit { return true }
                for element in elements where element.isContainer { pending.append((element, depth + 1)) }
            case .object(let object):
                if depth + 1 > limit { return true }
                for (_, member) in object where member.isContainer { pending.append((member, depth + 1)) }
            default:
                continue
            }
        }
        return false
    }
}

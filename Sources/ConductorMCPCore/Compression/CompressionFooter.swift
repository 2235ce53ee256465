/// The lines under a compressed answer: what was left out, and how to get it.
struct CompressionFooter: Sendable {
    /// The first line, after the `---` rule.
    var title: String
    /// One note per elision.
    var notes: [String]
    /// How to see more, or nil.
    var hint: String?

    /// The footer in at most `limit` characters: notes that do not fit are counted, not shown.
    func text(limit: Int) -> String {
        let head = "--- " + title
        let tail = hint.map { "more: " + $0 } ?? ""
        var lines = [head]
        var used = head.count + (tail.isEmpty ? 0 : tail.count + 1)
        for (offset, note) in notes.enumerated() {
            let line = "- " + note
            let remaining = notes.count - offset - 1
            let reserve = remaining > 0 ? 40 : 0
            if used + line.count + 1 + reserve > limit {
                lines.append("- … +\(notes.count - offset) more (see elided)")
                break
            }
            lines.append(line)
            used += line.count + 1
        }
        if !tail.isEmpty { lines.append(tail) }
        let text = lines.joined(separator: "\n")
        return text.count <= limit ? text : String(text.prefix(max(limit, 0)))
    }
}

extension ResponseCompressor {
    /// A text body, whitespace at the ends trimmed and line endings normalised, cut at the end when over budget.
    func compressText(_ body: String, originalChars: Int? = nil, notes: [String], options: Options) -> Output {
        var notes = notes
        if options.fields != nil { notes.append("fields ignored: the body is not JSON") }
        let original = originalChars ?? body.count
        let (printable, replaced) = SpecText.printableLines(body)
        if replaced > 0 { notes.append("\(replaced) control or bidirectional characters shown as U+FFFD") }
        var text = printable.trimmingWhitespace()
        if text.isEmpty { text = "(empty body: \(original) whitespace characters)" }
        let budget = options.maxChars
        let plain = footer(notes: notes, limit: budget / 2)
        if TextBounds.length(text) + (plain.isEmpty ? 0 : plain.count + 1) <= budget {
            return Output(text: join(text, plain), json: nil, elided: notes, originalChars: original)
        }
        let total = TextBounds.length(text)
        // The marker's digits and the footer's numbers depend on the cut; one estimate with room to spare is enough.
        var cutNotes = notes
        cutNotes.append(
            "text cut to fit \(options.names.maxChars)=\(budget) (\(total) chars in all); raise \(options.names.maxChars) to "
                + "read more")
        let cutFooter = footer(notes: cutNotes, limit: budget / 2)
        let marker = "…(+\(total) chars)"
        let keep = max(budget - cutFooter.count - 1 - marker.count, 0)
        let shown = TextBounds.prefix(text, keep)
        let result = join(shown + "…(+\(total - TextBounds.length(shown)) chars)", cutFooter)
        return Output(
            text: TextBounds.prefix(result, budget), json: nil, elided: cutNotes, originalChars: original)
    }

    /// A short fixed text (empty or binary body) with its notes.
    func finishText(_ text: String, notes: [String], originalChars: Int, options: Options) -> Output {
        let plain = footer(notes: notes, limit: options.maxChars / 2)
        return Output(
            text: String(join(text, plain).prefix(options.maxChars)), json: nil, elided: notes,
            originalChars: originalChars)
    }

    /// The footer for plain notes, or "" when there are none.
    private func footer(notes: [String], limit: Int) -> String {
        notes.isEmpty ? "" : CompressionFooter(title: "notes:", notes: notes, hint: nil).text(limit: limit)
    }

    /// Text and footer on separate lines.
    func join(_ text: String, _ footer: String) -> String {
        footer.isEmpty ? text : text + "\n" + footer
    }
}

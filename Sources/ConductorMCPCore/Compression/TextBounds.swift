/// Lengths and cuts in Unicode scalars.
///
/// A Swift `Character` is a grapheme cluster and can hold any number of combining marks: "a" followed by a million
/// U+0301 is one Character and 2 MB of UTF-8. Every bound on text that comes from outside (tool arguments, upstream
/// answers, spec strings) is therefore counted in scalars, never in Characters.
public enum TextBounds {
    /// The length of `text` in Unicode scalars.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// The first `limit` scalars of `text` (all of it when shorter).
    public static func prefix(_ text: String, _ limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(max(limit, 0)) { scalars.append(scalar) }
        return String(scalars)
    }

    /// `text` as one printable line cut to `limit` scalars with a trailing "…" when it is longer, for messages that
    /// repeat what came in (a tool's argument, a name, a document's or a server's text): hidden scalars (controls,
    /// bidirectional marks, zero widths; see `SpecText.isHidden`) become U+FFFD and line breaks spaces, so what is
    /// repeated cannot forge a line or send a terminal escape.
    public static func shortened(_ text: String, limit: Int = 80) -> String {
        let line = SpecText.oneLine(text)
        guard line.utf8.count > limit, length(line) > limit else { return line }
        return prefix(line, limit - 1) + "…"
    }
}

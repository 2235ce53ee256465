/// Text of a document from a server we may not control, made safe to print: control characters (other than tab and
/// line breaks in values) and bidirectional overrides become U+FFFD before anything reads the document, so a title,
/// tag, operationId or parameter name cannot forge a log line, move a terminal's cursor (ESC sequences) or reorder
/// what a reader sees, in the stderr log, the command line's output or an MCP answer.
enum SpecText {
    /// `value` with every hidden scalar in its strings and member names replaced, and how many strings changed; nil
    /// when nothing changed (most documents: one scan of each string's bytes, no copy). Line breaks and tabs are
    /// kept only in a `description`'s text; everywhere else (a summary, a parameter name, a type, a `$ref`, an
    /// example) they become spaces too, since those are printed on one line.
    static func sanitized(_ value: JSONValue, multiline: Bool = false) -> (JSONValue, Int)? {
        switch value {
        case .string(let text):
            guard needsCleaning(text, keepLineBreaks: multiline) else { return nil }
            return (.string(cleaned(text, keepLineBreaks: multiline)), 1)
        case .array(let elements):
            var changed = 0
            var copy: [JSONValue]?
            for (position, element) in elements.enumerated() {
                guard let (clean, count) = sanitized(element, multiline: multiline) else { continue }
                if copy == nil { copy = elements }
                copy?[position] = clean
                changed += count
            }
            return copy.map { (.array($0), changed) }
        case .object(let object):
            var changed = 0
            var members: [(String, JSONValue)]?
            for (position, member) in object.members.enumerated() {
                let keyIsDirty = needsCleaning(member.key, keepLineBreaks: false)
                // Only a string that is a description's value keeps its line breaks: a key is a keyword or a name
                // (a schema may be called "description"), and only the keyword's text is prose.
                let isProse: Bool
                if member.key == "description", case .string = member.value { isProse = true } else { isProse = false }
                let inner = sanitized(member.value, multiline: isProse)
                guard keyIsDirty || inner != nil else { continue }
                if members == nil { members = object.members.map { ($0.key, $0.value) } }
                members?[position] = (
                    keyIsDirty ? cleaned(member.key, keepLineBreaks: false) : member.key, inner?.0 ?? member.value
                )
                changed += (keyIsDirty ? 1 : 0) + (inner?.1 ?? 0)
            }
            return members.map { (.object(JSONObject($0)), changed) }
        default:
            return nil
        }
    }

    /// Longest piece of a document or an upstream answer a message quotes.
    static let quotedLimit = 300

    /// `text` as one printable line for a message: hidden scalars as U+FFFD, line breaks as spaces, at most
    /// `limit` characters. What a document or a server wrote cannot forge a log line or send terminal escapes.
    static func quoted(_ text: String, limit: Int = quotedLimit) -> String {
        TextBounds.shortened(text, limit: limit)
    }

    /// `text` with hidden scalars as U+FFFD and line breaks as spaces (itself when it has none: one scan).
    static func oneLine(_ text: String) -> String {
        needsCleaning(text, keepLineBreaks: false) ? cleaned(text, keepLineBreaks: false) : text
    }

    /// `text` with its lines kept (a lone CR as a line break) and every other hidden scalar as U+FFFD, and how many
    /// were replaced: a server's text answer cannot send terminal escapes or reorder what a reader sees.
    static func printableLines(_ text: String) -> (text: String, replaced: Int) {
        guard needsCleaning(text, keepLineBreaks: true) || text.utf8.contains(0x0D) else { return (text, 0) }
        var replaced = 0
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            // CR LF is one line break; a lone CR is one too.
            if scalar == "\n", previousCR { continue }
            if scalar == "\r" {
                scalars.append("\n")
            } else if isHidden(scalar, keepLineBreaks: true) {
                replaced += 1
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
        }
        return (String(scalars), replaced)
    }

    private static func needsCleaning(_ text: String, keepLineBreaks: Bool) -> Bool {
        // Byte scan: every hidden scalar is a control byte, DEL, or starts with 0xC2 (C1), 0xD8 (U+061C), 0xE2 (the
        // bidirectional marks, line separators, zero widths), 0xEF (U+FEFF) or 0xF3 (tag characters); only then are
        // the scalars looked at.
        for byte in text.utf8 {
            if byte < 0x20 {
                if keepLineBreaks, byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
                return true
            }
            if byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 || byte == 0xEF || byte == 0xF3 {
                return text.unicodeScalars.contains { isHidden($0, keepLineBreaks: keepLineBreaks) }
            }
        }
        return false
    }

    /// Hidden scalars as U+FFFD; a line break or tab where none may be, as a space.
    private static func cleaned(_ text: String, keepLineBreaks: Bool) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar -> Unicode.Scalar in
                    guard isHidden(scalar, keepLineBreaks: keepLineBreaks) else { return scalar }
                    return scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : "\u{FFFD}"
                }))
    }

    /// Control characters (C0, DEL, C1 with NEL; tab and line breaks unless `keepLineBreaks`), the bidirectional
    /// embedding, override and isolate marks, the Unicode line and paragraph separators, zero-width spaces and
    /// joiners that hide text (not U+200D, which joins emoji), the byte order mark and the tag characters (which
    /// smuggle invisible ASCII): what could fake lines, reorder or hide what a reader sees.
    static func isHidden(_ scalar: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return !keepLineBreaks
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E,
            0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0xE0000...0xE007F:
            return true
        default: return false
        }
    }
}

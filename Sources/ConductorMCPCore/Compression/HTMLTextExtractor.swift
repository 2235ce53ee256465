/// Turns an HTML page (typically a proxy's or servlet container's error page) into its title and readable text.
///
/// Not an HTML parser: it drops comments, `script`, `style` and `head` content and every tag, breaks lines at block
/// tags, decodes common entities and collapses whitespace. Error pages need nothing more.
struct HTMLTextExtractor: Sendable {
    /// The page's `<title>`, if any, and the remaining text as trimmed, non-empty lines.
    static func extract(_ html: String) -> (title: String?, lines: [String]) {
        let bytes = Array(html.utf8)
        let lower = bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var title: String?
        var index = 0
        // Source line breaks are just spaces in HTML, except inside <pre>; block tags make the lines.
        var preformatted = false

        // The first occurrence of each needle at or after a position, remembered: the scan moves forward, so a
        // search never re-reads what an earlier one covered. Without it, a page of unclosed `<script` or `<a` tags
        // costs its length squared.
        var found: [String: (from: Int, at: Int?)] = [:]
        func find(_ needle: String, from start: Int) -> Int? {
            if let known = found[needle], known.from <= start, known.at.map({ start <= $0 }) ?? true {
                return known.at
            }
            let pattern = Array(needle.utf8)
            var position = start
            var result: Int?
            while position + pattern.count <= lower.count {
                if lower[position] == pattern[0], lower[position..<(position + pattern.count)].elementsEqual(pattern) {
                    result = position
                    break
                }
                position += 1
            }
            found[needle] = (start, result)
            return result
        }

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                let byte = bytes[index]
                let isBreak = byte == 0x0A || byte == 0x0D || byte == 0x09
                output.append(isBreak && !preformatted ? 0x20 : byte)
                index += 1
                continue
            }
            if lower[index...].starts(with: Array("<!--".utf8)) {
                index = (find("-->", from: index + 4).map { $0 + 3 }) ?? bytes.count
                continue
            }
            var nameEnd = index + 1
            if nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "/") { nameEnd += 1 }
            let nameStart = nameEnd
            while nameEnd < bytes.count,
                (0x61...0x7A).contains(lower[nameEnd]) || (0x30...0x39).contains(lower[nameEnd])
            {
                nameEnd += 1
            }
            let name = String(decoding: lower[nameStart..<nameEnd], as: UTF8.self)
            let isClosing = nameStart > index + 1
            guard !name.isEmpty || bytes[min(index + 1, bytes.count - 1)] == UInt8(ascii: "!") else {
                // A lone '<' in text.
                output.append(bytes[index])
                index += 1
                continue
            }
            let tagEnd = (find(">", from: nameEnd).map { $0 + 1 }) ?? bytes.count
            if !isClosing, ["script", "style", "title", "head"].contains(name) {
                let close = find("</\(name)", from: tagEnd) ?? bytes.count
                if name == "title" {
                    let text = collapse(decodeEntities(String(decoding: bytes[tagEnd..<close], as: UTF8.self)))
                    if title == nil, !text.isEmpty { title = text }
                } else if name == "head" {
                    // Keep looking for a title inside the head.
                    if let open = find("<title", from: tagEnd), open < close,
                        let start = find(">", from: open).map({ $0 + 1 }), let end = find("</title", from: start)
                    {
                        let text = collapse(decodeEntities(String(decoding: bytes[start..<end], as: UTF8.self)))
                        if title == nil, !text.isEmpty { title = text }
                    }
                }
                index = (find(">", from: close).map { $0 + 1 }) ?? bytes.count
                output.append(0x0A)
                continue
            }
            if name == "pre" { preformatted = !isClosing }
            output.append(blockTags.contains(name) ? 0x0A : 0x20)
            index = tagEnd
        }
        let text = decodeEntities(String(decoding: output, as: UTF8.self))
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let collapsed = collapse(String(line))
            if !collapsed.isEmpty, collapsed != title || !lines.isEmpty { lines.append(collapsed) }
        }
        return (title, lines)
    }

    /// Tags after which the text breaks to a new line.
    private static let blockTags: Set<String> = [
        "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
        "pre", "section", "article", "header", "footer", "main", "nav", "body", "html", "form", "blockquote", "address",
    ]

    /// Runs of whitespace as one space, ends trimmed.
    private static func collapse(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result += " " }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Named entities common on error pages, and numeric ones.
    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "mdash": "—",
            "ndash": "–", "hellip": "…",
        ]
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(10).firstIndex(of: ";") {
                let entity = String(after[..<semicolon])
                var decoded: String?
                if let value = named[entity] {
                    decoded = value
                } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"),
                    let code = UInt32(entity.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(code)
                {
                    decoded = String(Character(scalar))
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()),
                    let scalar = Unicode.Scalar(code)
                {
                    decoded = String(Character(scalar))
                }
                if let decoded {
                    result += decoded
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = after
        }
        result += rest
        return result
    }
}

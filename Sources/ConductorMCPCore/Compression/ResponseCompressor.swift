import Foundation

/// Turns an HTTP response body into an answer that fits an agent's context budget without hiding what matters.
///
/// JSON is pruned of nulls and empty values, optionally projected onto `fields`, then rendered at increasingly strong
/// `CompressionLevel`s until it fits `Options.maxChars`; identity, status and explanation fields (chosen by name
/// pattern, see `FieldRole`) survive every level. Text and HTML pass through trimmed. A footer states what was left
/// out and how to get it. Output is deterministic: it depends only on the body and the options.
public struct ResponseCompressor: Sendable {
    /// A compressor; it holds no state, so one instance can serve every call.
    public init() {}

    /// The body as UTF-8 when its `Content-Type` declares another charset this server reads (ISO-8859-1, Windows-1252,
    /// UTF-16), with a note; nil for UTF-8, US-ASCII and no charset. A charset it does not read is said in the note and
    /// the body is read as UTF-8.
    static func transcoded(_ body: [UInt8], contentType: String?) -> ([UInt8], String)? {
        guard let contentType,
            let parameter = contentType.lowercased().split(separator: ";").dropFirst()
                .first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("charset=") })
        else { return nil }
        let charset = parameter.trimmingCharacters(in: .whitespaces).dropFirst("charset=".count)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let encoding: String.Encoding
        switch charset {
        case "utf-8", "utf8", "us-ascii", "ascii": return nil
        case "iso-8859-1", "latin1", "iso_8859-1", "l1": encoding = .isoLatin1
        case "windows-1252", "cp1252": encoding = .windowsCP1252
        case "utf-16": encoding = .utf16
        case "utf-16le": encoding = .utf16LittleEndian
        case "utf-16be": encoding = .utf16BigEndian
        default:
            return (
                body,
                "the body declares charset \(TextBounds.shortened(String(charset), limit: 40)), which this server does not decode; it was read as UTF-8"
            )
        }
        guard let text = String(data: Data(body), encoding: encoding) else {
            return (body, "the body is not valid \(charset) as its Content-Type declares; it was read as UTF-8")
        }
        return (Array(text.utf8), "decoded from \(charset) to UTF-8")
    }

    /// Checks `fields` paths before a request is sent, so a malformed projection fails the call instead of being
    /// reported after the fact. Paths that are well-formed but match nothing are reported by `compress`.
    public static func validate(fields: [String]) throws(FieldProjectionError) {
        for field in fields { _ = try FieldPath(parsing: field) }
    }

    /// Compresses a raw response body, decoded by its actual `contentType` (nil when the header was absent).
    ///
    /// `truncatedAt` is the byte count at which the HTTP layer cut the body, or nil when the body is complete.
    public func compress(body original: [UInt8], contentType: String?, truncatedAt: Int?, options: Options) -> Output {
        var notes: [String] = []
        var body = original
        if let (decoded, note) = Self.transcoded(original, contentType: contentType) {
            body = decoded
            notes.append(note)
        }
        if let truncatedAt {
            notes.append(
                "the HTTP layer cut the body at \(truncatedAt) bytes; what follows is its start only")
        }
        let isBlank = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if isBlank {
            let text = body.isEmpty ? "(empty body)" : "(empty body: \(body.count) whitespace bytes)"
            return finishText(text, notes: notes, originalChars: body.count, options: options)
        }
        var kind = BodyMediaType(contentType: contentType)
        // Text and HTML are shown from their start: no answer shows more than the first few thousand characters, so
        // only the first `maxTextBytes` are decoded (HTML extraction also searches ahead from tags).
        let textBytes = body.count > Self.maxTextBytes ? Array(body.prefix(Self.maxTextBytes)) : body
        let textCutNote = "only the first \(Self.maxTextBytes) of \(body.count) bytes were read as text"
        if kind == .missing { kind = BodyMediaType.sniff(body) }
        if body.count > Self.maxTextBytes, kind != .json, kind != .missing { notes.append(textCutNote) }
        switch kind {
        case .json, .missing:
            do throws(JSONParser.SyntaxError) {
                let parsed = try JSONParser.parse(body, maxValues: Self.maxJSONValues)
                if parsed.skippedValues > 0 {
                    notes.append(
                        "the body holds more than \(Self.maxJSONValues) JSON values; \(parsed.skippedValues) later "
                            + "elements or members were not read, so lists and counts past that point are incomplete: "
                            + "narrow the request (filters, paging) to see them")
                }
                if parsed.inexactNumbers > 0 {
                    notes.append(
                        "\(parsed.inexactNumbers) numbers in the body do not fit a 64-bit integer or a double as "
                            + "written: shown rounded, as 0, or as null past a double's range")
                }
                return compressJSON(
                    parsed.value, originalChars: Self.characterCount(body), notes: notes, options: options)
            } catch {
                // Said first, not in the footer: a body that is not what its Content-Type claims is news.
                let label = contentType.map { "labelled \($0)" } ?? "without a Content-Type"
                // Nesting past the parser's depth is JSON this server does not read, not invalid JSON.
                let tooDeep = error.message.hasPrefix("nesting deeper")
                var lead =
                    tooDeep
                    ? "The body is \(label) JSON \(error.message) (line \(error.line), column \(error.column)), "
                        + "deeper than this server reads, so it is not compressed and fields do not apply"
                    : "The body is \(label) but is not valid JSON (line \(error.line), column \(error.column): "
                        + "\(error.message))"
                lead += truncatedAt != nil ? ", probably because it was cut. " : ". "
                lead += "Its start, as text:"
                if body.count > Self.maxTextBytes { notes.append(textCutNote) }
                let text = lead + "\n" + String(decoding: textBytes, as: UTF8.self)
                return compressText(text, originalChars: Self.characterCount(body), notes: notes, options: options)
            }
        case .html:
            let html = String(decoding: textBytes, as: UTF8.self)
            let page = HTMLTextExtractor.extract(html)
            var lines = page.lines
            if let title = page.title { lines.insert("title: \(title)", at: 0) }
            notes.append("HTML page shown as text (tags, scripts and styles removed)")
            let text = lines.isEmpty ? "(HTML page with no text)" : lines.joined(separator: "\n")
            return compressText(text, originalChars: html.count, notes: notes, options: options)
        case .text:
            return compressText(String(decoding: textBytes, as: UTF8.self), notes: notes, options: options)
        case .other(let essence):
            guard BodyMediaType.isText(body) else {
                let text = "(\(body.count) bytes of \(essence); binary content not shown)"
                return finishText(text, notes: notes, originalChars: body.count, options: options)
            }
            notes.append("the body is labelled \(essence); shown as text")
            return compressText(String(decoding: textBytes, as: UTF8.self), notes: notes, options: options)
        }
    }

    /// Most JSON values read from one body. Memory for a parsed body grows with its value count, not its bytes (a
    /// 10 MB `[1,1,…]` is five million values); no answer within the largest `max_chars` can show more than this.
    public static let maxJSONValues = 250_000
    /// Most bytes of a text or HTML body decoded (1 MiB).
    public static let maxTextBytes = 1 << 20

    /// The number of Unicode scalars in UTF-8 `bytes`, counted without decoding them into a string.
    static func characterCount(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Compresses a JSON value that is already parsed.
    public func compress(_ value: JSONValue, options: Options) -> Output {
        compressJSON(value, originalChars: value.jsonText.count, notes: [], options: options)
    }
}

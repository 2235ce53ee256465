/// How a response body is read, decided by its actual `Content-Type` header (not by the spec's declared type: the
/// OSS document declares `application/json` everywhere while the server answers a new workflow id as `text/plain`).
enum BodyMediaType: Sendable, Equatable {
    /// `application/json`, `application/*+json`, `text/json`.
    case json
    /// `text/html`, `application/xhtml+xml`.
    case html
    /// `text/*` and textual application types (XML, YAML, JavaScript, form data).
    case text
    /// Any other declared type, by its essence (`image/png`); shown as text only if it decodes as text.
    case other(String)
    /// No or empty header: the body is sniffed.
    case missing

    /// The kind for a `Content-Type` header value; parameters such as `charset` are ignored.
    init(contentType: String?) {
        guard let contentType else {
            self = .missing
            return
        }
        let essence = String(contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingWhitespace()
            .lowercased()
        if essence.isEmpty {
            self = .missing
        } else if essence == "application/json" || essence == "text/json" || essence.hasSuffix("+json") {
            self = .json
        } else if essence == "text/html" || essence == "application/xhtml+xml" {
            self = .html
        } else if essence.hasPrefix("text/") || essence.hasSuffix("+xml") || essence.hasSuffix("/xml")
            || essence.hasSuffix("/yaml") || essence.hasSuffix("/x-yaml") || essence.hasSuffix("/javascript")
            || essence == "application/x-www-form-urlencoded"
        {
            self = .text
        } else {
            self = .other(essence)
        }
    }

    /// The kind a body without a usable header looks like: JSON if it starts like JSON, HTML if it starts with a tag.
    static func sniff(_ body: [UInt8]) -> BodyMediaType {
        guard let first = body.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            return .text
        }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""): return .json
        case UInt8(ascii: "<"):
            let head = String(decoding: body.prefix(512), as: UTF8.self).lowercased()
            return head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") ? .html : .text
        default: return .text
        }
    }

    /// Whether the bytes read as text: valid UTF-8 with no NUL bytes.
    static func isText(_ body: [UInt8]) -> Bool {
        if body.contains(0) { return false }
        var iterator = body.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

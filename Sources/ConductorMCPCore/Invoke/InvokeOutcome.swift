/// What `invoke` answers: text for the agent, the same facts as JSON, and whether it is an error.
public struct InvokeOutcome: Sendable {
    /// What the agent reads: a status line, then the compressed body or what went wrong.
    public var text: String
    /// `{status, contentType, body}` on an answer, `{error, ...}` on a failure; always bounded in size.
    public var structured: JSONValue
    /// True when nothing useful came back: invalid arguments, a transport failure, or an HTTP error status.
    public var isError: Bool
    /// What went out and came back, for the audit log; nil when nothing was built.
    public var trace: InvokeTrace?
    /// How many elements of the answer's main list the text shows, when it shows only the first part of it: the
    /// offset a re-read of the kept answer continues from.
    var listShown: Int?

    /// An outcome.
    public init(text: String, structured: JSONValue, isError: Bool) {
        self.text = text
        self.structured = structured
        self.isError = isError
    }
}

extension InvokeOutcome {
    /// This outcome with each of `secrets` replaced by `***` in its text and in every string of its structured part.
    func masking(_ secrets: [String]) -> InvokeOutcome {
        guard !secrets.isEmpty else { return self }
        let mask = SecretMask(secrets)
        var masked = self
        masked.text = mask.masking(text)
        masked.structured = mask.masking(structured)
        return masked
    }

    /// The outcome with every hidden scalar (a terminal escape, a bidi override, a line separator, a tag character)
    /// in its text and in its structured strings shown as U+FFFD; line breaks and tabs kept. An upstream's answer
    /// (a JSON error message, a text body) cannot send escapes to a terminal or hide text from a reader.
    func printable() -> InvokeOutcome {
        var clean = self
        clean.text = SpecText.printableLines(text).text
        if let changed = Self.printable(structured) { clean.structured = changed }
        return clean
    }

    /// `value` made printable, or nil when it already is (most answers: nothing is copied).
    private static func printable(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .string(let text):
            let clean = SpecText.printableLines(text).text
            return clean == text ? nil : .string(clean)
        case .array(let elements):
            let changed = elements.map(printable)
            guard changed.contains(where: { $0 != nil }) else { return nil }
            return .array(zip(elements, changed).map { $1 ?? $0 })
        case .object(let object):
            let keys = object.members.map { SpecText.printableLines($0.key).text }
            let values = object.members.map { printable($0.value) }
            guard values.contains(where: { $0 != nil }) || zip(keys, object.members).contains(where: { $0 != $1.key })
            else { return nil }
            return .object(JSONObject(zip(keys, zip(object.members, values)).map { ($0, $1.1 ?? $1.0.value) }))
        default: return nil
        }
    }
}

/// Bounds on what one `invoke` may send, from the configuration: the body's size, any string's length and any
/// array's length, in the body and in the parameters. Checked before validation and before sending.
public struct InputLimits: Sendable, Hashable {
    /// Largest request body, in bytes of compact JSON (or of the text for text bodies); nil for no bound.
    public var maxBodyBytes: Int?
    /// Longest string anywhere in the parameters or the body, in characters; nil for no bound.
    public var maxStringLength: Int?
    /// Longest array anywhere in the parameters or the body; nil for no bound.
    public var maxArrayLength: Int?

    /// Limits; nil leaves a dimension unbounded (the default: today's behaviour).
    public init(maxBodyBytes: Int? = nil, maxStringLength: Int? = nil, maxArrayLength: Int? = nil) {
        self.maxBodyBytes = maxBodyBytes
        self.maxStringLength = maxStringLength
        self.maxArrayLength = maxArrayLength
    }

    /// True when no dimension is bounded.
    public var isUnbounded: Bool { maxBodyBytes == nil && maxStringLength == nil && maxArrayLength == nil }

    /// Every limit the arguments break, with its location (`body/tasks`, `params/name`); at most 20.
    public func problems(params: JSONObject, body: JSONValue?) -> [ValidationProblem] {
        guard !isUnbounded else { return [] }
        var problems: [ValidationProblem] = []
        if let maxBodyBytes, let body {
            let bytes = body.stringValue.map { $0.utf8.count } ?? body.jsonText.utf8.count
            if bytes > maxBodyBytes {
                problems.append(
                    ValidationProblem(
                        "body", "is \(bytes) bytes, over the configured limit of \(maxBodyBytes) (limits.maxBodyBytes)")
                )
            }
        }
        walk(.object(params), at: "params", into: &problems)
        if let body { walk(body, at: "body", into: &problems) }
        return Array(problems.prefix(20))
    }

    private func walk(_ value: JSONValue, at location: String, into problems: inout [ValidationProblem]) {
        guard problems.count < 20 else { return }
        switch value {
        case .string(let text):
            if let maxStringLength, TextBounds.length(text) > maxStringLength {
                problems.append(
                    ValidationProblem(
                        location,
                        "is a string of \(TextBounds.length(text)) characters, over the configured limit of "
                            + "\(maxStringLength) (limits.maxStringLength)"))
            }
        case .array(let elements):
            if let maxArrayLength, elements.count > maxArrayLength {
                problems.append(
                    ValidationProblem(
                        location,
                        "has \(elements.count) elements, over the configured limit of \(maxArrayLength) (limits.maxArrayLength)"
                    ))
            }
            for (offset, element) in elements.enumerated() {
                walk(element, at: "\(location)/\(offset)", into: &problems)
            }
        case .object(let object):
            for (key, member) in object {
                // Member names count as strings too: a model can put the payload in a key.
                let shownKey = TextBounds.shortened(key, limit: 40)
                if let maxStringLength, TextBounds.length(key) > maxStringLength {
                    problems.append(
                        ValidationProblem(
                            "\(location)/\(shownKey)",
                            "is a member name of \(TextBounds.length(key)) characters, over the configured limit of "
                                + "\(maxStringLength) (limits.maxStringLength)"))
                }
                walk(member, at: "\(location)/\(shownKey)", into: &problems)
            }
        default:
            break
        }
    }
}

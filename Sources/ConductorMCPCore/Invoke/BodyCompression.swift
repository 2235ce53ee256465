/// The one place `invoke` calls the response compressor, so the rest of the code does not depend on its shape.
enum BodyCompression {
    /// The compressed text of a response body, its projected JSON when it was JSON, and what was left out.
    struct Result {
        var text: String
        var json: JSONValue?
        var elided: [String]
    }

    /// Compresses `body` decoded by its actual `contentType`.
    static func compress(
        body: [UInt8], contentType: String?, truncatedAt: Int?, maxChars: Int, fields: [String]?
    ) -> Result {
        // Interim until the compressor branch is merged: JSON pretty-printed, everything cut at maxChars.
        var json: JSONValue?
        var text: String
        if let value = try? JSONParser.parse(body) {
            json = value
            text = value.prettyJSONText
        } else {
            text = String(decoding: body, as: UTF8.self)
        }
        var elided: [String] = []
        if text.count > maxChars {
            text = String(text.prefix(maxChars)) + "\n… (cut at \(maxChars) characters)"
            elided.append("text cut at \(maxChars) characters")
            json = nil
        }
        if let truncatedAt { elided.append("body cut at \(truncatedAt) bytes") }
        return Result(text: text.isEmpty ? "(empty body)" : text, json: json, elided: elided)
    }

    /// Checks `fields` before anything is sent; nil when they are fine.
    static func fieldsProblem(_ fields: [String]) -> String? {
        nil
    }
}

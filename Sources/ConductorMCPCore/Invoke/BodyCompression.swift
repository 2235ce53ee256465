/// The one place `invoke` calls `ResponseCompressor`, so the rest of `invoke` does not depend on its shape.
enum BodyCompression {
    /// The compressed text of a response body, its projected JSON when it was JSON, and what was left out.
    struct Result {
        var text: String
        var json: JSONValue?
        var elided: [String]
        /// Where the next page of the main list starts, relative to this one (`ResponseCompressor.Output.listShown`).
        var listShown: Int?
    }

    /// Compresses `body` decoded by its actual `contentType` (not the spec's declared media type).
    static func compress(
        body: [UInt8], contentType: String?, truncatedAt: Int?, maxChars: Int, fields: [String]?, names: ToolNames
    ) -> Result {
        var options = ResponseCompressor.Options(maxChars: maxChars, fields: fields)
        options.names = names
        let output = ResponseCompressor().compress(
            body: body, contentType: contentType, truncatedAt: truncatedAt, options: options)
        return Result(text: output.text, json: output.json, elided: output.elided, listShown: output.listShown)
    }

    /// Compresses a JSON value already parsed (a re-read page of a kept answer).
    static func compress(value: JSONValue, maxChars: Int, fields: [String]?, names: ToolNames) -> Result {
        var options = ResponseCompressor.Options(maxChars: maxChars, fields: fields)
        options.names = names
        let output = ResponseCompressor().compress(value, options: options)
        return Result(text: output.text, json: output.json, elided: output.elided, listShown: output.listShown)
    }

    /// Checks `fields` before anything is sent; nil when they are fine.
    static func fieldsProblem(_ fields: [String]) -> String? {
        do throws(FieldProjectionError) {
            try ResponseCompressor.validate(fields: fields)
            return nil
        } catch {
            return error.errorDescription ?? "\(error)"
        }
    }
}

/// The one place `invoke` calls `ResponseCompressor`, so the rest of `invoke` does not depend on its shape.
enum BodyCompression {
    /// The compressed text of a response body, its projected JSON when it was JSON, and what was left out.
    struct Result {
        var text: String
        var json: JSONValue?
        var elided: [String]
        /// How many elements of the main list the text shows, when not all (`ResponseCompressor.Output.listShown`).
        var listShown: Int?
        /// Where a page starts (`ResponseCompressor.Output.pageNote`).
        var pageNote: String?

        init(_ output: ResponseCompressor.Output) {
            text = output.text
            json = output.json
            elided = output.elided
            listShown = output.listShown
            pageNote = output.pageNote
        }
    }

    /// Compresses `body` decoded by its actual `contentType` (not the spec's declared media type); `surrounding` is
    /// what the caller adds around the text, for the footer's budget advice.
    static func compress(
        body: [UInt8], contentType: String?, truncatedAt: Int?, maxChars: Int, fields: [String]?, names: ToolNames,
        offset: Int? = nil, surrounding: Int
    ) -> Result {
        let options = options(
            maxChars: maxChars, fields: fields, names: names, offset: offset, surrounding: surrounding)
        return Result(
            ResponseCompressor().compress(
                body: body, contentType: contentType, truncatedAt: truncatedAt, options: options))
    }

    private static func options(
        maxChars: Int, fields: [String]?, names: ToolNames, offset: Int?, surrounding: Int
    ) -> ResponseCompressor.Options {
        var options = ResponseCompressor.Options(maxChars: maxChars, fields: fields)
        options.names = names
        options.offset = offset
        options.surroundingChars = surrounding
        return options
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

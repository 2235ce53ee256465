extension ResponseCompressor {
    /// A compressed response: the text for the agent and, for JSON bodies, the same content as JSON.
    public struct Output: Sendable, Equatable {
        /// What the agent reads, footer included; never longer than `Options.maxChars` and never empty.
        public var text: String
        /// The projected, compressed JSON when the body was JSON (for `structuredContent`); nil otherwise.
        ///
        /// It holds what `text` shows, at the same compression level (a table's shared values put back in every
        /// row), so it is usually longer than `text`: JSON repeats member names per row. Callers with a budget for
        /// structured content should measure `json.jsonText` and leave it out when it does not fit.
        public var json: JSONValue?
        /// One note per thing dropped or cut, the same notes the footer shows (the footer may shorten the list).
        public var elided: [String]
        /// Characters in the body as received (decoded as UTF-8), or in the compact JSON of a value passed directly.
        public var originalChars: Int

        /// An output with these parts.
        public init(text: String, json: JSONValue?, elided: [String], originalChars: Int) {
            self.text = text
            self.json = json
            self.elided = elided
            self.originalChars = originalChars
        }
    }
}

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
        /// How many elements of the main list (`ResponseCompressor.mainList(of:)`) the text shows, when it shows
        /// fewer than all of them and each of those whole: where the next page starts. Nil when the whole list is
        /// shown, when there is no such list, and when the text was cut to fit (its last rows may be missing).
        public var listShown: Int?

        /// An output with these parts.
        public init(text: String, json: JSONValue?, elided: [String], originalChars: Int, listShown: Int? = nil) {
            self.text = text
            self.json = json
            self.elided = elided
            self.originalChars = originalChars
            self.listShown = listShown
        }
    }

    /// The list a page of an answer is taken from: the root when it is an array, else the longest array member of
    /// the root object (the first of equals). Its path is as the elision notes write it: "" for the root, else the
    /// member's name.
    public static func mainList(of value: JSONValue) -> (path: String, elements: [JSONValue])? {
        switch value {
        case .array(let elements):
            return ("", elements)
        case .object(let object):
            var longest: (path: String, elements: [JSONValue])?
            for member in object.members {
                if let elements = member.value.arrayValue, elements.count > longest?.elements.count ?? -1 {
                    longest = (member.key, elements)
                }
            }
            return longest
        default:
            return nil
        }
    }
}

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
        /// Where a page (`Options.offset`) starts, or why there is none: "tasks from element 20 of 300".
        public var pageNote: String?

        /// An output with these parts.
        public init(
            text: String, json: JSONValue?, elided: [String], originalChars: Int, listShown: Int? = nil,
            pageNote: String? = nil
        ) {
            self.text = text
            self.json = json
            self.elided = elided
            self.originalChars = originalChars
            self.listShown = listShown
            self.pageNote = pageNote
        }
    }

    /// `value` with its main list from `offset` on, and a note saying where that page starts (or that there is no
    /// list, or nothing left).
    static func page(_ value: JSONValue, from offset: Int) -> (value: JSONValue, path: String?, note: String) {
        guard let (path, elements) = mainList(of: value) else {
            return (value, nil, "offset ignored: the answer holds no list")
        }
        let rest = JSONValue.array(Array(elements.dropFirst(offset)))
        let name = path.isEmpty ? "elements" : path
        // An offset at or past the end says there is nothing left rather than showing an empty list.
        let note =
            offset < elements.count
            ? "\(name) from element \(offset) of \(elements.count)"
            : "\(name): offset \(offset) is past the end (\(elements.count) elements); nothing left to show"
        guard case .object(var object) = value else { return (rest, path, note) }
        object[path] = rest
        return (.object(object), path, note)
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

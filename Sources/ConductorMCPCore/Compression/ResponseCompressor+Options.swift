extension ResponseCompressor {
    /// The budget and the knobs of one compression.
    public struct Options: Sendable, Equatable {
        /// The smallest budget honoured; smaller values are raised to it, since a footer alone needs about this much.
        public static let minimumMaxChars = 200
        /// The largest budget a caller may ask for (the `invoke` tool's and the CLI's `max_chars` ceiling).
        public static let maximumMaxChars = 200_000

        /// Most characters of `Output.text`, footer included (Swift `Character`s). Raised to `minimumMaxChars`.
        public var maxChars: Int {
            didSet { if maxChars < Options.minimumMaxChars { maxChars = Options.minimumMaxChars } }
        }
        /// Dot paths to keep (`status`, `tasks[].referenceTaskName`); nil keeps everything.
        public var fields: [String]?
        /// Longest payload string kept whole when the budget is tight; identity strings and explanations get more.
        public var maxStringLength: Int
        /// Elements of a plain list shown when the budget is tight.
        public var maxArrayItems: Int
        /// Rows of a table shown before rows are cut; columns are dropped first.
        public var maxTableRows: Int
        /// Nesting depth (root = 0) below which objects are summarised when the budget is tight.
        public var maxDepth: Int
        /// What the host calls the budget and the paths, for the footer's advice (`max_chars` and `fields` in the
        /// MCP tools).
        public var names = ToolNames()
        /// Elements of the main list (`ResponseCompressor.mainList(of:)` of the value `fields` kept) to skip: a page
        /// of a kept answer. Nil or 0 shows the list from its start.
        public var offset: Int?
        /// Characters the caller adds around `Output.text` (a status line, a handle line): the footer's advice on
        /// the budget that shows everything counts them.
        public var surroundingChars = 0

        /// Options with the given budget and projection; the other knobs default to values tuned on Conductor
        /// executions and search results.
        public init(
            maxChars: Int = 6000, fields: [String]? = nil, maxStringLength: Int = 200, maxArrayItems: Int = 20,
            maxTableRows: Int = 100, maxDepth: Int = 6
        ) {
            self.maxChars = max(maxChars, Options.minimumMaxChars)
            self.fields = fields
            self.maxStringLength = maxStringLength
            self.maxArrayItems = maxArrayItems
            self.maxTableRows = maxTableRows
            self.maxDepth = maxDepth
        }
    }
}

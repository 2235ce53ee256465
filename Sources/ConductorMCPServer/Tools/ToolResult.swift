import ConductorMCPCore

/// What a tool answers, before it becomes an MCP `CallTool.Result`: text for the model, the same facts as JSON for
/// clients that read `structuredContent`, and whether the call failed.
public struct ToolResult: Sendable {
    /// The text the model reads.
    public var text: String
    /// The same answer as data (an object), or nil.
    public var structured: JSONValue?
    /// True when the call failed because of its arguments or upstream: the text says what to fix.
    public var isError: Bool

    /// A result.
    public init(text: String, structured: JSONValue? = nil, isError: Bool = false) {
        self.text = text
        self.structured = structured
        self.isError = isError
    }

    /// A failed call whose text says what was wrong and what to do.
    public static func failure(_ message: String, structured: JSONValue? = nil) -> ToolResult {
        ToolResult(text: message, structured: structured, isError: true)
    }
}

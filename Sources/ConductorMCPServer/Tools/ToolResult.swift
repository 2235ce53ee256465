public import ConductorMCPCore

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

    /// This result with its text cut to `limit` characters and its structured content dropped to a summary when its
    /// JSON runs past twice that: the agent's context budget holds for every answer.
    func bounded(to limit: Int) -> ToolResult {
        var result = self
        let length = TextBounds.length(text)
        if length > limit {
            let marker = "\n… (answer cut at \(limit) of \(length) characters)"
            result.text = TextBounds.prefix(text, max(limit - TextBounds.length(marker), 0)) + marker
        }
        if let structured, TextBounds.length(structured.jsonText) > 2 * limit {
            var summary = JSONObject()
            if let error = structured["error"] { summary["error"] = error.isContainer ? .string("see text") : error }
            summary["truncated"] = true
            summary["text"] = .string(result.text)
            result.structured = .object(summary)
        }
        return result
    }

    /// A failed call whose text says what was wrong and what to do.
    public static func failure(_ message: String, structured: JSONValue? = nil) -> ToolResult {
        ToolResult(text: message, structured: structured, isError: true)
    }
}

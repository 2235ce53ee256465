public import ConductorMCPCore

/// A tool as `tools/list` shows it, independent of the MCP library's types.
public struct ToolDefinition: Sendable {
    /// The tool name.
    public let name: String
    /// A short title.
    public let title: String
    /// What it does and how it fits the search → inspect → invoke flow.
    public let description: String
    /// JSON Schema of its arguments.
    public let inputSchema: JSONValue
    /// True when it only reads.
    public let readOnly: Bool
    /// True when it may change or delete data upstream.
    public let destructive: Bool
    /// True when it talks to a system outside this process.
    public let openWorld: Bool
}

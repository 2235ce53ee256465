public import ConductorMCPCore

extension ToolNames {
    /// The names the three MCP tools give their operations and arguments, for the core's advice: `max_chars`,
    /// `"dry_run": true` and the tool names themselves, as `tools/list` declares them.
    public static let mcp: ToolNames = {
        var names = ToolNames()
        names.search = SearchTool.name
        names.inspect = InspectTool.name
        names.invoke = InvokeTool.name
        names.maxChars = "max_chars"
        names.dryRun = #""dry_run": true"#
        names.confirm = #""confirm": true"#
        return names
    }()
}

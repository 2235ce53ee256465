import ConductorMCPCore

/// The three tools over one index, callable without MCP: the server and the command line share this code path.
public struct Toolbox: Sendable {
    /// The index the tools answer from.
    public let index: EndpointIndex
    /// `search`.
    public let search: SearchTool
    /// `inspect`.
    public let inspect: InspectTool
    /// `invoke`.
    public let invoke: InvokeTool

    /// The tools over `index`, calling the API through `invoker`.
    public init(index: EndpointIndex, invoker: Invoker) {
        self.index = index
        search = SearchTool(index: index, engine: SearchEngine(index: index))
        inspect = InspectTool(index: index)
        invoke = InvokeTool(invoker: invoker)
    }

    /// The definitions `tools/list` returns, in flow order.
    public static let definitions = [SearchTool.definition, InspectTool.definition, InvokeTool.definition]

    /// Most characters of a search or inspect answer (an invoke answer is held to its `max_chars`).
    public static let maxAnswerChars = 24_000

    /// Runs the tool `name`; an unknown name is an error result listing the three tools.
    ///
    /// Every answer, error or not, is held to its budget here, in the one place all calls pass: the tools bound what
    /// they write, and this is the guarantee behind them.
    public func call(_ name: String, arguments: JSONObject) async -> ToolResult {
        switch name {
        case "search": return search.call(arguments).bounded(to: Self.maxAnswerChars)
        case "inspect": return inspect.call(arguments).bounded(to: Self.maxAnswerChars)
        case "invoke":
            let budget = arguments["max_chars"]?.intValue.map { min(max($0, 200), 200_000) } ?? Invoker.defaultMaxChars
            return await invoke.call(arguments).bounded(to: budget)
        default:
            return .failure(
                "Unknown tool \"\(ToolArguments.shortened(name))\". The tools are search, inspect and invoke.")
        }
    }
}

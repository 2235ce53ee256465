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

    /// Runs the tool `name` for `caller`; an unknown name is an error result listing the three tools.
    ///
    /// `caller` is the seam for the access policy and audit log: the local user on stdio, the bearer token's
    /// identity over HTTP. The tools do not read it yet.
    public func call(_ name: String, arguments: JSONObject, caller: CallerIdentity = .local) async -> ToolResult {
        switch name {
        case "search": return search.call(arguments)
        case "inspect": return inspect.call(arguments)
        case "invoke": return await invoke.call(arguments)
        default:
            return .failure("Unknown tool \"\(name)\". The tools are search, inspect and invoke.")
        }
    }
}

import ConductorMCPCore

/// The three tools over one index, callable without MCP: the server and the command line share this code path.
public struct Toolbox: Sendable {
    /// The index the tools answer from.
    public let index: EndpointIndex
    /// `search`.
    public let search: SearchTool
    /// `inspect`.
    public let inspect: InspectTool

    /// The tools over `index`, calling the API through `invoker`.
    public init(index: EndpointIndex) {
        self.index = index
        search = SearchTool(index: index, engine: SearchEngine(index: index))
        inspect = InspectTool(index: index)
    }

    /// The definitions `tools/list` returns, in flow order.
    public static let definitions = [SearchTool.definition, InspectTool.definition]

    /// Runs the tool `name`; an unknown name is an error result listing the three tools.
    public func call(_ name: String, arguments: JSONObject) async -> ToolResult {
        switch name {
        case "search": return search.call(arguments)
        case "inspect": return inspect.call(arguments)
        default:
            return .failure("Unknown tool \"\(name)\". The tools are search, inspect and invoke.")
        }
    }
}

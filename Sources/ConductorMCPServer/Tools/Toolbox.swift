public import ConductorMCPCore

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
    /// The search tables, shared by `search` and the prompts built from the document.
    public let engine: SearchEngine
    /// The access policy of the invoker's gate, nil without one.
    public let policy: AccessPolicy?
    /// How search, resources and prompts show endpoints the caller may not invoke.
    public let visibility: PolicyVisibility

    /// The tools over `index`, calling the API through `invoker`; the invoker's gate (if any) decides what each
    /// caller may invoke, and search shows that as `visibility` says. `inspect` names operations and arguments as
    /// `names` says (the MCP tools' own names, unless a command line runs the tools for a person).
    public init(
        index: EndpointIndex, invoker: Invoker, visibility: PolicyVisibility = .mark, names: ToolNames = .mcp
    ) {
        self.index = index
        let policy = invoker.gate?.policy
        self.policy = policy
        self.visibility = visibility
        let engine = SearchEngine(index: index)
        self.engine = engine
        search = SearchTool(index: index, engine: engine, policy: policy, visibility: visibility)
        inspect = InspectTool(index: index, policy: policy, names: names)
        invoke = InvokeTool(invoker: invoker, index: index)
    }

    /// The definitions `tools/list` returns, in flow order, with no policy.
    public static let definitions = [SearchTool.definition, InspectTool.definition, InvokeTool.definition]

    /// The definitions `tools/list` returns for a caller acting under `policy`: `invoke` is read-only when the
    /// caller's role can only read, and takes `confirm` when destructive calls need confirmation.
    public static func definitions(policy: AccessPolicy, caller: CallerIdentity = .local) -> [ToolDefinition] {
        let readOnly = policy.onlyReads(policy.role(for: caller))
        return [
            SearchTool.definition, InspectTool.definition,
            InvokeTool.definition(readOnly: readOnly, confirmation: policy.confirmDestructive),
        ]
    }

    /// Most characters of a search or inspect answer (an invoke answer is held to its `max_chars`).
    public static let maxAnswerChars = 24_000

    /// Runs the tool `name` for `caller`, asking the person through `confirmation` when a call needs it; an unknown
    /// name is an error result listing the three tools.
    ///
    /// Every answer, error or not, is held to its budget here, in the one place all calls pass: the tools bound what
    /// they write, and this is the guarantee behind them.
    public func call(
        _ name: String, arguments: JSONObject, caller: CallerIdentity = .local,
        confirmation: UserConfirmation = .unavailable
    ) async -> ToolResult {
        switch name {
        case "search": return search.call(arguments, caller: caller).bounded(to: Self.maxAnswerChars)
        case "inspect": return inspect.call(arguments, caller: caller).bounded(to: Self.maxAnswerChars)
        case "invoke":
            let budget =
                arguments["max_chars"]?.intValue.map {
                    min(max($0, InvokeTool.maxCharsRange.lowerBound), InvokeTool.maxCharsRange.upperBound)
                } ?? Invoker.defaultMaxChars
            return await invoke.call(arguments, caller: caller, confirmation: confirmation).bounded(to: budget)
        default:
            return .failure(
                "Unknown tool \"\(TextBounds.shortened(name, limit: 60))\". The tools are search, inspect and invoke.")
        }
    }
}

/// How the host names the operations and arguments that advice in an answer points at.
///
/// The core finds, inspects, calls and compresses; it does not know that an MCP server exposes those as tools named
/// `search`, `inspect` and `invoke` with arguments such as `max_chars`, or how a command line spells them. The host
/// sets these names (`ToolNames.mcp` in the MCP layer) and the core's messages use them. The defaults are the core's
/// own API names (`Invoker.invoke`, `InvokeArguments.maxChars`, …), for a host that calls the core directly.
public struct ToolNames: Sendable, Equatable {
    /// Finding endpoints by intent.
    public var search = "search"
    /// Reading how to call one endpoint.
    public var inspect = "inspect"
    /// Calling one endpoint.
    public var invoke = "invoke"
    /// The answer's character budget.
    public var maxChars = "maxChars"
    /// The response paths to keep.
    public var fields = "fields"
    /// Where an endpoint's parameters go in a call.
    public var params = "params"
    /// A kept answer's name, to read it again; nil when the host cannot re-read one (the command line runs one call
    /// per process), so answers are not kept and no handle is offered.
    public var handle: String? = "handle"
    /// Where a re-read page of a kept answer's list starts.
    public var offset = "offset"
    /// The types to print in full when inspecting.
    public var expand = "expand"
    /// Showing the exact request without sending it, as a call would set it.
    public var dryRun = "dryRun: true"
    /// Confirming a call that needs it, as a call would set it.
    public var confirm = "confirm: true"

    /// The core's own names.
    public init() {}
}

import ConductorMCPCore

/// The `invoke` tool: calls one endpoint on the configured server, validated against the spec, with the answer
/// compressed to fit the agent's context.
public struct InvokeTool: Sendable {
    private let invoker: Invoker

    /// The tool sending through `invoker`.
    public init(invoker: Invoker) { self.invoker = invoker }

    /// How `tools/list` shows it.
    public static let definition = ToolDefinition(
        name: "invoke", title: "Call a Conductor endpoint",
        description: """
            Step 3 of 3. Call an endpoint on the configured Conductor server, using the arguments inspect showed. \
            params: one flat object for path, query and header parameters. body: JSON (a string for text bodies). \
            Arguments are validated first; nothing is sent if they are wrong. dry_run: true shows the exact request \
            without sending. Answers are compressed to max_chars (default 6000); fields (e.g. \
            ["status","tasks[].status"]) keeps only what you need.
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "endpoint": ["type": "string", "description": "\"METHOD /path\" or operationId"],
                "params": ["type": "object", "description": "Path, query and header parameters by name"],
                "body": ["description": "Request body"],
                "dry_run": ["type": "boolean", "default": false],
                "fields": ["type": "array", "items": ["type": "string"], "description": "Paths to keep"],
                "max_chars": ["type": "integer", "minimum": 200, "default": 6000],
            ],
            "required": ["endpoint"],
        ],
        readOnly: false, destructive: true, openWorld: true)

    /// Runs the tool on MCP arguments.
    public func call(_ arguments: JSONObject) async -> ToolResult {
        var reader = ToolArguments(
            tool: "invoke", values: arguments,
            accepted: ["endpoint", "params", "body", "dry_run", "fields", "max_chars"])
        let endpoint = reader.string("endpoint", required: true)
        let params = reader.object("params") ?? JSONObject()
        let dryRun = reader.bool("dry_run") ?? false
        let fields = reader.strings("fields")
        let maxChars = reader.integer("max_chars", in: 200...1_000_000)
        if let failure = reader.failure(
            usage: #"{"endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": "…"}}"#)
        {
            return failure
        }
        guard let endpoint else { return .failure("Invalid arguments for invoke: endpoint is required") }
        let outcome = await invoker.invoke(
            InvokeArguments(
                endpoint: endpoint, params: params, body: reader.value("body"), dryRun: dryRun, fields: fields,
                maxChars: maxChars))
        return ToolResult(text: outcome.text, structured: outcome.structured, isError: outcome.isError)
    }
}

public import ConductorMCPCore

/// The `inspect` tool: one endpoint → parameters, body and response types, and example `invoke` arguments.
public struct InspectTool: Sendable {
    /// The tool's name in `tools/list`.
    public static let name = "inspect"

    private let inspector: Inspector
    private let policy: AccessPolicy?

    /// The tool over `index`; with a `policy`, the answer says first when the caller may not invoke the endpoint.
    public init(index: EndpointIndex, policy: AccessPolicy? = nil, names: ToolNames = .mcp) {
        inspector = Inspector(index: index, names: names)
        self.policy = policy
    }

    /// How `tools/list` shows it.
    public static let definition = ToolDefinition(
        name: Self.name, title: "Inspect one endpoint",
        description: """
            Step 2 of 3. One endpoint's parameters, body and responses as compact types, with invoke arguments to \
            fill. endpoint: "METHOD /path" or operationId. expand: types the answer lists as not shown.
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "endpoint": ["type": "string", "description": "\"METHOD /path\" or operationId"],
                "expand": ["type": "array", "items": ["type": "string"], "description": "Type names to print in full"],
            ],
            "required": ["endpoint"],
        ],
        readOnly: true, destructive: false, openWorld: false)

    /// Runs the tool on MCP arguments for `caller`.
    public func call(_ arguments: JSONObject, caller: CallerIdentity = .local) -> ToolResult {
        var reader = ToolArguments(tool: "inspect", values: arguments, accepted: ["endpoint", "expand"])
        let name = reader.string("endpoint", required: true)
        let expand = reader.strings("expand") ?? []
        if let failure = reader.failure(usage: #"{"endpoint": "GET /api/workflow/{workflowId}"}"#) { return failure }
        guard let name else { return .failure("Invalid arguments for inspect: endpoint is required") }
        do {
            let report = try inspector.inspect(name, expand: expand)
            var structured = JSONObject()
            structured["endpoint"] = .string(report.endpoint.key)
            if let operationId = report.endpoint.operationId { structured["operationId"] = .string(operationId) }
            structured["parameters"] = .array(
                report.endpoint.parameters.map { parameter in
                    [
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "required": .bool(parameter.required),
                    ]
                })
            structured["example"] = report.exampleArguments
            if !report.typesNotShown.isEmpty {
                structured["typesNotShown"] = .array(report.typesNotShown.map(JSONValue.string))
            }
            var text = report.text
            if let policy {
                let decision = policy.decide(report.endpoint, caller: caller)
                if !decision.allowed {
                    text =
                        "NOT ALLOWED: \(decision.refusal(for: report.endpoint.key)); invoke will refuse it.\n\n" + text
                    structured["allowed"] = false
                    structured["refusal"] = ["role": .string(decision.role), "rule": .string(decision.rule)]
                }
            }
            return ToolResult(text: text, structured: .object(structured))
        } catch {
            return .failure(error.message(inspector.names))
        }
    }
}

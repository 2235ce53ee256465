public import ConductorMCPCore

/// The `invoke` tool: calls one endpoint on the configured server, validated against the spec, with the answer
/// compressed to fit the agent's context.
public struct InvokeTool: Sendable {
    /// What `max_chars` may be; past it the call is refused as invalid arguments (answers are held to it).
    public static let maxCharsRange =
        ResponseCompressor.Options.minimumMaxChars...ResponseCompressor.Options.maximumMaxChars

    /// The tool's name in `tools/list`.
    public static let name = "invoke"

    private let invoker: Invoker
    private let index: EndpointIndex

    /// The tool sending through `invoker`, whose gate enforces the policy; `index` names endpoints in the audit log.
    public init(invoker: Invoker, index: EndpointIndex) {
        self.invoker = invoker
        self.index = index
    }

    /// How `tools/list` shows it.
    public static let definition = definition(readOnly: false, confirmation: false)

    /// How `tools/list` shows it: `readOnly` when the caller's role can only read (then it is not destructive);
    /// `confirmation` when destructive calls need `"confirm": true` (`--confirm-destructive`).
    public static func definition(readOnly: Bool, confirmation: Bool) -> ToolDefinition {
        var properties = JSONObject([
            ("endpoint", ["type": "string", "description": "\"METHOD /path\" or operationId"]),
            ("params", ["type": "object", "description": "Path, query and header parameters by name"]),
            ("body", ["description": "Request body"]),
            ("dry_run", ["type": "boolean", "default": false]),
            ("fields", ["type": "array", "items": ["type": "string"], "description": "Paths to keep"]),
            ("max_chars", ["type": "integer", "minimum": 200, "maximum": 200_000, "default": 6000]),
            ("handle", ["type": "string", "description": "Kept answer to re-read"]),
            ("offset", ["type": "integer", "minimum": 0, "description": "List elements to skip"]),
        ])
        if confirmation {
            properties["confirm"] = [
                "type": "boolean", "default": false,
                "description": "Confirms a DELETE or other call the server says needs confirmation (after a dry run)",
            ]
        }
        return ToolDefinition(
            name: Self.name, title: "Call a Conductor endpoint",
            description: """
                Step 3 of 3. Call an endpoint with the arguments inspect showed: params (path, query and header \
                parameters by name), body (JSON; a string for text bodies). Validated first: nothing is sent if \
                wrong. dry_run shows the exact request. Answers fit max_chars (6000); fields \
                (["status","tasks[].status"]) keeps what you need; {"handle":"r7","fields":[...],"offset":N} re-reads \
                a compressed answer's footer handle without a new call.
                """,
            inputSchema: ["type": "object", "properties": .object(properties)],
            readOnly: readOnly, destructive: !readOnly, openWorld: true)
    }

    /// Runs the tool on MCP arguments for `caller`; a call that needs confirmation is put to the person through
    /// `confirmation` first, with the exact request shown.
    public func call(
        _ arguments: JSONObject, caller: CallerIdentity = .local, confirmation: UserConfirmation = .unavailable
    ) async -> ToolResult {
        var reader = ToolArguments(
            tool: "invoke", values: arguments,
            accepted: ["endpoint", "params", "body", "dry_run", "fields", "max_chars", "confirm", "handle", "offset"])
        if let handle = reader.string("handle", maxLength: 40) {
            return await reread(handle, reader: &reader, arguments: arguments, caller: caller)
        }
        let endpoint = reader.string("endpoint", required: true)
        let params = reader.object("params") ?? JSONObject()
        let dryRun = reader.bool("dry_run") ?? false
        let fields = reader.strings("fields")
        let maxChars = reader.integer("max_chars", in: Self.maxCharsRange)
        let confirmed = reader.bool("confirm") ?? false
        if arguments["offset"] != nil {
            reader.problem(
                "\"offset\" pages a kept answer and goes with \"handle\" (named in the last line of a compressed "
                    + "answer), not with \"endpoint\": use the endpoint's own paging parameters, or call without "
                    + "offset and re-read the handle")
        }
        let failure =
            reader.failure(usage: #"{"endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": "…"}}"#)
            ?? (endpoint == nil ? .failure("Invalid arguments for invoke: endpoint is required") : nil)
        if let failure {
            let attempted = InvokeArguments(
                endpoint: endpoint ?? (arguments["endpoint"]?.stringValue).map { String($0.prefix(200)) } ?? "",
                params: params, dryRun: dryRun, caller: caller)
            await auditInvalid(attempted, message: failure.text)
            return failure
        }
        guard let endpoint else { return .failure("Invalid arguments for invoke: endpoint is required") }
        var invokeArguments = InvokeArguments(
            endpoint: endpoint, params: params, body: reader.value("body"), dryRun: dryRun, fields: fields,
            maxChars: maxChars, caller: caller, confirmed: confirmed)
        let outcome: InvokeOutcome
        if let gate = invoker.gate {
            var declined: InvokeOutcome?
            switch await ask(confirmation, gate: gate, invokeArguments) {
            case .accepted: invokeArguments.confirmed = true
            case .declined(let refusal): declined = refusal
            case .notAsked: break
            }
            let arguments = invokeArguments
            outcome = await gate.audited(arguments, index: index, secrets: invoker.secrets) {
                if let declined { return declined }
                return await invoker.invoke(arguments)
            }
        } else {
            outcome = await invoker.invoke(invokeArguments)
        }
        return ToolResult(text: outcome.text, structured: outcome.structured, isError: outcome.isError)
    }

    /// Writes the audit line of an invoke refused for its arguments before anything else looked at it (every invoke
    /// has one): malformed tool arguments here, or `arguments` that are not an object at all (the session's -32602).
    public func auditInvalid(_ attempted: InvokeArguments, message: String) async {
        guard let gate = invoker.gate else { return }
        _ = await gate.audited(attempted, index: index, secrets: invoker.secrets) {
            InvokeOutcome(text: message, structured: ["error": "invalid_arguments"], isError: true)
        }
    }

    /// `{"handle": …}`: a kept answer read again, with no request sent; `endpoint`, `params`, `body` and the rest
    /// of a call's arguments do not go with it.
    private func reread(
        _ handle: String, reader: inout ToolArguments, arguments: JSONObject, caller: CallerIdentity
    ) async -> ToolResult {
        let fields = reader.strings("fields")
        let maxChars = reader.integer("max_chars", in: Self.maxCharsRange)
        let offset = reader.integer("offset", in: 0...1_000_000_000)
        for name in ["endpoint", "params", "body", "dry_run", "confirm"] where arguments[name] != nil {
            reader.problem("\"\(name)\" does not go with \"handle\": a re-read sends no request")
        }
        if let failure = reader.failure(usage: #"{"handle": "r7", "fields": ["tasks[].status"], "offset": 20}"#) {
            await auditInvalid(
                InvokeArguments(
                    endpoint: (arguments["endpoint"]?.stringValue).map { String($0.prefix(200)) } ?? "handle \(handle)",
                    caller: caller),
                message: failure.text)
            return failure
        }
        let outcome = await invoker.reread(
            handle: handle, fields: fields, offset: offset, maxChars: maxChars, caller: caller)
        return ToolResult(text: outcome.text, structured: outcome.structured, isError: outcome.isError)
    }

    private enum Asked {
        case accepted
        case declined(InvokeOutcome)
        case notAsked
    }

    /// Puts a call that needs confirmation to the person, showing the request a dry run builds; only when the
    /// policy allows the call and its arguments are valid (otherwise the invoker's refusal is the answer).
    ///
    /// The person is asked whenever the client can ask, even when the agent sent `"confirm": true`: the agent
    /// cannot confirm for the person. `confirm` counts only where the client has no elicitation.
    private func ask(_ confirmation: UserConfirmation, gate: InvokeGate, _ arguments: InvokeArguments) async -> Asked {
        guard !arguments.dryRun, let endpoint = index.endpoint(named: arguments.endpoint) else {
            return .notAsked
        }
        let role = gate.policy.role(for: arguments.caller)
        guard gate.policy.decide(endpoint, role: role).allowed,
            let reason = gate.policy.confirmation(for: endpoint, role: role)
        else { return .notAsked }
        var preview = arguments
        preview.dryRun = true
        let shown = await invoker.invoke(preview)
        guard !shown.isError else { return .notAsked }
        let request = shown.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .joined(separator: "\n")
        let message =
            "The agent wants to call \(endpoint.key), which needs confirmation (\(reason)). Send it?\n\n\(request)"
        let answer: String
        let reply = await confirmation.ask(message)
        // Cancelled while the person was being asked (the client cancelled the call, or the server is stopping).
        if Task.isCancelled {
            let text = "Cancelled while waiting for the user's confirmation of \(endpoint.key); nothing was sent."
            return .declined(
                InvokeOutcome(
                    text: text,
                    structured: ["error": "cancelled", "message": .string(text), "endpoint": .string(endpoint.key)],
                    isError: true))
        }
        switch reply {
        case .accepted:
            return .accepted
        case .unavailable:
            return .notAsked
        case .declined:
            answer = "The user declined \(endpoint.key); nothing was sent. Do not retry it unless the user asks."
        case .failed:
            answer =
                "The client could not put the confirmation for \(endpoint.key) to the user (its answer to "
                + "elicitation/create was an error or had no action); nothing was sent."
        case .timedOut:
            answer =
                "The user did not answer the confirmation for \(endpoint.key) within "
                + "\(UserConfirmation.timeout.components.seconds) s; nothing was sent. Ask the user before retrying."
        }
        return .declined(
            InvokeOutcome(
                text: answer,
                structured: ["error": "declined", "message": .string(answer), "endpoint": .string(endpoint.key)],
                isError: true))
    }
}

public import ConductorMCPCore
public import Logging

/// One client's MCP conversation, the single dispatch path every transport feeds: lifecycle, `ping`, `tools/list`,
/// `tools/call`, progress and cancellation, with JSON-RPC's error codes.
///
/// A transport hands it each inbound message with a function that delivers outbound ones (a stdio line, a JSON body
/// or SSE event of an HTTP response). Requests run as tasks; `notifications/cancelled` cancels the task, which stops
/// the tool (an `invoke` aborts its upstream HTTP request) and suppresses the reply.
public actor MCPSession {
    /// Delivers one outbound message (a reply or a notification).
    public typealias Emit = @Sendable (JSONValue) async -> Void

    /// How a session behaves.
    public struct Options: Sendable {
        /// When true (stdio, stateful HTTP), only `initialize` and `ping` are served before `initialize`.
        /// Stateless HTTP sets it false: each POST may reach a different replica that never saw `initialize`.
        public var requireInitialize: Bool
        /// How often a long `invoke` with a `progressToken` reports that it is still waiting.
        public var progressInterval: Duration
        /// Whether the transport can carry a request from the server to the client while a call runs (stdio can;
        /// an HTTP answer sent as plain JSON cannot), so that a confirmation can use elicitation.
        public var allowsServerRequests: Bool

        /// Options; the defaults suit stateful transports without server requests.
        public init(
            requireInitialize: Bool = true, progressInterval: Duration = .seconds(1), allowsServerRequests: Bool = false
        ) {
            self.requireInitialize = requireInitialize
            self.progressInterval = progressInterval
            self.allowsServerRequests = allowsServerRequests
        }
    }

    /// MCP's log levels (RFC 5424), least severe first, as `logging/setLevel` takes them.
    static let logLevels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]

    /// Whether the client's log level lets the document-changed notice through (`logging/setLevel`).
    var sendsNotices = true

    /// Protocol versions this server speaks, newest first. A client asking for another gets the newest.
    public static let supportedProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    // Internal rather than private where the extensions in MCPSession+Guidance and MCPSession+Elicitation read them.
    /// The tools, swapped when the document is read again.
    let toolbox: ToolboxSource
    /// Who this session serves; fixed when it opens.
    public nonisolated let caller: CallerIdentity
    /// The tools as this caller sees them (`invoke` read-only for a role that only reads).
    private let definitions: [ToolDefinition]
    /// The `tools/list` result, built once.
    private let toolList: JSONValue
    /// Whether the client declared elicitation at `initialize`.
    var clientElicits = false
    /// Server-to-client requests waiting for their reply, by id.
    var awaitingReplies: [String: CheckedContinuation<JSONObject?, Never>] = [:]
    /// The number of the last request sent to the client (its id is `conductor-mcp-N`).
    var nextServerRequest = 0
    /// How this session behaves.
    let options: Options
    private let observer: (any SessionObserver)?
    private let logger: Logger
    private var initialized = false
    private var inFlight: [RequestID: Task<Void, Never>] = [:]

    /// The protocol version agreed at `initialize`, nil before.
    public private(set) var protocolVersion: String?

    /// A session answering from `toolbox` (built beside the handshake; tool calls wait for it) for `caller`.
    public init(
        toolbox: ToolboxSource, caller: CallerIdentity = .local,
        definitions: [ToolDefinition] = Toolbox.definitions, options: Options = Options(),
        observer: (any SessionObserver)? = nil, logger: Logger
    ) {
        self.toolbox = toolbox
        self.caller = caller
        self.definitions = definitions
        self.toolList = ["tools": .array(definitions.map(MCPHost.toolJSON))]
        self.options = options
        self.observer = observer
        self.logger = logger
    }

    /// Requests received and not yet finished.
    public var inFlightCount: Int { inFlight.count }

    /// Requests in flight, and of them those not waiting for the client's answer to a request of the server's (a
    /// confirmation): the ones the server is working on.
    public var load: (held: Int, working: Int) { (inFlight.count, inFlight.count - awaitingReplies.count) }

    /// Takes one inbound message (the bytes of one line or body). Returns the task answering it when it is a request
    /// or a fault that gets an error reply, nil when nothing will be sent. State changes (`initialize`, a
    /// cancellation) take effect before this returns, so messages act in the order they are accepted.
    @discardableResult
    public func accept(_ bytes: some Collection<UInt8>, emit: @escaping Emit) -> Task<Void, Never>? {
        accept(JSONRPCMessage(bytes: bytes), emit: emit)
    }

    /// Takes one classified inbound message; see `accept(_:emit:)`.
    @discardableResult
    public func accept(_ message: JSONRPCMessage, emit: @escaping Emit) -> Task<Void, Never>? {
        switch message {
        case .response(let id, let result):
            // An error reply (no result) is an empty result: the client failed to ask, which is not a timeout and
            // not a yes (the confirmation answers `.failed`).
            if let waiter = awaitingReplies.removeValue(forKey: id.jsonText) {
                waiter.resume(returning: result ?? JSONObject())
            }
            return nil
        case .notification(let method, let params):
            notified(method, params)
            return nil
        case .invalid(let id, let error):
            return reply(id: id, error: error, emit: emit)
        case .request(let id, let method, let params):
            return requested(id: id, method: method, params: params, emit: emit)
        }
    }

    /// Cancels every request in flight (the transport closed).
    public func cancelAll() {
        for task in inFlight.values { task.cancel() }
    }

    // MARK: Dispatch

    private func notified(_ method: String, _ params: JSONObject?) {
        switch method {
        case "notifications/cancelled":
            guard let raw = params?["requestId"], let id = RequestID(raw), let task = inFlight[id] else { return }
            logger.debug("request cancelled by the client", metadata: ["id": "\(raw.jsonText)"])
            task.cancel()
        default:
            // notifications/initialized and anything else: nothing to do, and notifications are never answered.
            break
        }
    }

    private func requested(id: RequestID, method: String, params: JSONObject?, emit: @escaping Emit) -> Task<
        Void, Never
    >? {
        guard inFlight[id] == nil else {
            // Answered untracked: tracking it would lose the request already in flight under this id.
            let error = JSONRPCError.invalidRequest("id \(id.value.jsonText) is already in use by a request in flight")
            observer?.protocolError(code: error.code)
            let message: JSONValue = ["jsonrpc": "2.0", "id": id.value, "error": error.json]
            return Task { await emit(message) }
        }
        switch method {
        case "initialize":
            return reply(id: id, result: initialize(params), emit: emit)
        case "ping":
            return reply(id: id, result: .success(.object(JSONObject())), emit: emit)
        case "logging/setLevel":
            // The only message this server sends is a notice that the document changed: levels above notice mute it.
            guard let level = params?["level"]?.stringValue, let rank = Self.logLevels.firstIndex(of: level) else {
                return reply(
                    id: id,
                    error: .invalidParams(
                        "logging/setLevel needs params.level, one of " + Self.logLevels.joined(separator: ", ")),
                    emit: emit)
            }
            sendsNotices = rank <= Self.logLevels.firstIndex(of: "notice") ?? 2
            return reply(id: id, result: .success(.object(JSONObject())), emit: emit)
        case "prompts/list", "prompts/get", "resources/list", "resources/read":
            guard initialized || !options.requireInitialize else {
                return reply(
                    id: id, error: .invalidRequest("the session is not initialized: send initialize first"), emit: emit)
            }
            return guidance(id: id, method: method, params: params ?? JSONObject(), emit: emit)
        case "tools/list", "tools/call":
            guard initialized || !options.requireInitialize else {
                return reply(
                    id: id, error: .invalidRequest("the session is not initialized: send initialize first"), emit: emit)
            }
            if method == "tools/list" { return reply(id: id, result: .success(toolList), emit: emit) }
            return call(id: id, params: params ?? JSONObject(), emit: emit)
        default:
            return reply(id: id, error: .methodNotFound(method), emit: emit)
        }
    }

    private func initialize(_ params: JSONObject?) -> Result<JSONValue, JSONRPCError> {
        guard !initialized else { return .failure(.invalidRequest("the session is already initialized")) }
        guard let requested = params?["protocolVersion"]?.stringValue else {
            return .failure(.invalidParams("initialize needs params.protocolVersion, a string such as \"2025-06-18\""))
        }
        let version =
            Self.supportedProtocolVersions.contains(requested) ? requested : Self.supportedProtocolVersions[0]
        initialized = true
        protocolVersion = version
        clientElicits = params?["capabilities"]?["elicitation"] != nil
        return .success([
            "protocolVersion": .string(version),
            "capabilities": [
                "tools": ["listChanged": false], "prompts": ["listChanged": true],
                "resources": ["subscribe": false, "listChanged": true], "logging": .object(JSONObject()),
            ],
            "serverInfo": [
                "name": .string(MCPHost.serverName), "title": "Conductor (dynamic)",
                "version": .string(MCPHost.serverVersion),
            ],
            "instructions": .string(MCPHost.instructions),
        ])
    }

    private func call(id: RequestID, params: JSONObject, emit: @escaping Emit) -> Task<Void, Never> {
        guard let name = params["name"]?.stringValue else {
            return reply(id: id, error: .invalidParams("tools/call needs params.name, a tool name string"), emit: emit)
        }
        guard definitions.contains(where: { $0.name == name }) else {
            return reply(
                id: id, error: .invalidParams("unknown tool \"\(name)\"; the tools are search, inspect and invoke"),
                emit: emit)
        }
        var arguments = JSONObject()
        switch params["arguments"] {
        case .object(let object)?: arguments = object
        case nil, .null?: break
        case let other?:
            let error = JSONRPCError.invalidParams("arguments must be an object, got \(other.typeName)")
            guard name == InvokeTool.name else { return reply(id: id, error: error, emit: emit) }
            // An invoke refused here is still audited, as every invoke is.
            let toolbox = self.toolbox
            let caller = self.caller
            return track(
                id,
                {
                    await toolbox.current.value.invoke.auditInvalid(
                        InvokeArguments(endpoint: "", caller: caller), message: error.message)
                    return .failure(error)
                }, emit: emit)
        }
        var token: JSONValue?
        switch params["_meta"]?["progressToken"] {
        case .string(let text)?: token = .string(text)
        case .int(let number)?: token = .int(number)
        default: token = nil
        }
        let progressToken = token
        let toolArguments = arguments
        let toolbox = self.toolbox
        let caller = self.caller
        let interval = options.progressInterval
        let observer = self.observer
        let logger = self.logger
        let confirmation = confirmation(emit: emit)
        let answer: @Sendable () async -> Result<JSONValue, JSONRPCError>? = {
            let start = ContinuousClock.now
            let operation: @Sendable () async -> ToolResult = {
                await toolbox.current.value.call(
                    name, arguments: toolArguments, caller: caller, confirmation: confirmation)
            }
            let result: ToolResult
            if name == "invoke", let progressToken {
                result = await Self.withProgress(token: progressToken, interval: interval, emit: emit, operation)
            } else {
                result = await operation()
            }
            let elapsed = ContinuousClock.now - start
            if Task.isCancelled {
                logger.debug("tool call cancelled; no reply sent", metadata: ["tool": "\(name)"])
                observer?.toolCalled(
                    name, outcome: .cancelled, elapsed: elapsed, arguments: toolArguments, result: nil)
                return nil
            }
            logger.debug(
                "tool call", metadata: ["tool": "\(name)", "isError": "\(result.isError)", "elapsed": "\(elapsed)"])
            observer?.toolCalled(
                name, outcome: result.isError ? .failed : .succeeded, elapsed: elapsed, arguments: toolArguments,
                result: result)
            var object = JSONObject([
                ("content", [["type": "text", "text": .string(result.text)]]), ("isError", .bool(result.isError)),
            ])
            if case .object = result.structured { object["structuredContent"] = result.structured }
            return .success(.object(object))
        }
        return track(id, answer, emit: emit)
    }

    /// Runs `operation`, sending `notifications/progress` at once and then every `interval` until it returns.
    private static func withProgress(
        token: JSONValue, interval: Duration, emit: @escaping Emit,
        _ operation: @escaping @Sendable () async -> ToolResult
    ) async -> ToolResult {
        func progress(_ step: Int, _ message: String) -> JSONValue {
            [
                "jsonrpc": "2.0", "method": "notifications/progress",
                "params": ["progressToken": token, "progress": .int(step), "message": .string(message)],
            ]
        }
        await emit(progress(0, "sending the request upstream"))
        return await withTaskGroup(of: ToolResult?.self) { group in
            group.addTask { await operation() }
            group.addTask {
                var step = 0
                while true {
                    do { try await Task.sleep(for: interval) } catch { return nil }
                    step += 1
                    await emit(progress(step, "waiting for the upstream answer (\(step) × \(interval))"))
                }
            }
            var result = ToolResult.failure("the call ended without an answer")
            while let next = await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return result
        }
    }

    // MARK: Replies and bookkeeping

    private func reply(id: RequestID?, error: JSONRPCError, emit: @escaping Emit) -> Task<Void, Never> {
        observer?.protocolError(code: error.code)
        logger.debug("protocol error", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
        guard let id else {
            let message: JSONValue = ["jsonrpc": "2.0", "id": nil, "error": error.json]
            return Task { await emit(message) }
        }
        return track(id, { .failure(error) }, emit: emit)
    }

    private func reply(id: RequestID, result: Result<JSONValue, JSONRPCError>, emit: @escaping Emit) -> Task<
        Void, Never
    > {
        if case .failure(let error) = result { return reply(id: id, error: error, emit: emit) }
        return track(id, { result }, emit: emit)
    }

    /// Runs `answer` as the task of request `id`, wrapping its outcome in a reply; a nil outcome sends nothing.
    func track(
        _ id: RequestID, _ answer: @escaping @Sendable () async -> Result<JSONValue, JSONRPCError>?,
        emit: @escaping Emit
    ) -> Task<Void, Never> {
        let task = Task {
            if let outcome = await answer(), !Task.isCancelled {
                var message = JSONObject([("jsonrpc", "2.0"), ("id", id.value)])
                switch outcome {
                case .success(let result): message["result"] = result
                case .failure(let error): message["error"] = error.json
                }
                await emit(.object(message))
            }
            self.finished(id)
        }
        inFlight[id] = task
        return task
    }

    private func finished(_ id: RequestID) {
        inFlight[id] = nil
    }

    // MARK: Telling the client the document changed

    /// Where notifications outside any request go (the stdio channel); nil where the transport has none.
    private var notificationSink: Emit?

    /// Sets where notifications outside any request go.
    public func setNotificationSink(_ emit: @escaping Emit) { notificationSink = emit }

    /// The document was read again and changed: a log message with the summary, a resources list change (the diff
    /// is a resource) and a prompts list change (which prompts are offered depends on the endpoints). Sent only once the session is initialized.
    public func documentChanged(_ diff: SpecDiff) async {
        guard initialized, let emit = notificationSink else { return }
        let listsChanged: [JSONValue] = [
            ["jsonrpc": "2.0", "method": "notifications/resources/list_changed"],
            ["jsonrpc": "2.0", "method": "notifications/prompts/list_changed"],
        ]
        guard sendsNotices else {
            for message in listsChanged { await emit(message) }
            return
        }
        let summary = diff.text.split(separator: "\n").first.map(String.init) ?? ""
        await emit([
            "jsonrpc": "2.0", "method": "notifications/message",
            "params": [
                "level": "notice", "logger": "conductor-mcp-dynamic",
                "data": .string(
                    "The API document was reloaded: \(summary). Read conductor://diff/last for the details."),
            ],
        ])
        for message in listsChanged { await emit(message) }
    }
}

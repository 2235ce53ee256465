public import ConductorMCPCore
public import Logging
import UnixSignals

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves a `Toolbox` over MCP: what every transport shares (names, instructions, the tool list) and the stdio loop.
public struct MCPHost: Sendable {
    /// The server name sent in `initialize`.
    public static let serverName = "conductor-mcp-dynamic"
    /// The version sent in `initialize`.
    public static let serverVersion = "0.1.0"

    /// The tools, replaceable when the document is read again.
    public let source: ToolboxSource
    private let logger: Logger
    /// The access policy, which decides how `tools/list` shows `invoke` to each caller; nil shows the plain tools.
    private let policy: AccessPolicy?

    /// A host for `toolbox`.
    public init(toolbox: Toolbox, logger: Logger, policy: AccessPolicy? = nil) {
        self.source = ToolboxSource(toolbox)
        self.logger = logger
        self.policy = policy
    }

    /// A host whose tools are still being built: `initialize` and `tools/list` are answered at once (they do not
    /// depend on the document), and tool calls wait for the task. Indexing the largest Conductor document takes
    /// tens of milliseconds; doing it beside the handshake keeps it off the client's start-up path.
    public init(building toolbox: Task<Toolbox, Never>, logger: Logger, policy: AccessPolicy? = nil) {
        self.source = ToolboxSource(toolbox)
        self.logger = logger
        self.policy = policy
    }

    /// Instructions sent in `initialize`.
    static let instructions = """
        Reach every endpoint of a Conductor server: search finds endpoints by intent, inspect shows how to call one, \
        invoke calls it (dry_run first for anything that changes state).
        """

    /// The token claim the role mapping reads, if any: part of what binds an HTTP session to its caller.
    public var roleClaim: String? { policy?.mapping.claim }

    /// A new session over this host's tools.
    public func makeSession(
        caller: CallerIdentity = .local, options: MCPSession.Options = MCPSession.Options(),
        observer: (any SessionObserver)? = nil
    ) -> MCPSession {
        let definitions = policy.map { Toolbox.definitions(policy: $0, caller: caller) } ?? Toolbox.definitions
        return MCPSession(
            toolbox: source, caller: caller, definitions: definitions, options: options, observer: observer,
            logger: logger)
    }

    /// One tool as `tools/list` shows it.
    public static func toolJSON(_ definition: ToolDefinition) -> JSONValue {
        [
            "name": .string(definition.name), "title": .string(definition.title),
            "description": .string(definition.description), "inputSchema": definition.inputSchema,
            "annotations": [
                "title": .string(definition.title), "readOnlyHint": .bool(definition.readOnly),
                "destructiveHint": .bool(definition.destructive), "idempotentHint": .bool(definition.readOnly),
                "openWorldHint": .bool(definition.openWorld),
            ],
        ]
    }

    /// Serves over stdio until stdin closes, then answers what was already received (up to `drainTimeout`) and
    /// returns.
    public func runStdio(drainTimeout: Duration = .seconds(30)) async throws {
        let transport = StdioLineTransport(logger: logger)
        // stdio carries requests both ways, so a confirmation can be put to the person through elicitation.
        let session = makeSession(options: MCPSession.Options(allowsServerRequests: true))
        source.onReplace { diff in Task { await session.documentChanged(diff) } }
        let logger = self.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await transport.run(session: session, drainTimeout: drainTimeout) }
            // SIGTERM or SIGINT (a client shutting its server down, often right after closing stdin): the transport
            // is cancelled, which cancels the calls in flight (aborting their upstream requests and writing their
            // audit lines; the default action would kill the process with a request sent and no audit line) and
            // stops the server. A second signal ends the process at once, as it would have without this.
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                    let left = await session.inFlightCount
                    logger.notice("received \(signal); cancelling \(left) request(s) in flight and stopping")
                    Self.restoreDefaultSignalActions()
                    return
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Puts SIGTERM and SIGINT back to their default action (`UnixSignalsSequence` leaves them ignored).
    private static func restoreDefaultSignalActions() {
        _ = signal(SIGTERM, SIG_DFL)
        _ = signal(SIGINT, SIG_DFL)
    }
}

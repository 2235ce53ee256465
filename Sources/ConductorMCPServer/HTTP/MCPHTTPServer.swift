import ConductorMCPCore
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The remote mode: the MCP endpoint over Streamable HTTP, with health, readiness and metrics routes, run until
/// SIGTERM or SIGINT with a graceful shutdown.
public struct MCPHTTPServer: Sendable {
    private let host: MCPHost
    private let options: HTTPServerOptions
    private let logger: Logger
    private let registry: HTTPSessionRegistry
    private let ready: @Sendable () async -> String?
    private let metrics: ServerMetrics?

    /// A server for `host`'s tools; `ready` answers `GET /ready` (nil when ready, else why not); `metrics`, when given, observes every session and
    /// is served at `GET /metrics`.
    public init(
        host: MCPHost, options: HTTPServerOptions, logger: Logger, metrics: ServerMetrics? = nil,
        ready: @escaping @Sendable () async -> String? = { nil }
    ) {
        self.host = host
        self.options = options
        self.logger = logger
        self.ready = ready
        self.metrics = metrics
        registry = HTTPSessionRegistry(
            maxSessions: options.maxSessions, idleTimeout: options.sessionIdleTimeout,
            countChanged: { count in metrics?.sessionsChanged(count) })
    }

    /// The router: the MCP endpoint and the operational routes.
    func makeRouter() -> Router<MCPRequestContext> {
        let router = Router(context: MCPRequestContext.self)
        router.add(
            middleware: OriginMiddleware(
                policy: OriginPolicy(allowed: options.allowedOrigins, requireLoopbackHost: options.bindsLoopback)))
        let observer = metrics
        let endpoint = StreamableHTTPEndpoint(
            host: host, options: options, registry: registry, observer: observer, logger: logger,
            bodyBudget: BodyBudget(limit: options.bodyBytesInFlight))
        let mcp = router.group(RouterPath(options.path))
        if let auth = options.auth {
            let metadataPath = Self.servesMetadata(auth) ? Self.metadataPath : nil
            mcp.add(
                middleware: AuthMiddleware(
                    policy: auth, metadataPath: metadataPath, logger: logger, refused: { observer?.authRefused() }))
            if let metadataPath {
                let metadata = Self.json(Self.protectedResourceMetadata(auth).jsonText)
                // RFC 9728: the well-known path, and the same with the resource's path appended (one route when the
                // MCP endpoint is at the root).
                router.get(RouterPath(metadataPath)) { _, _ in metadata }
                if options.path != "/" { router.get(RouterPath(metadataPath + options.path)) { _, _ in metadata } }
            }
        }
        mcp.post(use: endpoint.post)
        mcp.get(use: endpoint.get)
        mcp.delete(use: endpoint.delete)
        for method in [HTTPRequest.Method.put, .patch, .head, .options, .trace, .connect] {
            mcp.on("", method: method, use: endpoint.otherMethod)
        }
        if let metrics {
            let route = router.group("/metrics")
            if let auth = options.auth, auth.protectMetrics {
                route.add(
                    middleware: AuthMiddleware(
                        policy: auth, metadataPath: Self.servesMetadata(auth) ? Self.metadataPath : nil, logger: logger,
                        refused: { metrics.authRefused() }))
            }
            route.get { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
            }
        }
        let ready = self.ready
        router.get("/health") { _, _ in Self.json(#"{"status":"ok"}"#) }
        // Load balancers often probe with HEAD.
        router.head("/health") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"]) }
        router.get("/ready") { _, _ in
            guard let problem = await ready() else { return Self.json(#"{"status":"ready"}"#) }
            let body: JSONValue = ["status": "not ready", "reason": .string(problem)]
            return Self.json(body.jsonText, status: .serviceUnavailable)
        }
        return router
    }

    /// Whether the RFC 9728 metadata is served: only with a resource identifier and an authorization server to
    /// name (JWT mode), since `resource` is required and static tokens come from no authorization server.
    static func servesMetadata(_ auth: AuthPolicy) -> Bool {
        auth.resource != nil && !auth.authorizationServers.isEmpty
    }

    /// Where the protected-resource metadata is served.
    static let metadataPath = "/.well-known/oauth-protected-resource"

    /// RFC 9728 metadata: the resource, its authorization servers, the scopes it needs, bearer tokens in headers.
    static func protectedResourceMetadata(_ auth: AuthPolicy) -> JSONValue {
        var object = JSONObject()
        if let resource = auth.resource { object["resource"] = .string(resource) }
        object["authorization_servers"] = .array(auth.authorizationServers.map(JSONValue.string))
        object["scopes_supported"] = .array(auth.requiredScopes.map(JSONValue.string))
        object["bearer_methods_supported"] = ["header"]
        object["resource_name"] = .string(MCPHost.serverName)
        return .object(object)
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Serves until SIGTERM or SIGINT: then stops accepting, closes open streams, lets requests in flight finish
    /// within `shutdownGrace`, and returns. `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if let problem = HTTPServerOptions.problem(withPath: options.path) {
            throw HTTPServerOptionsError(message: "the MCP path \(problem)")
        }
        let logger = self.logger
        let options = self.options
        let application = Application(
            router: makeRouter(),
            // A connection that sends nothing for this long (headers never finished, a client gone quiet) is
            // closed, so idle sockets cannot pile up; SSE streams write a keep-alive well within it.
            server: .http1(
                configuration: .init(idleTimeout: .seconds(Int64(Self.connectionIdleTimeout.components.seconds)))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                // An IPv6 address goes in brackets in a URL.
                let host =
                    options.host.contains(":") && !options.host.hasPrefix("[") ? "[\(options.host)]" : options.host
                logger.notice("listening on http://\(host):\(port)\(options.path)")
                await onListening(port)
            },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: application),
                .init(service: SessionSweeper(registry: registry, interval: Self.sweepInterval(options))),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = options.shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
        logger.notice("stopped")
    }

    /// How long a connection may stay silent before it is closed (30 s).
    public static let connectionIdleTimeout: Duration = .seconds(30)

    /// Idle sessions are looked for four times per idle timeout, at most once a minute.
    static func sweepInterval(_ options: HTTPServerOptions) -> Duration {
        min(options.sessionIdleTimeout / 4, .seconds(60))
    }
}

/// Options the server cannot run with (the command line refuses them first).
public struct HTTPServerOptionsError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Ends idle sessions periodically; on graceful shutdown closes every open stream first, so none keeps the process
/// alive (it runs after the HTTP server in the service list, so it is shut down before it).
struct SessionSweeper: Service {
    let registry: HTTPSessionRegistry
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await registry.expire()
            }
        }
        await registry.shutDown()
    }
}

/// Refuses a request whose `Origin` or `Host` fails the `OriginPolicy` with 403; answers a browser's CORS preflight
/// from an allowed origin, and lets such a browser read the answer (`Access-Control-Allow-Origin`, and the session
/// id and auth challenge among the headers it may read).
struct OriginMiddleware: RouterMiddleware {
    typealias Context = MCPRequestContext
    let policy: OriginPolicy
    private static let host = HTTPField.Name("Host")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // RFC 9112 §3.2: a request with more than one Host is a 400 (the HTTP layer keeps the first as the authority
        // and leaves the others among the fields, where a proxy might have read another), as is one with two Origins.
        if !request.headers[values: Self.host].isEmpty || request.headers[values: .origin].count > 1 {
            return HTTPFault.badRequest("the request has more than one Host or Origin header").response
        }
        let origin = request.headers[.origin]
        if let reason = policy.refusal(origin: origin, host: request.head.authority) {
            return HTTPFault(status: .forbidden, error: .invalidRequest(reason)).response
        }
        guard let origin else { return try await next(request, context) }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: origin, .vary: "Origin",
                    .accessControlAllowMethods: "GET, POST, DELETE",
                    .accessControlAllowHeaders:
                        "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID",
                    .accessControlMaxAge: "600",
                ])
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        response.headers[.accessControlExposeHeaders] = "Mcp-Session-Id, WWW-Authenticate, Retry-After"
        return response
    }
}

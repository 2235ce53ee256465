/// How the Streamable HTTP server listens and where its bounds are. Every bound says what happens past it.
public struct HTTPServerOptions: Sendable {
    /// Address to bind; loopback by default.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (logged at start).
    public var port = 3000
    /// The MCP endpoint path.
    public var path = "/mcp"
    /// No session state: every POST is served by a fresh session, GET and DELETE answer 405.
    public var stateless = false
    /// Origins allowed besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`).
    /// A request carrying any other `Origin` gets 403.
    public var allowedOrigins: Set<String> = []
    /// Largest request body read; a larger one gets 413 (at once when its `Content-Length` says so).
    public var maxBodyBytes = 4 << 20
    /// Longest time a request body may take to arrive, from its headers to its last byte; past it, 408. The
    /// connection's idle timeout only catches silence, not a body sent a byte every few seconds.
    public var bodyTimeout: Duration = .seconds(30)
    /// Request-body bytes being received at once over all connections (see `BodyBudget`): 16 times
    /// `maxBodyBytes` (64 MiB by default); a POST past it gets 503 with `Retry-After`.
    public var bodyBytesInFlight: Int {
        let (product, overflow) = maxBodyBytes.multipliedReportingOverflow(by: 16)
        return overflow ? .max : product
    }
    /// Most sessions open at once; `initialize` past it gets 503 until one ends or expires.
    public var maxSessions = 1000
    /// A session unused this long is ended; its next request gets 404 and the client re-initializes.
    public var sessionIdleTimeout: Duration = .seconds(30 * 60)
    /// Interval of SSE keep-alive comments on open streams.
    public var keepAliveInterval: Duration = .seconds(15)
    /// On SIGTERM, how long in-flight requests may take before they are cancelled.
    public var shutdownGrace: Duration = .seconds(10)
    /// How often a long `invoke` with a progress token reports progress.
    public var progressInterval: Duration = .seconds(1)

    /// Bearer-token authentication of the MCP endpoint, or nil for none.
    public var auth: AuthPolicy?

    /// Defaults: 127.0.0.1:3000/mcp, stateful.
    public init() {}

    /// The routes the server serves besides the MCP endpoint (`/.well-known` for RFC 9728 metadata): the MCP path may
    /// be none of them nor lie under one.
    public static let reservedPaths = ["/health", "/ready", "/metrics", "/.well-known"]

    /// Why `path` cannot be the MCP endpoint's path, or nil when it can: it starts with `/`, has at most 200
    /// characters, only letters, digits, `-`, `_`, `.`, `~` and `/` (no router pattern such as `*`, `:id` or `{id}`),
    /// no empty, `.` or `..` segment, and is not one of `reservedPaths` or under one. `/` itself is allowed.
    public static func problem(withPath path: String) -> String? {
        guard path.hasPrefix("/"), path.utf8.count <= 200 else {
            return "must start with / and have at most 200 characters"
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/".utf8)
        guard path.utf8.allSatisfy(allowed.contains) else {
            return "may hold only letters, digits, '-', '_', '.', '~' and '/'"
        }
        let trimmed = path == "/" ? path : String(path.dropLast(path.hasSuffix("/") ? 1 : 0))
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard trimmed == "/" || !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            return "may not hold an empty, '.' or '..' segment"
        }
        let lowered = trimmed.lowercased()
        if let route = reservedPaths.first(where: { lowered == $0 || lowered.hasPrefix($0 + "/") }) {
            return "collides with the server's own route \(route)"
        }
        return nil
    }

    /// True when `host` is a loopback address or name.
    public var bindsLoopback: Bool { Self.isLoopback(host) }

    /// True for `localhost`, an IPv4 literal in 127.0.0.0/8 and ::1 — parsed, never by prefix: `127.0.0.1.evil.com`
    /// is a name an attacker can point anywhere (DNS rebinding).
    public static func isLoopback(_ host: String) -> Bool {
        let bare = (host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host)
            .lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4,
            octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            ),
            let values = Optional(octets.compactMap { Int($0) }), values.count == 4, values.allSatisfy({ $0 <= 255 })
        else { return false }
        return values[0] == 127
    }
}

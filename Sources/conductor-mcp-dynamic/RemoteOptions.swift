import ArgumentParser
import ConductorMCPCore
import ConductorMCPServer
import Foundation

/// Flags of the remote mode (`serve --transport http`).
struct RemoteOptions: ParsableArguments {
    @Option(help: "Address to listen on. Anything but loopback needs authentication or --allow-unauthenticated.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, logged at start).")
    var port: Int = 3000

    @Option(
        help:
            "Path of the MCP endpoint: letters, digits, - _ . ~ and /; not /health, /ready, /metrics or /.well-known.")
    var path: String = "/mcp"

    @Flag(help: "Keep no session state, so replicas can sit behind any load balancer (no GET stream, no DELETE).")
    var stateless = false

    @Flag(help: "Allow listening on a non-loopback address without authentication (a warning is logged).")
    var allowUnauthenticated = false

    @Option(
        name: .customLong("allowed-origin"),
        help: ArgumentHelp("A browser Origin allowed besides loopback ones (repeatable).", valueName: "origin"))
    var allowedOrigins: [String] = []

    @Option(help: "Largest request body in bytes; larger ones get 413.")
    var maxBodyBytes: Int = 4 << 20

    @Option(
        name: .customLong("body-timeout"),
        help: "Seconds a POST body may take to arrive after its headers (1-600; past it, 408).")
    var bodyTimeout: Int = 30

    @Option(help: "Most sessions open at once; initialize past it gets 503.")
    var maxSessions: Int = 1000

    @Option(help: "Seconds a session may stay unused before it is ended (its next request gets 404).")
    var sessionIdleTimeout: Int = 1800

    @Option(help: "Seconds between SSE keep-alive comments.")
    var keepAlive: Int = 15

    @Option(help: "Seconds in-flight requests may take to finish after SIGTERM.")
    var shutdownGrace: Int = 10

    @Option(
        name: .customLong("auth-jwks"),
        help: ArgumentHelp(
            "JWKS URL of the authorization server; bearer JWTs are verified against it.", valueName: "url"))
    var authJWKS: String?

    @Option(name: .customLong("auth-issuer"), help: "The iss every JWT must carry (with --auth-jwks).")
    var authIssuer: String?

    @Option(
        name: .customLong("auth-audience"),
        help: "The aud every JWT must contain: this server's canonical URL, e.g. https://mcp.example.com/mcp.")
    var authAudience: String?

    @Option(
        name: .customLong("auth-token-file"),
        help: ArgumentHelp(
            "File of static bearer tokens, one per line: TOKEN [subject [scope ...]]; # comments.", valueName: "path"))
    var authTokenFile: String?

    @Option(
        name: .customLong("auth-scope"),
        help: ArgumentHelp("A scope every token must carry (repeatable); missing gets 403.", valueName: "scope"))
    var authScopes: [String] = []

    @Option(name: .customLong("auth-clock-skew"), help: "Seconds of clock skew allowed for exp and nbf.")
    var authClockSkew: Int = 60

    @Option(
        name: .customLong("auth-jwks-refresh"),
        help: "Least seconds between two JWKS fetches (a token with an unknown key id triggers one).")
    var authJWKSRefresh: Int = 30

    @Option(
        name: .customLong("auth-jwks-max-age"),
        help:
            "Seconds a fetched JWKS is trusted; the next token after that refetches it, so a removed key stops verifying."
    )
    var authJWKSMaxAge: Int = 300

    @Flag(
        name: .customLong("ready-checks-upstream"),
        help: "GET /ready also checks that --server answers (any HTTP status) within 2 s.")
    var readyChecksUpstream = false

    @Flag(name: .customLong("metrics-require-auth"), help: "Require a bearer token for GET /metrics too.")
    var metricsRequireAuth = false

    /// Whether some form of authentication is configured.
    var authenticates: Bool { authJWKS != nil || authTokenFile != nil }

    /// The authentication these flags describe, or nil for none; the JWKS is fetched through `transport`.
    func authPolicy(transport: any HTTPTransport) throws -> AuthPolicy? {
        guard authenticates else { return nil }
        var verifiers: [any TokenVerifier] = []
        if let authJWKS, let authIssuer, let authAudience {
            var configuration = JWKSVerifier.Configuration(
                jwksURL: authJWKS, issuer: authIssuer, audience: authAudience)
            configuration.clockSkew = .seconds(authClockSkew)
            configuration.minRefreshInterval = .seconds(authJWKSRefresh)
            configuration.maxKeySetAge = .seconds(authJWKSMaxAge)
            verifiers.append(JWKSVerifier(configuration: configuration, transport: transport))
        }
        if let authTokenFile {
            do {
                verifiers.append(try StaticTokenVerifier(path: authTokenFile))
            } catch {
                throw ValidationError(error.message)
            }
        }
        var policy = AuthPolicy(
            verifiers: verifiers, requiredScopes: authScopes, resource: authAudience,
            authorizationServers: authIssuer.map { [$0] } ?? [])
        policy.protectMetrics = metricsRequireAuth
        return policy
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535, got \(port)") }
        if let problem = HTTPServerOptions.problem(withPath: path) {
            throw ValidationError("--path \(problem), got \(path.prefix(200))")
        }
        guard (1024...(1 << 30)).contains(maxBodyBytes) else {
            throw ValidationError("--max-body-bytes must be 1024 to 1073741824 (1 GiB)")
        }
        guard (1...600).contains(bodyTimeout) else { throw ValidationError("--body-timeout must be 1-600 seconds") }
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1") }
        guard sessionIdleTimeout >= 1 else { throw ValidationError("--session-idle-timeout must be at least 1") }
        guard keepAlive >= 1 else { throw ValidationError("--keep-alive must be at least 1") }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must not be negative") }
        if authJWKS != nil, authIssuer == nil || authAudience == nil {
            throw ValidationError("--auth-jwks needs --auth-issuer and --auth-audience")
        }
        if authJWKS == nil, authIssuer != nil || authAudience != nil {
            throw ValidationError("--auth-issuer and --auth-audience need --auth-jwks")
        }
        if let authJWKS {
            guard let url = URL(string: authJWKS), url.scheme == "https" || url.scheme == "http", url.host != nil
            else { throw ValidationError("--auth-jwks must be an http(s) URL, got \(authJWKS)") }
        }
        guard authClockSkew >= 0, authClockSkew <= 600 else {
            throw ValidationError("--auth-clock-skew must be 0-600 seconds")
        }
        guard authJWKSRefresh >= 1 else { throw ValidationError("--auth-jwks-refresh must be at least 1") }
        guard authJWKSMaxAge >= authJWKSRefresh, authJWKSMaxAge <= 86_400 else {
            throw ValidationError(
                "--auth-jwks-max-age must be at least --auth-jwks-refresh (\(authJWKSRefresh)) and at most 86400 seconds"
            )
        }
        if metricsRequireAuth, !authenticates {
            throw ValidationError("--metrics-require-auth needs --auth-jwks or --auth-token-file")
        }
        // An address or a host name to bind: letters, digits, '.', '-', ':' (IPv6, written without brackets), at
        // most 253 characters.
        guard !host.isEmpty, host.utf8.count <= 253,
            host.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789.-:".unicodeScalars.contains($0))
            })
        else {
            throw ValidationError(
                "--host must be an IP address (IPv6 without brackets, as ::1) or a host name to listen on, got "
                    + TextBounds.shortened(host, limit: 80)
            )
        }
        if !host.isLoopback, !authenticates, !allowUnauthenticated {
            throw ValidationError(
                "refusing to listen on \(host) without authentication: configure --auth-jwks or --auth-token-file, or pass --allow-unauthenticated if something in front authenticates"
            )
        }
    }

    /// The server options these flags describe.
    var serverOptions: HTTPServerOptions {
        var options = HTTPServerOptions()
        options.host = host
        options.port = port
        options.path = path
        options.stateless = stateless
        options.allowedOrigins = Set(allowedOrigins)
        options.maxBodyBytes = maxBodyBytes
        options.bodyTimeout = .seconds(bodyTimeout)
        options.maxSessions = maxSessions
        options.sessionIdleTimeout = .seconds(sessionIdleTimeout)
        options.keepAliveInterval = .seconds(keepAlive)
        options.shutdownGrace = .seconds(shutdownGrace)
        return options
    }
}

extension String {
    /// True for loopback addresses and `localhost`.
    var isLoopback: Bool { HTTPServerOptions.isLoopback(self) }
}

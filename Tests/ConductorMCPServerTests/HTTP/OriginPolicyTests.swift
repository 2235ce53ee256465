import Testing

@testable import ConductorMCPServer

@Suite("Origin and Host checks")
struct OriginPolicyTests {
    let policy = OriginPolicy(allowed: ["https://app.example.com"], requireLoopbackHost: true)

    @Test(
        "requests without Origin, or from loopback or listed origins, pass",
        arguments: [nil, "http://localhost:5173", "http://127.0.0.1", "http://[::1]:8080", "https://app.example.com"])
    func allowed(origin: String?) {
        #expect(policy.refusal(origin: origin, host: "127.0.0.1:3000") == nil)
    }

    @Test(
        "a foreign origin, or a look-alike of a loopback one, is refused",
        arguments: [
            "http://evil.example", "http://localhost.evil.example", "null", "file://", "https://app.example.com.evil",
        ])
    func refused(origin: String) {
        #expect(policy.refusal(origin: origin, host: "127.0.0.1:3000") != nil)
    }

    @Test("a rebinding Host on a loopback server is refused; a non-loopback server does not check it")
    func host() {
        #expect(policy.refusal(origin: nil, host: "evil.example:3000") != nil)
        #expect(policy.refusal(origin: nil, host: "localhost:3000") == nil)
        #expect(policy.refusal(origin: nil, host: "[::1]:3000") == nil)
        #expect(policy.refusal(origin: nil, host: "localhost:65535") == nil)
        let open = OriginPolicy(allowed: [], requireLoopbackHost: false)
        #expect(open.refusal(origin: nil, host: "mcp.example.com") == nil)
    }

    @Test(
        "look-alike loopback names and malformed Host headers are refused (DNS rebinding)",
        arguments: [
            "127.0.0.1.evil.com:3000", "127.evil.example", "127.0.0.1:1@evil.com", "127.0.0.1:", "127.0.0.1:3000x",
            "", "localhost.evil.com", "127.0.0.256", "[::1", "0x7f.0.0.1", "127.0.0.1:99999", "127.0.0.1:65536",
            "127.0.0.1:\u{0663}\u{0660}\u{0660}\u{0660}", "127.0.0.1:\u{00BD}", "127.0.0.1:+80", "127.0.0.1:-0",
            "127.0.0.1:0",
        ])
    func lookAlikes(host: String) {
        #expect(policy.refusal(origin: nil, host: host) != nil, "\(host)")
        // As an Origin, a loopback address with an empty port is still loopback; the names must be refused.
        if !host.hasPrefix("127.0.0.1:") {
            #expect(policy.refusal(origin: "http://\(host)", host: "127.0.0.1:3000") != nil, "\(host)")
        }
    }

    @Test("a loopback Origin is scheme, host and a port in range: nothing after it")
    func originShape() {
        #expect(policy.refusal(origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000") == nil)
        for origin in [
            "http://127.0.0.1:99999", "http://127.0.0.1:3000/path", "http://localhost/?x=1", "http://a@localhost",
        ] {
            #expect(policy.refusal(origin: origin, host: "127.0.0.1:3000") != nil, "\(origin)")
        }
    }

    @Test("a missing Host on a loopback server is refused")
    func missingHost() {
        #expect(policy.refusal(origin: nil, host: nil) != nil)
        #expect(HTTPServerOptions.isLoopback("127.1.2.3") && HTTPServerOptions.isLoopback("[::1]"))
        #expect(!HTTPServerOptions.isLoopback("127.0.0.1.nip.io"))
    }

    @Test("the MCP path may not be a route the server serves itself, lie under one, or hold a router pattern")
    func mcpPath() {
        for path in ["/mcp", "/", "/mcp/", "/v1/mcp", "/a-b_c.d~e", "/healthz", "/mcp/health"] {
            #expect(HTTPServerOptions.problem(withPath: path) == nil, "\(path)")
        }
        for path in [
            "/health", "/ready/", "/metrics", "/METRICS", "/.well-known", "/.well-known/oauth-protected-resource",
            "/.well-known/x", "mcp", "", "/mcp/*", "/mcp/:id", "/{id}", "/a//b", "/a/../b", "/a/./b", "/m cp",
            "/" + String(repeating: "a", count: 200),
        ] {
            #expect(HTTPServerOptions.problem(withPath: path) != nil, "\(path)")
        }
    }
}

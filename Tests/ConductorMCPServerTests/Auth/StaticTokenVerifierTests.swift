import ConductorMCPCore
import Testing

@testable import ConductorMCPServer

@Suite("Static bearer tokens and scopes")
struct StaticTokenVerifierTests {
    let verifier: StaticTokenVerifier

    init() throws {
        verifier = try StaticTokenVerifier(
            text: """
                # deployment tokens
                0123456789abcdef0123 alice mcp:tools mcp:invoke

                fedcba9876543210fedc
                """)
    }

    @Test("a listed token names its subject and scopes; an unnamed one gets a line-based subject")
    func known() async throws {
        let alice = try await verifier.verify("0123456789abcdef0123")
        #expect(alice.subject == "alice")
        #expect(alice.scopes == ["mcp:tools", "mcp:invoke"])
        #expect(try await verifier.verify("fedcba9876543210fedc").subject == "static-token-4")
    }

    @Test("an unknown token, a prefix or an extension of a known one is refused")
    func unknown() async {
        for token in ["0123456789abcdef012", "0123456789abcdef01234", "", "nope"] {
            await #expect(throws: AuthError.self) { try await verifier.verify(token) }
        }
    }

    @Test("a short token or an empty file is a configuration error naming the line")
    func configuration() {
        #expect(throws: AuthConfigurationError.self) { try StaticTokenVerifier(text: "short\n") }
        #expect(throws: AuthConfigurationError.self) { try StaticTokenVerifier(text: "# only comments\n") }
    }

    @Test("a file saved with CRLF line ends or a byte-order mark reads as the same tokens and scopes")
    func windowsLineEnds() async throws {
        let text = "\u{FEFF}# tokens\r\n0123456789abcdef0123 alice mcp:tools\r\nfedcba9876543210fedc bob mcp:tools\r\n"
        let crlf = try StaticTokenVerifier(text: text)
        let alice = try await crlf.verify("0123456789abcdef0123")
        #expect(alice.subject == "alice" && alice.scopes == ["mcp:tools"])
        #expect(try await crlf.verify("fedcba9876543210fedc").scopes == ["mcp:tools"])
        let bom = try StaticTokenVerifier(text: "\u{FEFF}0123456789abcdef0123 carol")
        #expect(try await bom.verify("0123456789abcdef0123").subject == "carol")
    }

    @Test("a token listed twice or holding what no Bearer header can carry is a configuration error")
    func badTokens() {
        #expect(throws: AuthConfigurationError.self) {
            try StaticTokenVerifier(text: "0123456789abcdef0123 alice\n0123456789abcdef0123 bob\n")
        }
        for token in ["0123456789abcdef0123\u{7}", "0123456789abcdéf0123", "0123456789abc,def0123"] {
            #expect(throws: AuthConfigurationError.self) { try StaticTokenVerifier(text: token) }
        }
    }

    @Test("the policy wants Bearer, refuses a missing scope with 403 and passes a token that has it")
    func policy() async throws {
        let policy = AuthPolicy(verifiers: [verifier], requiredScopes: ["mcp:tools"])
        await #expect(throws: AuthError.missingToken) { try await policy.authenticate(nil) }
        await #expect(throws: AuthError.missingToken) { try await policy.authenticate("Basic abc") }
        #expect(try await policy.authenticate("Bearer 0123456789abcdef0123").subject == "alice")
        await #expect(throws: AuthError.insufficientScope(required: ["mcp:tools"])) {
            try await policy.authenticate("bearer fedcba9876543210fedc")
        }
    }
}

import ConductorMCPCore
import Testing

@testable import ConductorMCPServer

@Suite("JWT claims")
struct JWKSVerifierTests {
    @Test("the caller carries sub, scopes from scope and scp, and string claims")
    func identity() throws {
        let claims = try JSONParser.parse(
            #"{"sub":"alice","scope":"a b","scp":["c"],"role":"admin","groups":["x","y"],"exp":5}"#)
        let caller = JWKSVerifier.identity(claims)
        #expect(caller.subject == "alice")
        #expect(caller.scopes == ["a", "b", "c"])
        #expect(caller.claims["role"] == "admin")
        #expect(caller.claims["groups"] == "x y")
        #expect(caller.claims["exp"] == nil)
        // A client-credentials token names a client: never the user of the same name.
        let client = JWKSVerifier.identity(try JSONParser.parse(#"{"client_id":"alice","scope":"a"}"#))
        #expect(client.subject == "client:alice")
        #expect(JWKSVerifier.identity(try JSONParser.parse(#"{"azp":"bob"}"#)).subject == "client:bob")
    }

    @Test("a token that is not three base64url JSON segments is refused before any key fetch")
    func malformed() async {
        let upstream = GatedTransport()
        let verifier = JWKSVerifier(
            configuration: .init(jwksURL: "http://127.0.0.1:9/jwks", issuer: "i", audience: "a"), transport: upstream)
        for token in ["", "a.b", "a.b.c", "e30.e30"] {
            await #expect(throws: AuthError.self) { try await verifier.verify(token) }
        }
        #expect(await upstream.sent.isEmpty)
    }
}

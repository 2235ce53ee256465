import ConductorMCPCore
import Foundation
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
        #expect(caller.claims["role"] == ["admin"])
        #expect(caller.claims["groups"] == ["x", "y"])
        #expect(caller.claims["exp"] == nil)
        // A client-credentials token names a client: never the user of the same name.
        let client = JWKSVerifier.identity(try JSONParser.parse(#"{"client_id":"alice","scope":"a"}"#))
        #expect(client.subject == "client:alice")
        #expect(JWKSVerifier.identity(try JSONParser.parse(#"{"azp":"bob"}"#)).subject == "client:bob")
        // An empty sub names nobody: the client, if any, is the subject.
        #expect(JWKSVerifier.identity(try JSONParser.parse(#"{"sub":"","azp":"bob"}"#)).subject == "client:bob")
        #expect(JWKSVerifier.identity(try JSONParser.parse(#"{"sub":"","client_id":""}"#)).subject == nil)
    }

    @Test("identities compare by scalars: a KELVIN SIGN is not a K (Swift's == says it is)")
    func exactIdentities() throws {
        let kelvin = JWKSVerifier.identity(
            try JSONParser.parse(#"{"sub":"\u212Aate","scope":"\u212Aops","groups":["\u212Aops"]}"#))
        #expect(kelvin.subject != "Kate" && kelvin.subject == #"\u{212A}ate"#)
        #expect(!kelvin.scopes.contains("Kops"))
        let policy = AccessPolicy(
            roles: AccessRole.builtIn.merging(["Kops": AccessRole(name: "Kops", summary: "k", allow: [])]) { $1 },
            mapping: RoleMapping(claim: "groups", unmatched: nil))
        #expect(policy.role(for: kelvin).name == "none")
        #expect(CallerIdentity.exact("plain-ascii_1") == "plain-ascii_1")
        #expect(CallerIdentity.exact("a\\b\u{1B}") == #"a\u{5C}b\u{1B}"#)
    }

    @Test("only asymmetric signature algorithms are accepted, each with its key type")
    func algorithms() {
        #expect(JWKSVerifier.keyType(ofAlgorithm: "RS256") == "RSA")
        #expect(JWKSVerifier.keyType(ofAlgorithm: "PS512") == "RSA")
        #expect(JWKSVerifier.keyType(ofAlgorithm: "ES384") == "EC")
        #expect(JWKSVerifier.keyType(ofAlgorithm: "EdDSA") == "OKP")
        for refused in ["none", "None", "HS256", "whatever", "", "rs256"] {
            #expect(JWKSVerifier.keyType(ofAlgorithm: refused) == nil, "\(refused)")
        }
    }

    @Test("a segment naming a member twice is no JWT segment")
    func duplicateMembers() {
        func segment(_ json: String) -> Substring {
            Substring(
                Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        #expect(JWKSVerifier.decodeSegment(segment(#"{"sub":"a","exp":1}"#)) != nil)
        #expect(JWKSVerifier.decodeSegment(segment(#"{"sub":"a","sub":"admin"}"#)) == nil)
    }

    @Test("the challenge's description and reflected Host are printable ASCII without quotes")
    func challengeText() {
        #expect(
            HeaderText.printable("unknown key id k1\u{1B}[31m\n2026 critical \"x\"\u{202E}")
                == "unknown key id k1?[31m?2026 critical ?x??")
        #expect(HeaderText.printable(String(repeating: "a", count: 300)).count == 200)
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

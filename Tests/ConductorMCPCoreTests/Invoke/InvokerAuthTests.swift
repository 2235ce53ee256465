import Foundation
import Synchronization
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Invoker authentication")
struct InvokerAuthTests {
    private static func withAuth(_ configuration: inout InvokeConfiguration) {
        configuration.authKey = "key-1"
        configuration.authSecret = "secret-1"
    }

    private static let token = UpstreamResponse.json(200, #"{"token":"tok-1"}"#)
    private let arguments = InvokeArguments(endpoint: "DELETE /api/items/{itemId}", params: ["itemId": "i"])

    @Test("an upstream that echoes the key secret, a header value or the token does not show them to the agent")
    func echoedCredentialsMasked() async {
        let echoAuth = FakeTransport([
            .response(.json(400, #"{"message":"bad credentials: {\"keyId\":\"key-1\",\"keySecret\":\"secret-1\"}"}"#))
        ])
        let refused = await InvokeTest.invoker(transport: echoAuth, configure: Self.withAuth).invoke(arguments)
        #expect(refused.isError && !refused.text.contains("secret-1") && refused.text.contains("***"))
        let echoHeaders = FakeTransport(
            [.response(Self.token)],
            fallback: { _ in
                .response(.json(500, #"{"message":"headers: Bearer hdr-secret-9, X-Authorization: tok-1"}"#))
            })
        let answer = await InvokeTest.invoker(
            transport: echoHeaders,
            configure: {
                Self.withAuth(&$0)
                $0.staticHeaders = [("Authorization", "Bearer hdr-secret-9")]
            }
        ).invoke(arguments)
        for secret in ["hdr-secret-9", "tok-1"] {
            #expect(!answer.text.contains(secret) && !answer.structured.jsonText.contains(secret), "\(secret)")
        }
    }

    @Test("a long echoed credential is masked before strings are cut; Basic, hex and JSON-escaped forms too")
    func echoedFormsMasked() async {
        let token = (0..<40).map { "tok\($0)x" + String(repeating: "Q", count: 20) }.joined()
        let secret = "pa\"ss\\wörd-1234"
        let key = "myKeyId"
        let basic = Data("\(key):\(secret)".utf8).base64EncodedString()
        let hex = secret.utf8.map { String(format: "%02X", $0) }.joined()
        let escaped = SecretMask.jsonEscaped(secret, asciiOnly: true)
        let echo =
            JSONValue.object(
                JSONObject([
                    ("long", .string("Authorization: Bearer \(token) was refused")),
                    ("basic", .string("Basic \(basic)")),
                    ("hex", .string(hex)),
                ])
            ).jsonText.dropLast() + #", "escaped": "\#(escaped)"}"#
        // A 200 answer with a list: the budget is tight, so long strings are cut (to 200 characters).
        let rows = (0..<60).map { #"{"id": "row-\#($0)", "note": "\#(String(repeating: "n", count: 50))"}"# }
        let body = String(echo.dropLast()) + #", "rows": [\#(rows.joined(separator: ","))]}"#
        let transport = FakeTransport([.response(Self.token)], fallback: { _ in .response(.json(200, body)) })
        let answer = await InvokeTest.invoker(
            transport: transport,
            configure: {
                $0.authKey = key
                $0.authSecret = secret
                $0.staticHeaders = [("Authorization", "Bearer \(token)")]
            }
        ).invoke(InvokeArguments(endpoint: "DELETE /api/items/{itemId}", params: ["itemId": "i"], maxChars: 2000))
        let shown = answer.text + answer.structured.jsonText
        #expect(!shown.contains("tok1x"), "\(answer.text)")
        for form in [basic, hex, escaped, "QQQQQQQQQQQQQQQQQQQQtok"] { #expect(!shown.contains(form), "\(form)") }
    }

    @Test("a redirect from the token endpoint is not followed with the key pair, and the advice is the address")
    func tokenRedirect() async {
        let redirect = UpstreamResponse(
            status: 307, headers: [HeaderField("Location", "http://other.test/api/token")], body: [])
        let transport = FakeTransport([.response(redirect)])
        let outcome = await InvokeTest.invoker(transport: transport, configure: Self.withAuth).invoke(arguments)
        #expect(outcome.isError)
        #expect(outcome.text.contains("307, a redirect to http://other.test/api/token"), "\(outcome.text)")
        #expect(!outcome.text.contains("Check the key id and secret"))
        #expect(await transport.requests.count == 1)
    }

    @Test("an ordinary header's value is no credential: the answer keeps the words it shares with it")
    func ordinaryHeadersNotMasked() async {
        let transport = FakeTransport(fallback: { _ in
            .response(.json(200, #"{"timeoutSeconds":60,"contentType":"application/json","team":"time"}"#))
        })
        let answer = await InvokeTest.invoker(
            transport: transport,
            configure: {
                $0.staticHeaders = [
                    ("X-Team", "time"), ("Accept", "application/json"), ("X-Custom", "Bearer custom-secret-1"),
                ]
            }
        ).invoke(arguments)
        #expect(!answer.isError)
        #expect(answer.text.contains("timeoutSeconds") && answer.text.contains("application/json"), "\(answer.text)")
        #expect(!answer.text.contains("***"))
        #expect(Invoker.credentials(in: [("X-Custom", "Bearer custom-secret-1")]).contains("custom-secret-1"))
        #expect(Invoker.credentials(in: [("X-Team", "time"), ("Accept", "application/json")]).isEmpty)
    }

    @Test("the token is fetched once with the key and secret, then reused and sent as X-Authorization")
    func fetchedOnceAndCached() async throws {
        let transport = FakeTransport([.response(Self.token)], fallback: { _ in .response(.json(200, "{}")) })
        let invoker = InvokeTest.invoker(transport: transport, configure: Self.withAuth)
        for _ in 0..<3 { #expect(await !invoker.invoke(arguments).isError) }
        let requests = await transport.requests
        #expect(
            requests.map { "\($0.method) \($0.url)" } == [
                "POST http://conductor.test:8080/api/token",
                "DELETE http://conductor.test:8080/api/items/i",
                "DELETE http://conductor.test:8080/api/items/i",
                "DELETE http://conductor.test:8080/api/items/i",
            ])
        #expect(
            requests[safe: 0]?.body.map { String(decoding: $0, as: UTF8.self) }
                == #"{"keyId":"key-1","keySecret":"secret-1"}"#
        )
        #expect(requests[safe: 0]?.header("X-Authorization") == nil)
        #expect(requests[1...].allSatisfy { $0.header("X-Authorization") == "tok-1" })
    }

    @Test("concurrent calls share one token fetch")
    func concurrentCallsShareFetch() async {
        let transport = FakeTransport(fallback: { request in
            request.url.hasSuffix("/api/token") ? .response(Self.token) : .response(.json(200, "{}"))
        })
        let invoker = InvokeTest.invoker(transport: transport, configure: Self.withAuth)
        let arguments = arguments
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = await invoker.invoke(arguments) } }
        }
        #expect(await transport.requests.filter { $0.url.hasSuffix("/api/token") }.count == 1)
    }

    @Test("a 401 fetches a new token once and repeats the call")
    func refreshOn401() async {
        let transport = FakeTransport([
            .response(Self.token),
            .response(.json(401, #"{"error":"EXPIRED_TOKEN","message":"Token has expired"}"#)),
            .response(.json(200, #"{"token":"tok-2"}"#)),
            .response(.json(200, #"{"ok":true}"#)),
        ])
        let outcome = await InvokeTest.invoker(transport: transport, configure: Self.withAuth).invoke(arguments)
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(outcome.text.contains("a new token was fetched"))
        let requests = await transport.requests
        #expect(requests.count == 4)
        #expect(requests[safe: 3]?.header("X-Authorization") == "tok-2")
    }

    @Test("a 401 after a fresh token is reported, not retried forever")
    func repeated401Stops() async {
        let transport = FakeTransport(fallback: { request in
            request.url.hasSuffix("/api/token")
                ? .response(Self.token) : .response(.json(401, #"{"error":"INVALID_TOKEN","message":"Invalid token"}"#))
        })
        let outcome = await InvokeTest.invoker(transport: transport, configure: Self.withAuth).invoke(arguments)
        #expect(outcome.isError)
        #expect(outcome.structured["status"] == 401)
        #expect(outcome.text.contains("Conductor says: Invalid token (INVALID_TOKEN)"))
        #expect(outcome.text.contains("freshly fetched token"))
        #expect(await transport.requests.count == 4)  // token, call, token, call
    }

    @Test("an expired token is fetched again before the call")
    func expiry() async {
        let clock = Mutex(Date(timeIntervalSince1970: 1_000_000))
        let transport = FakeTransport(fallback: { request in
            request.url.hasSuffix("/api/token") ? .response(Self.token) : .response(.json(200, "{}"))
        })
        let invoker = InvokeTest.invoker(
            transport: transport,
            configure: {
                Self.withAuth(&$0)
                $0.defaultTokenLifetime = .seconds(60)
            },
            now: { clock.withLock { $0 } })
        _ = await invoker.invoke(arguments)
        clock.withLock { $0 += 30 }
        _ = await invoker.invoke(arguments)
        #expect(await transport.requests.filter { $0.url.hasSuffix("/api/token") }.count == 1)
        clock.withLock { $0 += 31 }
        _ = await invoker.invoke(arguments)
        #expect(await transport.requests.filter { $0.url.hasSuffix("/api/token") }.count == 2)
    }

    @Test("a JWT's exp claim sets the expiry, less a minute of skew")
    func jwtExpiry() {
        func b64(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        let jwt = b64(#"{"alg":"HS256"}"#) + "." + b64(#"{"sub":"app","exp":2000000000}"#) + ".sig"
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(
            TokenCache.expiry(of: jwt, now: now, fallback: .seconds(5)) == Date(timeIntervalSince1970: 1_999_999_940))
        #expect(TokenCache.expiry(of: "opaque", now: now, fallback: .seconds(5)) == Date(timeIntervalSince1970: 1_005))
    }

    @Test("refused credentials are an isError result that names the settings to check as the host names them")
    func badCredentials() async {
        let transport = FakeTransport([.response(.json(401, #"{"message":"Invalid credentials"}"#))])
        let outcome = await InvokeTest.invoker(
            transport: transport,
            configure: {
                Self.withAuth(&$0)
                $0.names.credentials = "KEY/SECRET"
            }
        ).invoke(arguments)
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "authentication")
        #expect(outcome.text.contains("answered 401: Invalid credentials"))
        #expect(outcome.text.contains("Check the key id and secret (KEY/SECRET)."))
        #expect(await transport.requests.count == 1)
    }

    @Test("the token endpoint unreachable is an authentication error with the transport's advice")
    func tokenEndpointUnreachable() async {
        let transport = FakeTransport([.failure(TransportError(.connectionRefused, "refused"))])
        let outcome = await InvokeTest.invoker(transport: transport, configure: Self.withAuth).invoke(arguments)
        #expect(outcome.isError)
        #expect(outcome.text.contains("Connection refused"))
    }

    @Test("without auth configured no token is fetched and no X-Authorization is sent")
    func noAuth() async {
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        _ = await InvokeTest.invoker(transport: transport).invoke(arguments)
        let requests = await transport.requests
        #expect(requests.count == 1)
        #expect(requests[safe: 0]?.header("X-Authorization") == nil)
    }
}

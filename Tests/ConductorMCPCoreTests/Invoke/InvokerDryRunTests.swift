import Foundation
import Testing

@testable import ConductorMCPCore

@Suite("Invoker dry run and server URL")
struct InvokerDryRunTests {
    @Test("dry run shows method, URL, headers and body, masks secrets, and sends nothing, not even for a token")
    func dryRun() async {
        let transport = FakeTransport()
        let invoker = InvokeTest.invoker(transport: transport) {
            $0.authKey = "k"
            $0.authSecret = "s"
            $0.staticHeaders = [
                (name: "Authorization", value: "Bearer abc"), (name: "X-Api-Key", value: "xyz"),
                (name: "X-Team", value: "blue"),
            ]
        }
        let outcome = await invoker.invoke(
            InvokeArguments(
                endpoint: "createNode", params: ["dryRunFlag": true], body: ["name": "n"], dryRun: true))
        #expect(!outcome.isError)
        #expect(await transport.requests.isEmpty)
        #expect(
            outcome.text == """
                Dry run: nothing was sent.
                POST http://conductor.test:8080/api/nodes?dryRunFlag=true
                Accept: application/json, text/plain;q=0.9, */*;q=0.8
                Accept-Encoding: identity
                Authorization: ***
                X-Api-Key: ***
                X-Team: ***
                Content-Type: application/json
                X-Authorization: ***

                {"name":"n"}
                """)
        #expect(outcome.structured["dryRun"] == true)
        #expect(outcome.structured["headers"]?["X-Authorization"] == "***")
        #expect(outcome.structured["body"]?["name"] == "n")
        #expect(!outcome.text.contains("abc") && !outcome.text.contains("xyz"))
    }

    @Test("dry run masks a cookie parameter")
    func dryRunCookie() async {
        let outcome = await InvokeTest.invoker().invoke(
            InvokeArguments(endpoint: "getItem", params: ["itemId": "i", "session": "s3cret"], dryRun: true))
        #expect(outcome.text.contains("Cookie: ***"))
        #expect(!outcome.text.contains("s3cret"))
    }

    @Test("dry run still validates")
    func dryRunValidates() async {
        let outcome = await InvokeTest.invoker().invoke(InvokeArguments(endpoint: "getItem", dryRun: true))
        #expect(outcome.isError)
        #expect(InvokeTest.locations(outcome) == ["params.itemId"])
    }

    @Test(
        "the server URL works with or without /api and a trailing slash",
        arguments: [
            "http://h:8080", "http://h:8080/", "http://h:8080/api", "http://h:8080/api/", "http://h:8080/API",
        ])
    func apiPrefix(server: String) async {
        let outcome = await InvokeTest.invoker {
            $0.serverURL = URL(string: server)!
        }.invoke(InvokeArguments(endpoint: "deleteItem", params: ["itemId": "i"], dryRun: true))
        #expect(outcome.structured["url"] == "http://h:8080/api/items/i")
    }

    @Test("a server under a path prefix keeps the prefix")
    func pathPrefix() async {
        let outcome = await InvokeTest.invoker {
            $0.serverURL = URL(string: "https://h/conductor/api")!
        }.invoke(InvokeArguments(endpoint: "deleteItem", params: ["itemId": "i"], dryRun: true))
        #expect(outcome.structured["url"] == "https://h/conductor/api/items/i")
        let health = await InvokeTest.invoker {
            $0.serverURL = URL(string: "https://h/conductor/api")!
        }.invoke(InvokeArguments(endpoint: "GET /health", dryRun: true))
        #expect(health.structured["url"] == "https://h/conductor/health")
    }
}

@Suite("Invoke configuration")
struct InvokeConfigurationTests {
    @Test(
        "server URLs that are not absolute http(s) URLs are refused",
        arguments: [
            "localhost:8080", "ftp://h", "/api", "http://", "http://user:pw@h",
        ])
    func badServer(text: String) {
        #expect(throws: InvokeError.self) { try InvokeConfiguration.parseServerURL(text) }
    }

    @Test("--header values are parsed; CR/LF and invalid names refused")
    func headers() throws {
        let parsed = try InvokeConfiguration.parseHeader("Authorization:  Bearer a:b ")
        #expect(parsed.name == "Authorization" && parsed.value == "Bearer a:b")
        #expect(throws: InvokeError.self) { try InvokeConfiguration.parseHeader("X-A: a\r\nX-B: b") }
        #expect(throws: InvokeError.self) { try InvokeConfiguration.parseHeader("Bad Name: v") }
        // Framing headers are the HTTP client's, which drops them: refused, not silently not sent.
        for framing in [
            "Content-Length: 5", "transfer-encoding: chunked", "Connection: close", "Accept-Encoding: gzip",
        ] {
            #expect(throws: InvokeError.self, "\(framing)") { try InvokeConfiguration.parseHeader(framing) }
        }
        #expect(try InvokeConfiguration.parseHeader("X-Forwarded-Host: gw.example").name == "X-Forwarded-Host")
        #expect(throws: InvokeError.self) { try InvokeConfiguration.parseHeader("novalue") }
    }

    @Test("an unusable configuration makes every invoke an isError outcome")
    func unusable() async {
        let transport = FakeTransport()
        let outcome = await InvokeTest.invoker(transport: transport) {
            $0.authKey = "only-key"
            $0.staticHeaders = [(name: "X-A", value: "a\nb")]
        }.invoke(InvokeArguments(endpoint: "GET /health"))
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "configuration")
        #expect(outcome.text.contains("both a key and a secret"))
        #expect(outcome.text.contains("line feed"))
        #expect(await transport.requests.isEmpty)
    }
}

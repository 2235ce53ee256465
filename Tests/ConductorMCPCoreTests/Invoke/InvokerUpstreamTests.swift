import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Invoker upstream answers and failures")
struct InvokerUpstreamTests {
    private func call(
        _ replies: [FakeTransport.Reply], endpoint: String = "GET /api/items/{itemId}",
        params: JSONObject = ["itemId": "abc"], body: JSONValue? = nil,
        configure: (inout InvokeConfiguration) -> Void = { _ in }
    ) async -> (InvokeOutcome, FakeTransport) {
        let transport = FakeTransport(replies)
        let outcome = await InvokeTest.invoker(transport: transport, configure: configure).invoke(
            InvokeArguments(endpoint: endpoint, params: params, body: body))
        return (outcome, transport)
    }

    @Test("an error body that is not Conductor's error object follows max_chars and fields like any answer")
    func errorBodiesFollowTheBudget() async {
        let rows = (0..<200).map { #"{"field": "f\#($0)", "problem": "\#(String(repeating: "p", count: 40)) \#($0)"}"# }
        let body = #"{"violations": [\#(rows.joined(separator: ","))], "upper": "UP"}"#
        func answer(_ maxChars: Int, fields: [String]? = nil) async -> InvokeOutcome {
            let transport = FakeTransport(fallback: { _ in .response(.json(400, body)) })
            return await InvokeTest.invoker(transport: transport).invoke(
                InvokeArguments(
                    endpoint: "GET /api/items/{itemId}", params: ["itemId": "i"], fields: fields, maxChars: maxChars))
        }
        let small = await answer(1000)
        let large = await answer(20000)
        #expect(small.isError && large.isError)
        #expect(small.text.count <= 1000 && large.text.count > 5000, "\(small.text.count) \(large.text.count)")
        let projected = await answer(6000, fields: ["upper"])
        #expect(projected.text.contains("UP") && !projected.text.contains("violations"), "\(projected.text)")
    }

    @Test("a success starts with status, method, URL and time, then the body")
    func success() async {
        let (outcome, _) = await call([.response(.json(200, #"{"name":"abc","status":"RUNNING"}"#))])
        #expect(!outcome.isError)
        let first = outcome.text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("200 OK · GET http://conductor.test:8080/api/items/abc · "))
        #expect(first.hasSuffix(" ms"))
        #expect(outcome.text.contains("RUNNING"))
        #expect(outcome.structured["status"] == 200)
        #expect(outcome.structured["contentType"] == "application/json")
        #expect(outcome.structured["body"]?["status"] == "RUNNING")
    }

    @Test("fields project the answer and max_chars bounds the whole text, status line included")
    func projectionAndBudget() async {
        let tasks = (0..<300).map {
            #"{"referenceTaskName":"t\#($0)","status":"COMPLETED","outputData":{"blob":"\#(String(repeating: "x", count: 200))"}}"#
        }
        let body =
            #"{"workflowId":"w1","status":"FAILED","reasonForIncompletion":"t7 failed","tasks":["#
            + tasks.joined(separator: ",") + "]}"
        let transport = FakeTransport([.response(.json(200, body)), .response(.json(200, body))])
        let invoker = InvokeTest.invoker(transport: transport)
        let projected = await invoker.invoke(
            InvokeArguments(endpoint: "getItem", params: ["itemId": "w1"], fields: ["status", "tasks[].status"]))
        #expect(!projected.isError)
        #expect(projected.text.contains("FAILED"))
        #expect(!projected.text.contains("blob"))
        let bounded = await invoker.invoke(
            InvokeArguments(endpoint: "getItem", params: ["itemId": "w1"], maxChars: 1500))
        #expect(bounded.text.count <= 1500)
        #expect((bounded.structured["body"]?.jsonText.count ?? 0) <= 3000 + 2)
        #expect(bounded.text.contains("t7 failed"))
    }

    @Test("a text/plain answer is decoded as text whatever the spec declares")
    func textAnswer() async {
        let (outcome, _) = await call(
            [.response(.text(200, "3f1c2a7e-workflow-id"))], endpoint: "POST /api/start/{name}", params: ["name": "wf"],
            body: [:])
        #expect(!outcome.isError)
        #expect(outcome.text.contains("3f1c2a7e-workflow-id"))
        #expect(outcome.structured["body"] == "3f1c2a7e-workflow-id")
    }

    @Test("a Conductor error answer shows the status and Conductor's own message and validation errors")
    func conductorError() async {
        let body = #"""
            {"status":400,"message":"Validation failed, check below errors for detail.","instance":"host","retryable":false,
            "validationErrors":[{"path":"registerWorkflowDef.workflowDef.tasks","message":"tasks cannot be empty","invalidValue":[]}]}
            """#
        let (outcome, _) = await call([.response(.json(400, body))])
        #expect(outcome.isError)
        #expect(outcome.structured["status"] == 400)
        #expect(outcome.structured["error"]?["message"] == "Validation failed, check below errors for detail.")
        let lines = outcome.text.split(separator: "\n").map(String.init)
        #expect(lines[safe: 0]?.hasPrefix("400 Bad Request · GET http://conductor.test:8080/api/items/abc") == true)
        #expect(lines[safe: 1] == "Conductor says: Validation failed, check below errors for detail. · not retryable")
        #expect(lines[safe: 2] == "- registerWorkflowDef.workflowDef.tasks: tasks cannot be empty (got [0 elements])")
    }

    @Test("a 404 says what to check")
    func notFound() async {
        let (outcome, _) = await call([
            .response(.json(404, #"{"status":404,"message":"Workflow with Id: abc not found."}"#))
        ])
        #expect(outcome.isError)
        #expect(outcome.text.contains("Conductor says: Workflow with Id: abc not found."))
        #expect(outcome.text.contains("otherwise check the ids and names in params"))
        // Conductor's 404 for a state: the hint does not only blame the ids.
        #expect(outcome.text.contains("when the server's message names a state"))
    }

    @Test("a 500 HTML page is an error with the page's text, not a crash")
    func htmlError() async {
        let page =
            "<html><head><title>Error</title></head><body><h1>Internal Server Error</h1><p>boom</p></body></html>"
        let (outcome, _) = await call([.response(.text(500, page, type: "text/html"))])
        #expect(outcome.isError)
        #expect(outcome.structured["status"] == 500)
        #expect(outcome.text.hasPrefix("500 Internal Server Error · GET"))
        #expect(outcome.text.contains("boom"))
    }

    @Test("invalid JSON labelled as JSON is shown as text, not an empty success")
    func invalidJSON() async {
        let (outcome, _) = await call([.response(.json(200, #"{"name": "abc", "tasks": [1, 2"#))])
        #expect(!outcome.isError)
        #expect(outcome.text.contains(#""tasks": [1, 2"#))
        #expect(outcome.structured["body"]?.stringValue?.contains("tasks") == true)
    }

    @Test("a body larger than max response bytes is cut and the answer says so")
    func largeBodyCut() async {
        let big = "[" + (0..<5000).map { #"{"id":"\#($0)"}"# }.joined(separator: ",") + "]"
        let (outcome, _) = await call(
            [.response(.json(200, big))],
            configure: {
                $0.maxResponseBytes = 1000
                $0.names.maxResponseBytes = "the size cap"
            })
        #expect(outcome.text.split(separator: "\n").first?.contains("body cut at 1000 bytes (the size cap)") == true)
        #expect(outcome.structured["truncatedAtBytes"] == 1000)
        #expect(outcome.text.count < 8000)
    }

    @Test(
        "each transport failure is an isError outcome with advice",
        arguments: [
            (
                HTTPFailure.Kind.connectionRefused,
                "Connection refused: nothing is listening at http://conductor.test:8080"
            ),
            (.timeout, "Timed out: no complete answer within 30 s"),
            (.unknownHost, "Unknown host"),
            (.tls, "TLS failed"),
            (.connectionClosed, "closed the connection"),
            (.busy, "Not sent: all 64 connections to http://conductor.test:8080 stayed busy"),
        ])
    func transportFailures(kind: HTTPFailure.Kind, expected: String) async {
        let (outcome, _) = await call([.failure(TransportError(kind, "detail"))])
        #expect(outcome.isError)
        #expect(outcome.text.hasPrefix("Request failed · GET http://conductor.test:8080/api/items/abc · "))
        #expect(outcome.text.contains(expected))
        #expect(outcome.structured["error"] == "transport")
        #expect(outcome.structured["kind"] == .string(kind.rawValue))
    }

    @Test("the busy advice names the pool the response size cap leaves (1 GiB over the cap, at most 64)")
    func busyAdviceNamesThePool() async {
        let (outcome, _) = await call(
            [.failure(TransportError(.busy, "pool"))], configure: { $0.maxResponseBytes = 64 << 20 })
        #expect(
            outcome.text.contains("all 16 connections to http://conductor.test:8080 stayed busy"), "\(outcome.text)")
    }

    @Test("a redirect to another host is not followed")
    func crossHostRedirect() async {
        let redirect = UpstreamResponse(status: 302, headers: [HeaderField("Location", "http://evil.example/steal")])
        let (outcome, transport) = await call(
            [.response(redirect)],
            configure: {
                $0.staticHeaders = [(name: "Authorization", value: "Bearer secret")]
            })
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "redirect_refused")
        #expect(outcome.text.contains("http://evil.example/steal"))
        #expect(await transport.requests.count == 1)
    }

    @Test("the token of a static Authorization header is masked when the upstream echoes it alone")
    func bearerTokenEchoed() async {
        let token = "eyJhbGciOiJSUzI1NiJ9.SECRETPAYLOAD.sig"
        let (outcome, _) = await call(
            [.response(.json(401, #"{"message":"invalid token: \#(token)","status":401}"#))],
            configure: { $0.staticHeaders = [(name: "Authorization", value: "Bearer \(token)")] })
        #expect(outcome.isError)
        #expect(!outcome.text.contains("SECRETPAYLOAD"), "\(outcome.text)")
        #expect(!outcome.structured.jsonText.contains("SECRETPAYLOAD"))
        #expect(outcome.text.contains("invalid token: ***"), "\(outcome.text)")
    }

    @Test("a same-origin redirect is followed, keeping the method for 307")
    func sameOriginRedirect() async {
        let redirect = UpstreamResponse(status: 307, headers: [HeaderField("Location", "/api/items/moved")])
        let (outcome, transport) = await call([.response(redirect), .response(.json(200, "{}"))])
        #expect(!outcome.isError)
        #expect(
            await transport.paths == [
                "GET http://conductor.test:8080/api/items/abc", "GET http://conductor.test:8080/api/items/moved",
            ])
        #expect(outcome.text.contains("followed a 307 redirect"))
    }

    @Test("an empty 204 answer is a success that says the body is empty")
    func noContent() async {
        let (outcome, _) = await call([.response(UpstreamResponse(status: 204))])
        #expect(!outcome.isError)
        #expect(outcome.text.hasPrefix("204 No Content · GET"))
        #expect(outcome.text.contains("empty body"))
    }

    @Test("static headers are sent with every request")
    func staticHeaders() async {
        let (_, transport) = await call(
            [.response(.json(200, "{}"))],
            configure: {
                $0.staticHeaders = [(name: "Authorization", value: "Bearer abc")]
            })
        #expect(await transport.requests.first?.header("Authorization") == "Bearer abc")
    }

    @Test("shutdown closes the transport")
    func shutdown() async throws {
        let transport = FakeTransport()
        try await InvokeTest.invoker(transport: transport).shutdown()
        #expect(await transport.shutDown)
    }
}

import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Request validation")
struct RequestValidationTests {
    /// Invokes with a transport that records; asserts nothing was sent and returns the problems.
    private func problems(
        _ endpoint: String, params: JSONObject = JSONObject(), body: JSONValue? = nil,
        index: EndpointIndex = Fixtures.cached("Fixtures/invoke/test-spec.json")
    ) async -> [String] {
        let (request, outcome) = await InvokeTest.sent(endpoint, params: params, body: body, index: index)
        #expect(request == nil, "nothing may be sent when arguments are invalid")
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "invalid_arguments")
        return InvokeTest.problems(outcome)
    }

    @Test("an unknown endpoint names the three nearest")
    func unknownEndpoint() async {
        let transport = FakeTransport()
        let outcome = await InvokeTest.invoker(
            Fixtures.cached("specs/conductor-oss-3.x-2025-08.json"), transport: transport
        ).invoke(
            InvokeArguments(endpoint: "GET /api/workflows/{workflowId}"))
        #expect(outcome.isError)
        #expect(outcome.structured["error"] == "unknown_endpoint")
        #expect(outcome.structured["nearest"]?.arrayValue?.count == 3)
        #expect(outcome.text.contains("GET /api/workflow/{workflowId}"))
        #expect(await transport.requests.isEmpty)
    }

    @Test("the refusal reads as one list the agent can act on")
    func refusalText() async {
        let (_, outcome) = await InvokeTest.sent("getItem", params: ["statuss": "OPEN", "version": "x"])
        #expect(
            outcome.text == """
                Not sent: 3 problems with the arguments for GET /api/items/{itemId}:
                - params.statuss: GET /api/items/{itemId} has no parameter "statuss"; did you mean "status"? \
                Its parameters: itemId, version, tags, ids, flag, ratio, status, filter, X-Trace, session.
                - params.itemId: required path parameter missing (string)
                - params.version: expected integer, got string "x"
                Fix them and call invoke again; inspect "GET /api/items/{itemId}" shows the parameters and the body.
                """)
    }

    @Test("a missing required path parameter is reported at params.NAME")
    func missingPath() async {
        #expect(
            await problems("GET /api/items/{itemId}") == ["params.itemId: required path parameter missing (string)"])
    }

    @Test("an unknown parameter name gets the nearest valid name")
    func unknownParameter() async {
        let found = await problems("GET /api/items/{itemId}", params: ["itemId": "i", "statuss": "OPEN"])
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "params.statuss: GET /api/items/{itemId} has no parameter \"statuss\"; did you mean \"status\"?")
                == true)
    }

    @Test("a body member given as a parameter is pointed to the body")
    func bodyMemberAsParameter() async {
        let found = await problems("POST /api/nodes", params: ["name": "n"], body: ["name": "n"])
        #expect(found.first?.contains("is a member of the body: put it in body") == true)
    }

    @Test("wrong scalar types are refused; numeric and boolean strings are converted for query parameters")
    func parameterTypes() async {
        let found = await problems(
            "GET /api/items/{itemId}", params: ["itemId": "i", "version": "two", "flag": "yes", "ratio": ["a": 1]])
        #expect(
            found == [
                "params.version: expected integer, got string \"two\"",
                "params.flag: expected boolean, got string \"yes\"",
                "params.ratio: expected number, got object {1 member}",
            ])
        let (request, outcome) = await InvokeTest.sent(
            "GET /api/items/{itemId}", params: ["itemId": 42, "version": " 3 ", "flag": "TRUE", "ratio": "1.25"])
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(request?.url == "http://conductor.test:8080/api/items/42?version=3&flag=true&ratio=1.25")
    }

    @Test("an int32 parameter out of range is refused")
    func int32Range() async {
        let found = await problems("GET /api/items/{itemId}", params: ["itemId": "i", "version": 3_000_000_000])
        #expect(found == ["params.version: 3000000000 does not fit a 32-bit integer"])
    }

    @Test("an enum violation lists the allowed values and the case-insensitive match")
    func enumViolation() async {
        let found = await problems("GET /api/items/{itemId}", params: ["itemId": "i", "status": "open"])
        #expect(found == ["params.status: \"open\" is not one of OPEN, CLOSED; did you mean \"OPEN\"? (case matters)"])
    }

    @Test("a body for an endpoint without one is refused")
    func unexpectedBody() async {
        let found = await problems("DELETE /api/items/{itemId}", params: ["itemId": "i"], body: ["x": 1])
        #expect(found == ["body: DELETE /api/items/{itemId} takes no body; remove it"])
    }

    @Test("a missing required body is refused with its type")
    func missingBody() async {
        #expect(await problems("POST /api/nodes") == ["body: required body missing (Node, application/json)"])
    }

    @Test("every problem is listed at once, with JSON-pointer locations at any depth")
    func everyProblemAtOnce() async {
        let body: JSONValue = [
            "kind": "TREE",
            "weight": -1,
            "children": [
                ["name": "ok"],
                ["children": [["name": ""], ["name": 5]]],
            ],
            "byName": ["x": ["kind": "LEAF"]],
            "meta": ["a": 1, "b": "two"],
            "strict": ["code": "abcd", "other": true],
        ]
        let found = await problems("POST /api/nodes", params: ["itemId": "i"], body: body)
        #expect(
            found == [
                "params.itemId: POST /api/nodes has no parameter \"itemId\". Its parameters: dryRunFlag.",
                "body/name: required member missing (string)",
                "body/kind: \"TREE\" is not one of LEAF, BRANCH",
                "body/weight: -1 is below the minimum 0",
                "body/children/1/name: required member missing (string)",
                "body/children/1/children/0/name: is 0 characters long; at least 1 required",
                "body/children/1/children/1/name: expected string, got integer 5",
                "body/byName/x/name: required member missing (string)",
                "body/meta/b: expected integer, got string \"two\"",
                "body/strict/code: \"abcd\" does not match /^[A-Z]{3}$/",
                "body/strict/other: Strict has no member \"other\"",
            ])
    }

    @Test("readOnly required members are not demanded, and are accepted when given")
    func readOnly() async {
        let (request, outcome) = await InvokeTest.sent("POST /api/nodes", body: ["name": "n", "createdAt": 5])
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(request != nil)
    }

    @Test("an unknown body member is a warning, not an error, and names the nearest member")
    func unknownMemberWarning() async {
        let (request, outcome) = await InvokeTest.sent("POST /api/nodes", body: ["name": "n", "wieght": 3])
        #expect(request != nil)
        #expect(!outcome.isError)
        #expect(outcome.text.contains("body/wieght: Node has no member \"wieght\"; did you mean \"weight\"?"))
    }

    @Test("a deeply recursive body is validated to the bottom without looping")
    func deepRecursion() async {
        var node: JSONValue = ["kind": "LEAF"]  // the innermost node lacks its name
        for level in 0..<200 { node = ["name": .string("n\(level)"), "children": [node], "alias": ["name": "a"]] }
        let found = await problems("POST /api/nodes", body: node)
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "body" + String(repeating: "/children/0", count: 200) + "/name: required member missing") == true)
    }

    @Test("a reference cycle with no value in between ends")
    func referenceCycle() {
        let validator = SchemaValidator(index: Fixtures.cached("Fixtures/invoke/test-spec.json"))
        let view = validator.view(of: OpenAPISchema(refName: "NodeAlias"))
        #expect(view.name == "NodeAlias")
        #expect(view.property("children") != nil)
    }

    @Test("oneOf accepts any alternative and reports the closest when none matches")
    func oneOf() async {
        let (request, _) = await InvokeTest.sent("POST /api/shapes", body: ["side": 2])
        #expect(request != nil)
        let found = await problems("POST /api/shapes", body: ["radius": "big"])
        #expect(
            found == [
                "body: matches none of the alternatives Circle | Square; closest:",
                "body/radius: expected number, got string \"big\"",
            ])
    }

    @Test("allOf parts are merged: required members of every part, members of every part known")
    func allOf() async {
        let found = await problems("POST /api/derived", body: ["extra": "no"])
        #expect(
            found == ["body/id: required member missing (string)", "body/extra: expected boolean, got string \"no\""])
        let (request, outcome) = await InvokeTest.sent("POST /api/derived", body: ["id": "1", "extra": true])
        #expect(request != nil)
        #expect(!outcome.text.contains("Warnings"))
    }

    @Test("a string body must be a string; a text body is length-checked")
    func stringBodies() async {
        #expect(
            await problems("POST /api/items/{itemId}/log", params: ["itemId": "t"], body: ["line": "x"]) == [
                "body: expected a string (sent as raw text), got object {1 member}"
            ])
        #expect(
            await problems("PUT /api/env/{key}", params: ["key": "k"], body: "01234567890") == [
                "body: is 11 characters long; at most 10 allowed"
            ])
    }

    @Test("springdoc's bare type: object (Java Object) accepts any JSON value")
    func bareObject() async {
        let (request, outcome) = await InvokeTest.sent(
            "POST /api/start/{name}", params: ["name": "wf"], body: ["count": 5, "label": "x", "list": [1]])
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(request != nil)
    }

    @Test("a real WorkflowDef with a task missing its reference name is refused at its pointer")
    func realWorkflowDef() async {
        let body: JSONValue = [
            "name": "wf", "timeoutSeconds": 60,
            "tasks": [
                ["name": "t1", "taskReferenceName": "t1", "type": "SIMPLE"],
                [
                    "name": "d", "taskReferenceName": "d", "type": "SWITCH",
                    "decisionCases": ["yes": [["name": "t2"]]],
                ],
            ],
        ]
        let found = await problems(
            "POST /api/metadata/workflow", body: body, index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json"))
        #expect(found == ["body/tasks/1/decisionCases/yes/0/taskReferenceName: required member missing (string)"])
    }

    @Test("fields and max_chars are checked before sending")
    func budgetArguments() async {
        let transport = FakeTransport()
        let outcome = await InvokeTest.invoker(transport: transport, configure: { $0.tools.maxChars = "max_chars" })
            .invoke(InvokeArguments(endpoint: "GET /health", maxChars: 0))
        #expect(outcome.isError)
        #expect(InvokeTest.locations(outcome) == ["max_chars"])
        let badFields = await InvokeTest.invoker(transport: transport).invoke(
            InvokeArguments(endpoint: "GET /health", fields: ["status", ""]))
        #expect(badFields.isError)
        #expect(InvokeTest.locations(badFields) == ["fields"])
        #expect(await transport.requests.isEmpty)
    }
}

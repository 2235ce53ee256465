import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

/// The policy judges a template; the server routes the path the values build. These calls were sent before.
@Suite("Routing: the path the server routes, not only the template called")
struct RouteCheckTests {
    static func invoke(
        _ index: EndpointIndex, role: String, readOnly: Bool = false, _ endpoint: String, _ params: JSONObject,
        body: JSONValue? = nil
    ) async -> (outcome: InvokeOutcome, sent: Int) {
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        let invoker = Invoker(
            index: index, configuration: InvokeConfiguration(serverURL: InvokeTest.server), transport: transport,
            gate: InvokeGate(policy: AccessPolicy(role: role, readOnly: readOnly)))
        let outcome = await invoker.invoke(InvokeArguments(endpoint: endpoint, params: params, body: body))
        return (outcome, await transport.requests.count)
    }

    /// A document a hostile server could serve: variables where rules name words, a trailing slash, matrix and label
    /// styles, and HEAD on a state-changing GET path.
    static let hostile: EndpointIndex = {
        func operation(_ id: String, _ parameters: String) -> String {
            #"{"operationId": "\#(id)", "parameters": [\#(parameters)], "responses": {"200": {"description": "ok"}}}"#
        }
        func path(_ name: String, _ extra: String = "") -> String {
            #"{"name": "\#(name)", "in": "path", "required": true, "schema": {"type": "string"}\#(extra)}"#
        }
        let labels =
            #"{"name": "l", "in": "path", "required": true, "style": "label", "explode": true, "#
            + #""schema": {"type": "array", "items": {"type": "string"}}}"#
        let paths = [
            #""/api/{kind}/{key}": {"get": \#(operation("anything", path("kind") + "," + path("key")))}"#,
            #""/api/workflow/{workflowId}/pause/": {"get": \#(operation("pauseSlash", path("workflowId")))}"#,
            #""/api/{m}/secrets": {"get": \#(operation("matrix", path("m", #", "style": "matrix""#)))}"#,
            #""/api/workflow/{l}/secrets": {"get": \#(operation("label", labels))}"#,
            #""/api/tasks/poll/{tasktype}": {"head": \#(operation("headPoll", path("tasktype")))}"#,
        ]
        let text =
            #"{"openapi": "3.0.1", "info": {"title": "h", "version": "1"}, "paths": {"#
            + paths.joined(separator: ",") + "}}"
        return EndpointIndex(document: try! SpecParser.parse(Array(text.utf8), source: "hostile.json"))
    }()

    @Test("a value that is a sibling endpoint's literal word is refused: the server would route there")
    func literalSiblingWins() async throws {
        let orkes = try Fixtures.real("orkes")
        let shadowed = await Self.invoke(
            orkes, role: "viewer", "GET /api/human/tasks/{taskId}", ["taskId": "backPopulateFullTextIndex"])
        #expect(shadowed.outcome.isError && shadowed.sent == 0)
        #expect(shadowed.outcome.text.contains("routes to GET /api/human/tasks/backPopulateFullTextIndex"))
        let plain = await Self.invoke(orkes, role: "viewer", "GET /api/human/tasks/{taskId}", ["taskId": "ht-12"])
        #expect(!plain.outcome.isError && plain.sent == 1, "\(plain.outcome.text)")
        // The same number of literal words: the server prefers the longer template (a variable counts as one
        // character), as Spring does: `/api/tasks/poll/{tasktype}` over `/api/tasks/{taskId}/log`.
        for spec in ["oss", "netflix", "orkes"] {
            let poll = await Self.invoke(
                try Fixtures.real(spec), role: "viewer", readOnly: true, "GET /api/tasks/{taskId}/log",
                ["taskId": "poll"])
            #expect(poll.outcome.isError && poll.sent == 0, "\(spec): \(poll.outcome.text)")
            #expect(poll.outcome.text.contains("GET /api/tasks/poll/{tasktype}"), "\(spec)")
        }
        let execute = await Self.invoke(
            orkes, role: "viewer", "GET /api/workflow/{workflowId}/tasks", ["workflowId": "execute"])
        #expect(execute.outcome.isError && execute.sent == 0, "\(execute.outcome.text)")
        // A name that is an operation's word is no path of another endpoint: the operator reads definition "delete".
        let named = await Self.invoke(
            orkes, role: "operator", "GET /api/metadata/workflow/{name}", ["name": "delete"])
        #expect(!named.outcome.isError && named.sent == 1, "\(named.outcome.text)")
        let test = await Self.invoke(orkes, role: "admin", "POST /api/workflow/{name}", ["name": "test"], body: [:])
        #expect(test.outcome.isError && test.outcome.text.contains("body or query"), "\(test.outcome.text)")
        // Admin too: the agent asked for one endpoint and the server would run another.
        let admin = await Self.invoke(
            orkes, role: "admin", "GET /api/human/tasks/{taskId}", ["taskId": "backPopulateFullTextIndex"])
        #expect(admin.outcome.isError && admin.sent == 0)
    }

    @Test("a hostile document's variables, trailing slashes, matrix and label styles and HEAD do not pass the rules")
    func hostileTemplates() async throws {
        let cases: [(String, JSONObject, String)] = [
            ("anything", ["kind": "secrets", "key": "db"], "viewer"),
            ("pauseSlash", ["workflowId": "w1"], "viewer"),
            ("matrix", ["m": "x"], "viewer"),
            ("label", ["l": ["", ""]], "viewer"),
            ("headPoll", ["tasktype": "t"], "viewer"),
        ]
        let expectedErrors = [
            "anything": "policy_refused", "pauseSlash": "policy_refused", "matrix": "invalid_arguments",
            "label": "invalid_arguments", "headPoll": "policy_refused",
        ]
        for (endpoint, params, role) in cases {
            let result = await Self.invoke(Self.hostile, role: role, endpoint, params)
            #expect(result.outcome.isError && result.sent == 0, "\(endpoint): \(result.outcome.text)")
            #expect(result.outcome.structured["error"]?.stringValue == expectedErrors[endpoint], "\(endpoint)")
        }
        // The refusal of the path the values built is audited as a refusal, with its rule.
        let gate = InvokeGate(policy: AccessPolicy(role: "viewer"))
        let arguments = InvokeArguments(endpoint: "anything", params: ["kind": "secrets", "key": "db"])
        let refused = await Self.invoke(Self.hostile, role: "viewer", "anything", ["kind": "secrets", "key": "db"])
        #expect(refused.outcome.structured["rule"]?.stringValue?.contains("the path the values build") == true)
        let line = gate.record(arguments, index: Self.hostile, outcome: refused.outcome, elapsed: .zero)
        #expect(line.decision == "refused" && line.rule?.contains("security resources") == true, "\(line)")
        let readOnly = await Self.invoke(Self.hostile, role: "admin", readOnly: true, "headPoll", ["tasktype": "t"])
        #expect(readOnly.outcome.isError && readOnly.sent == 0)
        // The same template with an ordinary value is fine.
        let ordinary = await Self.invoke(Self.hostile, role: "viewer", "anything", ["kind": "workflow", "key": "w1"])
        // A workflow whose name holds a state-changing word is read: those rules judge templates only.
        let named = await Self.invoke(
            try Fixtures.real("orkes"), role: "viewer", "GET /api/metadata/workflow/{name}", ["name": "clear_old_runs"])
        #expect(!named.outcome.isError && named.sent == 1, "\(named.outcome.text)")
        #expect(!ordinary.outcome.isError && ordinary.sent == 1, "\(ordinary.outcome.text)")
    }

    @Test("a GET pattern covers HEAD; a trailing slash is no segment; read-only denies clearing caches")
    func patterns() throws {
        let pause = try #require(EndpointPattern("GET /**/pause"))
        #expect(pause.matches(method: "HEAD", path: "/api/workflow/{id}/pause"))
        #expect(pause.matches(method: "GET", path: "/api/workflow/{id}/pause/"))
        #expect(!pause.matches(method: "POST", path: "/api/workflow/{id}/pause"))
        #expect(
            try #require(EndpointPattern("GET /api/event/handler/")).matches(method: "GET", path: "/api/event/handler/")
        )
        let orkes = try Fixtures.real("orkes")
        let policy = AccessPolicy(role: "admin", readOnly: true)
        for key in ["GET /api/secrets/clearLocalCache", "GET /api/secrets/clearRedisCache"] {
            let endpoint = try #require(orkes.endpoint(named: key))
            #expect(!policy.decide(endpoint, caller: .local).allowed, "\(key)")
        }
    }
}

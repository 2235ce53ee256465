import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging
import MCP
import Synchronization
import TestSupport
import Testing

@Suite("Policy visibility in the tools")
struct PolicyVisibilityTests {
    /// One transport for the process (never deinitialised, so never needs a shutdown); nothing is sent through it.
    static let transport = AsyncHTTPTransport()

    static func toolbox(role: String, visibility: PolicyVisibility = .mark) -> Toolbox {
        let index = Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")
        let invoker = Invoker(
            index: index, configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
            transport: transport, gate: InvokeGate(policy: AccessPolicy(role: role)))
        return Toolbox(index: index, invoker: invoker, visibility: visibility)
    }

    static let query: JSONObject = JSONObject([("query", "delete a workflow definition"), ("limit", 5)])

    @Test("search marks endpoints the role may not invoke, in text and data")
    func mark() async {
        let result = await Self.toolbox(role: "viewer").call("search", arguments: Self.query)
        let line = result.text.split(separator: "\n").first {
            $0.hasPrefix("DELETE /api/metadata/workflow/{name}/{version}")
        }
        #expect(line?.hasSuffix(" · NOT ALLOWED for role viewer") == true, "\(result.text)")
        let hit = result.structured?["results"]?.arrayValue?.first {
            $0["endpoint"] == "DELETE /api/metadata/workflow/{name}/{version}"
        }
        #expect(hit?["allowed"] == false)
        let admin = await Self.toolbox(role: "admin").call("search", arguments: Self.query)
        #expect(!admin.text.contains("NOT ALLOWED"))
    }

    @Test("search hides them with hide, fills the limit with allowed endpoints, and says how many it hid")
    func hide() async {
        let query = JSONObject([("query", "workflow definition"), ("limit", 5)])
        let marked = await Self.toolbox(role: "viewer").call("search", arguments: query)
        #expect(marked.text.contains("NOT ALLOWED"), "the query also finds endpoints the viewer may not invoke")
        let result = await Self.toolbox(role: "viewer", visibility: .hide).call("search", arguments: query)
        #expect(!result.text.contains("NOT ALLOWED"))
        let keys = result.structured?["results"]?.arrayValue?.compactMap { $0["endpoint"]?.stringValue } ?? []
        #expect(!keys.isEmpty && keys.allSatisfy { $0.hasPrefix("GET ") }, "\(keys)")
        // The answer says that some were left out, and how many.
        #expect(result.text.contains("hidden: role viewer may not invoke them."), "\(result.text)")
        #expect((result.structured?["hidden"]?.intValue ?? 0) > 0)
        let nothing = await Self.toolbox(role: "viewer", visibility: .hide).call("search", arguments: Self.query)
        #expect(nothing.text.contains("hidden: role viewer may not invoke them"), "\(nothing.text)")
    }

    @Test("the overview says how many endpoints the role may invoke")
    func overview() async {
        let result = await Self.toolbox(role: "viewer").call("search", arguments: JSONObject([("query", "")]))
        #expect(result.text.contains("Role viewer may invoke "))
    }

    @Test("inspect says at the top that invoke will refuse the endpoint")
    func inspect() async {
        let result = await Self.toolbox(role: "viewer").call(
            "inspect", arguments: JSONObject([("endpoint", "POST /api/metadata/workflow")]))
        #expect(
            result.text.hasPrefix(
                "NOT ALLOWED: POST /api/metadata/workflow is not allowed for role viewer (rule: deny method POST)"))
        #expect(result.structured?["allowed"] == false)
    }

    @Test("invoke refuses with the rule and role, as an error result")
    func invoke() async {
        let result = await Self.toolbox(role: "operator").call(
            "invoke",
            arguments: JSONObject([
                ("endpoint", "DELETE /api/metadata/workflow/{name}/{version}"),
                ("params", ["name": "x", "version": 1]), ("dry_run", true),
            ]))
        #expect(result.isError)
        #expect(
            result.text.contains(
                "is not allowed for role operator (rule: deny method DELETE and path prefix /api/metadata)"))
    }

    @Test("tools/list marks invoke read-only when the role only reads, through the production session")
    func toolsList() async throws {
        for (role, readOnly) in [("viewer", true), ("operator", false)] {
            let policy = AccessPolicy(role: role)
            let host = MCPHost(toolbox: Self.toolbox(role: role), logger: Logger(label: "test"), policy: policy)
            let session = host.makeSession()
            _ = await ServerFixtures.exchange(session, ServerFixtures.initialize)
            let replies = await ServerFixtures.exchange(session, #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
            let tools = replies.first?["result"]?["tools"]?.arrayValue ?? []
            let invoke = tools.first { $0["name"] == "invoke" }
            #expect(invoke?["annotations"]?["readOnlyHint"] == .bool(readOnly), "\(role)")
            #expect(invoke?["annotations"]?["destructiveHint"] == .bool(!readOnly), "\(role)")
        }
        #expect(
            Toolbox.definitions(policy: AccessPolicy(readOnly: true)).first { $0.name == "invoke" }?.readOnly == true)
    }

    @Test("with confirmation on, invoke asks with the exact request; a decline sends nothing")
    func confirmation() async {
        let index = Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")
        let invoker = Invoker(
            index: index, configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
            transport: Self.transport, gate: InvokeGate(policy: AccessPolicy(confirmDestructive: true)))
        let toolbox = Toolbox(index: index, invoker: invoker)
        let asked = Mutex<[String]>([])
        let decline = UserConfirmation { message in
            asked.withLock { $0.append(message) }
            return .declined
        }
        let arguments = JSONObject([
            ("endpoint", "DELETE /api/workflow/{workflowId}"), ("params", ["workflowId": "w-1"]),
        ])
        let declined = await toolbox.call("invoke", arguments: arguments, confirmation: decline)
        #expect(declined.isError && declined.structured?["error"] == "declined")
        #expect(asked.withLock { $0 }.first?.contains("DELETE http://127.0.0.1:9/api/workflow/w-1") == true)
        let unasked = await toolbox.call("invoke", arguments: arguments)
        #expect(unasked.structured?["error"] == "confirmation_required")
        #expect(asked.withLock { $0.count } == 1)
    }

    @Test("an HTTP caller's token scopes pick the role the tools act in")
    func callerRole() async {
        let index = Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")
        let mapping = RoleMapping(scopes: [("conductor:operate", "operator"), ("conductor:read", "viewer")])
        let invoker = Invoker(
            index: index, configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
            transport: Self.transport, gate: InvokeGate(policy: AccessPolicy(mapping: mapping)))
        let toolbox = Toolbox(index: index, invoker: invoker)
        let start = JSONObject([
            ("endpoint", "POST /api/workflow/{name}"), ("params", ["name": "flow"]), ("body", [:]), ("dry_run", true),
        ])
        let reader = CallerIdentity(subject: "ada", scopes: ["conductor:read"], sessionID: "s-1")
        let operatorCaller = CallerIdentity(subject: "bob", scopes: ["conductor:operate", "conductor:read"])
        let refused = await toolbox.call("invoke", arguments: start, caller: reader)
        #expect(refused.structured?["role"] == "viewer")
        #expect(!(await toolbox.call("invoke", arguments: start, caller: operatorCaller)).isError)
        #expect(!(await toolbox.call("invoke", arguments: start)).isError, "stdio keeps the configured role, admin")
        #expect(
            Toolbox.definitions(policy: AccessPolicy(mapping: mapping), caller: reader).first { $0.name == "invoke" }?
                .readOnly == true)
    }
}

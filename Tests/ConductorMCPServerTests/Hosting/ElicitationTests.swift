import ConductorMCPCore
import Foundation
import Logging
import TestSupport
import Testing

@testable import ConductorMCPServer

@Suite("Confirmation through elicitation on the production session")
struct ElicitationTests {
    private static func session(transport: InstantTransport = InstantTransport()) -> MCPSession {
        let index = Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")
        let invoker = Invoker(
            index: index, configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
            transport: transport, gate: InvokeGate(policy: AccessPolicy(confirmDestructive: true)))
        return MCPHost(toolbox: Toolbox(index: index, invoker: invoker), logger: Logger(label: "test"))
            .makeSession(options: MCPSession.Options(allowsServerRequests: true))
    }

    private static let initialize =
        #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"1"}}}"#
    private static let delete =
        #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"invoke","arguments":{"endpoint":"DELETE /api/metadata/workflow/{name}/{version}","params":{"name":"w","version":1},"confirm":true}}}"#

    /// Sends the DELETE, answers the elicitation with `reply` (a JSON-RPC result or error member), returns the call's reply.
    private func run(answering reply: String) async -> JSONValue? {
        let session = Self.session()
        _ = await ServerFixtures.exchange(session, Self.initialize)
        let outbox = Outbox()
        let call = await session.accept(Array(Self.delete.utf8), emit: outbox.emit)
        await outbox.wait(for: 1)
        let request = await outbox.messages.first
        #expect(request?["method"] == "elicitation/create")
        #expect(request?["params"]?["message"]?.stringValue?.contains("DELETE") == true)
        let id = request?["id"]?.jsonText ?? "null"
        await session.accept(Array(#"{"jsonrpc":"2.0","id":\#(id),\#(reply)}"#.utf8), emit: outbox.emit)
        await call?.value
        return await outbox.messages.last
    }

    @Test("the person is asked even though the agent sent confirm: true; a decline sends nothing")
    func declined() async {
        let reply = await run(answering: #""result":{"action":"decline"}"#)
        #expect(reply?["result"]?["isError"] == true)
        #expect(reply?["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("declined") == true)
    }

    @Test("an accept sends the call")
    func accepted() async {
        let reply = await run(answering: #""result":{"action":"accept"}"#)
        #expect(reply?["result"]?["isError"] == false)
    }

    @Test(
        "a client that declared elicitation and then fails to ask sends nothing, whatever confirm: true says",
        arguments: [
            #""error":{"code":-32601,"message":"no"}"#, #""result":5"#, #""result":{}"#,
            #""result":{"action":7}"#, #""result":{"action":"accept"},"error":{"code":1,"message":"x"}"#,
        ])
    func failedAsk(reply answer: String) async {
        let reply = await run(answering: answer)
        #expect(reply?["result"]?["isError"] == true)
        #expect(
            reply?["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains(
                "could not put the confirmation") == true)
    }
}

import ConductorMCPCore
import Foundation
import TestSupport
import Testing

@testable import ConductorMCPServer

@Suite("MCP session: the one dispatch path")
struct MCPSessionTests {
    @Test(
        "a message that is not a usable JSON-RPC request gets the specification's code and id null",
        arguments: [
            (#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, -32600),
            (#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#, -32600),
            (#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, -32600),
            (#"{"jsonrpc":"2.0","id":true,"method":"ping"}"#, -32600),
            (#"{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}"#, -32600),
            (#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, -32600),
            ("null", -32600), ("42", -32600), ("{}", -32600), ("[]", -32600),
            (#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, -32600),
            ("{not json", -32700),
        ])
    func invalidMessages(line: String, code: Int) async {
        let replies = await ServerFixtures.exchange(ServerFixtures.session(), line)
        #expect(replies.count == 1)
        #expect(replies.first?["id"] == .null)
        #expect(replies.first?["error"]?["code"] == .int(code))
    }

    @Test("logging/setLevel takes MCP's levels and refuses others with -32602")
    func setLevel() async {
        let session = ServerFixtures.session(options: .init(requireInitialize: false))
        let set = await ServerFixtures.exchange(
            session, #"{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"warning"}}"#)
        #expect(set.first?["result"] == .object(JSONObject()))
        #expect(await session.sendsNotices == false)
        let bad = await ServerFixtures.exchange(
            session, #"{"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"loud"}}"#)
        #expect(bad.first?["error"]?["code"] == -32602)
    }

    @Test("an id at 2^53 is accepted and echoed exactly")
    func largestID() async {
        let replies = await ServerFixtures.exchange(
            ServerFixtures.session(), #"{"jsonrpc":"2.0","id":9007199254740992,"method":"ping"}"#)
        #expect(replies == [["jsonrpc": "2.0", "id": 9_007_199_254_740_992, "result": [:]]])
    }

    @Test("jsonrpc 1.0 is an invalid request answered with the request's id")
    func wrongVersion() async {
        let replies = await ServerFixtures.exchange(
            ServerFixtures.session(), #"{"jsonrpc":"1.0","id":"a","method":"ping"}"#)
        #expect(replies.first?["id"] == "a")
        #expect(replies.first?["error"]?["code"] == -32600)
    }

    @Test("tools/list and tools/call are refused before initialize, served after it")
    func lifecycle() async {
        let session = ServerFixtures.session()
        for line in [
            #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"x"}}}"#,
        ] {
            let refused = await ServerFixtures.exchange(session, line)
            #expect(refused.first?["error"]?["code"] == -32600)
        }
        let initialized = await ServerFixtures.exchange(session, ServerFixtures.initialize)
        #expect(initialized.first?["result"]?["protocolVersion"] == "2025-06-18")
        #expect(initialized.first?["result"]?["capabilities"]?["tools"] != nil)
        let listed = await ServerFixtures.exchange(session, #"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#)
        #expect(
            listed.first?["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == [
                "search", "inspect", "invoke",
            ])
        let again = await ServerFixtures.exchange(session, ServerFixtures.initialize)
        #expect(again.first?["error"]?["code"] == -32600)
    }

    @Test("a stateless session serves tools without initialize")
    func stateless() async {
        let session = ServerFixtures.session(options: .init(requireInitialize: false))
        let listed = await ServerFixtures.exchange(session, #"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#)
        #expect(listed.first?["result"]?["tools"] != nil)
    }

    @Test("an unknown client version is answered with the newest version this server speaks")
    func versionNegotiation() async {
        let replies = await ServerFixtures.exchange(
            ServerFixtures.session(),
            #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"1999-01-01"}}"#)
        #expect(
            replies.first?["result"]?["protocolVersion"]
                == MCPSession.supportedProtocolVersions.first.map(JSONValue.string))
    }

    @Test(
        "protocol faults in a request get -32601 and -32602; a tool that fails is an isError result",
        arguments: [
            (#"{"jsonrpc":"2.0","id":7,"method":"completion/complete"}"#, -32601),
            (#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"nope"}}"#, -32602),
            (#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{}}"#, -32602),
            (#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search","arguments":"x"}}"#, -32602),
            (#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":[1]}"#, -32602),
            (#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}"#, -32602),
        ])
    func requestFaults(line: String, code: Int) async {
        let session = ServerFixtures.session(options: .init(requireInitialize: false))
        let replies = await ServerFixtures.exchange(session, line)
        #expect(replies.first?["id"] == 7)
        #expect(replies.first?["error"]?["code"] == .int(code))
    }

    @Test("a tool that ran and failed stays an isError result")
    func toolFailure() async {
        let session = ServerFixtures.session(options: .init(requireInitialize: false))
        let replies = await ServerFixtures.exchange(
            session,
            #"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"inspect","arguments":{"endpoint":"nope"}}}"#
        )
        #expect(replies.first?["result"]?["isError"] == true)
    }

    @Test("notifications are never answered, known or not")
    func notifications() async {
        let session = ServerFixtures.session()
        for line in [
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","method":"notifications/whatever","params":5}"#,
            #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}}"#,
        ] {
            #expect(await ServerFixtures.exchange(session, line).isEmpty)
        }
    }

    @Test("notifications/cancelled aborts the upstream request of an invoke and no result is sent")
    func cancellation() async {
        let upstream = GatedTransport()
        let session = ServerFixtures.session(transport: upstream, options: .init(requireInitialize: false))
        let outbox = Outbox()
        let call = await session.accept(
            Array(
                #"{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"invoke","arguments":{"endpoint":"GET /api/workflow/{workflowId}","params":{"workflowId":"w"}}}}"#
                    .utf8), emit: outbox.emit)
        await upstream.waitUntilSent()
        await session.accept(
            Array(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c1"}}"#.utf8),
            emit: outbox.emit)
        await call?.value
        #expect(await upstream.cancelled == 1)
        #expect(await outbox.messages.isEmpty)
        #expect(await session.inFlightCount == 0)
    }

    @Test("an invoke with a progressToken reports progress before its result")
    func progress() async {
        let session = ServerFixtures.session(options: .init(requireInitialize: false))
        let replies = await ServerFixtures.exchange(
            session,
            #"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"invoke","_meta":{"progressToken":"p"},"arguments":{"endpoint":"GET /api/workflow/{workflowId}","params":{"workflowId":"w"}}}}"#
        )
        #expect(replies.count >= 2)
        #expect(replies.first?["method"] == "notifications/progress")
        #expect(replies.first?["params"]?["progressToken"] == "p")
        #expect(replies.last?["id"] == 9)
        #expect(replies.last?["result"]?["isError"] == false)
    }

    @Test("a search without a progressToken sends only its result")
    func noProgress() async {
        let session = ServerFixtures.session(options: .init(requireInitialize: false))
        let replies = await ServerFixtures.exchange(
            session,
            #"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"search","arguments":{"query":"resume a workflow","limit":2}}}"#
        )
        #expect(replies.count == 1)
        #expect(
            replies.first?["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("/resume") == true)
    }
}

import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Response handles: reading more of an answer without calling again")
struct ResponseHandleTests {
    private static let body: String = {
        let tasks = (0..<300).map {
            #"{"referenceTaskName":"t\#($0)","status":"COMPLETED","outputData":{"blob":"\#(String(repeating: "x", count: 200))"}}"#
        }
        return #"{"workflowId":"w1","status":"FAILED","tasks":["# + tasks.joined(separator: ",") + "]}"
    }()

    private func keptAnswer() async -> (Invoker, FakeTransport, String?) {
        let transport = FakeTransport([.response(.json(200, Self.body))])
        let invoker = InvokeTest.invoker(transport: transport)
        let outcome = await invoker.invoke(InvokeArguments(endpoint: "getItem", params: ["itemId": "w1"]))
        return (invoker, transport, outcome.structured["handle"]?.stringValue)
    }

    @Test("a compressed answer names a handle, and a re-read projects and pages it with no new request")
    func reread() async throws {
        let (invoker, transport, handle) = await keptAnswer()
        let name = try #require(handle)
        let projected = await invoker.reread(
            handle: name, fields: ["tasks[].referenceTaskName"], offset: nil, maxChars: 2000, caller: .local)
        #expect(!projected.isError)
        #expect(projected.text.contains("t0") && !projected.text.contains("blob"))
        let paged = await invoker.reread(
            handle: name, fields: ["tasks[].referenceTaskName"], offset: 290, maxChars: 2000, caller: .local)
        #expect(paged.text.contains("tasks from element 290 of 300"))
        #expect(paged.text.contains("t295") && !paged.text.contains("t5\n"))
        let past = await invoker.reread(
            handle: name, fields: nil, offset: 1_000_000_000, maxChars: 2000, caller: .local)
        #expect(past.text.contains("tasks: offset 1000000000 is past the end (300 elements); nothing left to show"))
        // The whole re-read, head and handle line included, fits max_chars: the footer is never what is cut.
        for maxChars in [600, 1500, 3000] {
            let page = await invoker.reread(handle: name, fields: nil, offset: 5, maxChars: maxChars, caller: .local)
            #expect(TextBounds.length(page.text) <= maxChars, "\(TextBounds.length(page.text)) > \(maxChars)")
            #expect(page.text.hasSuffix("reads more of this answer without calling the server again"))
        }
        #expect(await transport.requests.count == 1)
    }

    @Test("another caller's handle is unknown to you, and an evicted handle says it expired")
    func ownershipAndExpiry() async throws {
        let (invoker, _, handle) = await keptAnswer()
        let name = try #require(handle)
        let stranger = CallerIdentity(subject: "mallory", sessionID: "s2")
        let refused = await invoker.reread(handle: name, fields: nil, offset: nil, maxChars: nil, caller: stranger)
        #expect(refused.isError)
        let store = ResponseStore(maxEntries: 2, maxBytes: 1 << 20)
        let first = await store.keep(endpoint: "e", body: [1], contentType: nil, truncatedAt: nil, owner: .local)
        for _ in 0..<2 {
            _ = await store.keep(endpoint: "e", body: [1], contentType: nil, truncatedAt: nil, owner: .local)
        }
        #expect(await store.entry(try #require(first), caller: .local) == nil)
        #expect(await store.wasIssued(try #require(first)))
        #expect(
            await store.keep(
                endpoint: "e", body: Array(repeating: 0, count: 2 << 20), contentType: nil,
                truncatedAt: nil, owner: .local) == nil)
    }

    @Test("answers of endpoints that hold secrets are never kept (Orkes token, secrets, access keys)")
    func secrets() throws {
        let orkes = try Fixtures.real("orkes")
        func holds(_ key: String) -> Bool { ResponseStore.holdsSecrets(orkes.endpoint(named: key)!, index: orkes) }
        #expect(holds("POST /api/token"))
        #expect(holds("GET /api/secrets/{key}"))
        #expect(holds("GET /api/applications/{id}/accessKeys"))
        #expect(!holds("GET /api/workflow/{workflowId}"))
        #expect(!holds("GET /api/metadata/workflow"))
        let kept = orkes.endpoints.filter { !ResponseStore.holdsSecrets($0, index: orkes) }.count
        #expect(kept > 200)
    }
}

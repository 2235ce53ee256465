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
            #expect(page.text.hasSuffix("without calling the server again"))
        }
        #expect(await transport.requests.count == 1)
    }

    @Test("the answer and each page say where the next page starts, and the pages cover the list once")
    func pagesContinue() async throws {
        let transport = FakeTransport([.response(.json(200, Self.body))])
        let invoker = InvokeTest.invoker(transport: transport)
        let first = await invoker.invoke(InvokeArguments(endpoint: "getItem", params: ["itemId": "w1"]))
        let name = try #require(first.structured["handle"]?.stringValue)
        let start = try #require(first.structured["nextOffset"]?.intValue)
        #expect(start > 0 && start < 300)
        #expect(first.text.contains(#"{"handle": "\#(name)", "offset": \#(start)} shows the next elements"#))
        var seen = Set(0..<start)
        var offset = start
        var pages = 0
        while offset < 300, pages < 100 {
            let page = await invoker.reread(
                handle: name, fields: ["tasks[].referenceTaskName"], offset: offset, maxChars: 1000, caller: .local)
            #expect(!page.isError)
            let numbers = page.text.split(separator: "\n").dropFirst().compactMap { line in
                line.trimmingCharacters(in: .whitespaces).wholeMatch(of: /t(\d+)/).map { Int($0.1)! }
            }
            #expect(numbers.first == offset, "page at \(offset) starts at \(numbers.first ?? -1)")
            for number in numbers { #expect(seen.insert(number).inserted, "t\(number) shown twice") }
            guard let next = page.structured["nextOffset"]?.intValue else {
                #expect(!page.text.contains("shows the next elements"))
                break
            }
            #expect(next == offset + numbers.count)
            #expect(page.text.contains(#""offset": \#(next)}"#))
            offset = next
            pages += 1
        }
        #expect(seen == Set(0..<300))
        // A projection that leaves the list out shows none of it: no next page is claimed.
        let status = await invoker.reread(handle: name, fields: ["status"], offset: nil, maxChars: 1000, caller: .local)
        #expect(status.structured["nextOffset"] == nil)
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

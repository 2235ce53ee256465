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
        // The whole re-read, head and handle line included, fits max_chars: the handle line is never what is cut,
        // down to the smallest budget (its short form below 1,000).
        for maxChars in [200, 300, 600, 1500, 3000] {
            let page = await invoker.reread(handle: name, fields: nil, offset: 5, maxChars: maxChars, caller: .local)
            #expect(TextBounds.length(page.text) <= maxChars, "\(TextBounds.length(page.text)) > \(maxChars)")
            let last = try #require(page.text.split(separator: "\n").last)
            #expect(last.hasPrefix(#"handle: \#(name) — invoke {"handle": "\#(name)", "#), "\(maxChars): \(last)")
            #expect(maxChars < 1000 || last.hasSuffix("without calling the server again"))
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

    @Test("with several lists, pages follow the longest list that fields kept, to its end and no further")
    func severalLists() async throws {
        let parameters = (0..<300).map { "\"param_\($0)\"" }.joined(separator: ",")
        let tasks = (0..<120).map { #"{"name":"task_\#($0)","taskReferenceName":"ref_\#($0)","type":"SIMPLE"}"# }
        let body =
            #"{"name":"wf_big","tasks":["# + tasks.joined(separator: ",") + #"],"inputParameters":["#
            + parameters + "]}"
        let transport = FakeTransport([.response(.json(200, body))])
        let invoker = InvokeTest.invoker(transport: transport)
        let first = await invoker.invoke(
            InvokeArguments(endpoint: "getItem", params: ["itemId": "wf_big"], maxChars: 1000))
        let name = try #require(first.structured["handle"]?.stringValue)
        // Walks the pages by nextOffset and returns the numbers shown of `prefix`, each page checked to start where
        // the last one ended.
        func walk(_ fields: [String]?, _ prefix: String, from start: Int) async -> [Int] {
            var shown: [Int] = []
            var offset = start
            for _ in 0..<400 {
                let page = await invoker.reread(
                    handle: name, fields: fields, offset: offset, maxChars: 1000, caller: .local)
                // Rows of a table or the items of a list written on one line ("[param_1, param_2, …+297 more]").
                let numbers = page.text.split(separator: "\n").dropFirst().joined(separator: "\n")
                    .matches(of: try! Regex("\\b\(prefix)(\\d+)\\b")).map { Int($0.output[1].substring!)! }
                #expect(numbers.first == offset, "page at \(offset) starts at \(numbers.first ?? -1): \(page.text)")
                shown += numbers
                guard let next = page.structured["nextOffset"]?.intValue else { break }
                #expect(next == offset + numbers.count)
                offset = next
            }
            return shown
        }
        let start = try #require(first.structured["nextOffset"]?.intValue)
        #expect(start == first.text.matches(of: /\bparam_\d+\b/).count)
        #expect(await walk(nil, "param_", from: 1) == Array(1..<300))
        #expect(await walk(["tasks[].name"], "task_", from: 1) == Array(1..<120))
        #expect(await walk(["inputParameters"], "param_", from: 150) == Array(150..<300))
        // Past the end: nothing left, and no next page claimed.
        let past = await invoker.reread(handle: name, fields: nil, offset: 421, maxChars: 1000, caller: .local)
        #expect(past.text.contains("inputParameters: offset 421 is past the end (300 elements)"))
        #expect(past.structured["nextOffset"] == nil)
    }

    @Test("a small budget keeps the handle line, and columns named in fields are never the ones hidden")
    func smallBudgetsAndNamedColumns() async throws {
        let rows = (0..<137).map {
            #"{"name":"task_\#($0)","retryCount":3,"ownerEmail":"owner\#($0)@example.com","timeoutSeconds":600}"#
        }
        let body = "[" + rows.joined(separator: ",") + "]"
        var claimed = 0
        for maxChars in [200, 250, 300, 400, 999, 1000] {
            let transport = FakeTransport([.response(.json(200, body))])
            let invoker = InvokeTest.invoker(transport: transport)
            let answer = await invoker.invoke(
                InvokeArguments(endpoint: "getItem", params: ["itemId": "x"], maxChars: maxChars))
            #expect(TextBounds.length(answer.text) <= maxChars, "\(maxChars): \(TextBounds.length(answer.text))")
            let last = try #require(answer.text.split(separator: "\n").last)
            #expect(last.hasPrefix(#"handle: r1 — invoke {"handle": "r1", "#), "\(maxChars): \(last)")
            if let next = answer.structured["nextOffset"]?.intValue {
                let shown = answer.text.split(separator: "\n").filter { $0.contains("task_") }.count
                #expect(next == shown, "\(maxChars): next \(next), shown \(shown)")
                #expect(last.contains(#""offset": \#(next)}"#))
                claimed += 1
            }
        }
        #expect(claimed >= 3, "a next offset from at least the budgets of 400 and more")
        let transport = FakeTransport([.response(.json(200, body)), .response(.json(200, body))])
        let invoker = InvokeTest.invoker(transport: transport)
        for fields in [["[].retryCount"], ["[].name", "[].ownerEmail"]] {
            let answer = await invoker.invoke(
                InvokeArguments(endpoint: "getItem", params: ["itemId": "x"], fields: fields, maxChars: 500))
            #expect(!answer.text.contains("columns not shown"), "\(fields): \(answer.text)")
            for field in fields { #expect(answer.text.contains(field.dropFirst(3)), "\(fields): \(answer.text)") }
        }
    }

    @Test("the next page's call repeats the fields, and offsets count the elements left after empty ones go")
    func nextCallRepeatsFields() async throws {
        let tasks = (0..<120).map { number in
            // Every third task has no output: projected onto it, it is an empty element, dropped.
            let output = number % 3 == 0 ? "" : "out_\(number)"
            return #"{"name":"task_\#(number)","output":"\#(output)"}"#
        }
        let body =
            #"{"inputParameters":["# + (0..<300).map { "\"p\($0)\"" }.joined(separator: ",")
            + #"],"tasks":["# + tasks.joined(separator: ",") + "]}"
        let transport = FakeTransport([.response(.json(200, body))])
        let invoker = InvokeTest.invoker(transport: transport)
        let fields = ["tasks[].output"]
        let first = await invoker.invoke(
            InvokeArguments(endpoint: "getItem", params: ["itemId": "x"], fields: fields, maxChars: 1000))
        let name = try #require(first.structured["handle"]?.stringValue)
        let start = try #require(first.structured["nextOffset"]?.intValue, "\(first.text)")
        #expect(first.text.contains(#""fields": ["tasks[].output"], "offset": \#(start)}"#), "\(first.text)")
        var seen = first.text.matches(of: /\bout_(\d+)\b/).map { Int($0.output.1)! }
        var offset = start
        for _ in 0..<100 {
            let page = await invoker.reread(
                handle: name, fields: fields, offset: offset, maxChars: 1000, caller: .local)
            let numbers = page.text.matches(of: /\bout_(\d+)\b/).map { Int($0.output.1)! }
            seen += numbers
            guard let next = page.structured["nextOffset"]?.intValue else { break }
            #expect(next == offset + numbers.count)
            offset = next
        }
        #expect(seen == (0..<120).filter { $0 % 3 != 0 })
    }

    @Test("the budget the footer suggests shows the whole answer when asked for")
    func suggestedBudgetSuffices() async throws {
        let rows = (0..<67).map {
            #"{"name":"task_\#($0)","retryCount":\#($0 % 7),"timeoutSeconds":\#(60 + $0),"ownerEmail":"owner\#($0)@example.com","description":"a task definition number \#($0) with a description long enough to matter"}"#
        }
        let body = "[" + rows.joined(separator: ",") + "]"
        let transport = FakeTransport([.response(.json(200, body)), .response(.json(200, body))])
        let invoker = InvokeTest.invoker(transport: transport)
        let first = await invoker.invoke(InvokeArguments(endpoint: "getItem", params: ["itemId": "x"]))
        let suggested = try #require(first.text.firstMatch(of: /maxChars=(\d+) shows everything/)).output.1
        let whole = await invoker.invoke(
            InvokeArguments(endpoint: "getItem", params: ["itemId": "x"], maxChars: Int(suggested)!))
        #expect(!whole.text.contains("columns not shown") && !whole.text.contains("shows everything"), "\(whole.text)")
        #expect(whole.text.contains("task_66") && whole.text.contains("number 66"))
    }

    @Test("another caller's handle is unknown to you, and an evicted handle says it expired")
    func ownershipAndExpiry() async throws {
        let (invoker, _, handle) = await keptAnswer()
        let name = try #require(handle)
        let stranger = CallerIdentity(subject: "mallory", sessionID: "s2")
        let refused = await invoker.reread(handle: name, fields: nil, offset: nil, maxChars: nil, caller: stranger)
        #expect(refused.isError)
        // Another caller's live handle has not expired; it is unknown to you. Nor is "r01" the handle r1.
        #expect(refused.text.hasPrefix("Unknown handle"), "\(refused.text)")
        let padded = await invoker.reread(handle: "r01", fields: nil, offset: nil, maxChars: nil, caller: .local)
        #expect(padded.isError && padded.text.hasPrefix("Unknown handle"), "\(padded.text)")
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

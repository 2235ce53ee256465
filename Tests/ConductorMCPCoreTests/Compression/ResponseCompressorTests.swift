import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

/// Behaviours of the compressor that a plausible bug would break.
@Suite("ResponseCompressor")
struct ResponseCompressorTests {
    let compressor = ResponseCompressor()

    func json(_ text: String, _ options: ResponseCompressor.Options = .init()) -> ResponseCompressor.Output {
        compressor.compress(body: Array(text.utf8), contentType: "application/json", truncatedAt: nil, options: options)
    }

    // MARK: The bar

    @Test("the 100-task execution fits 8,000 chars and shows every task's reference name and status and the reason")
    func hundredTaskBar() throws {
        let body = try GoldenFile.bytes("workflow-100-tasks.json")
        let workflow = try JSONParser.parse(body)
        guard case .array(let tasks)? = workflow["tasks"] else {
            Issue.record("fixture has no tasks")
            return
        }
        #expect(tasks.count == 100)
        for budget in [6000, 8000] {
            let output = compressor.compress(
                body: body, contentType: "application/json", truncatedAt: nil, options: .init(maxChars: budget))
            #expect(output.text.count <= budget)
            let lines = output.text.split(separator: "\n").map {
                $0.split(separator: "|").map { String($0).trimmingWhitespace() }
            }
            var unmatchedRows = lines
            for task in tasks {
                let reference = try #require(task["referenceTaskName"]?.stringValue)
                let status = try #require(task["status"]?.stringValue)
                // Each task needs its own row: remove the first row that carries both cells.
                let row = unmatchedRows.firstIndex { $0.contains(reference) && $0.contains(status) }
                #expect(row != nil, "no row for \(reference) \(status) with max_chars=\(budget)")
                if let row { unmatchedRows.remove(at: row) }
            }
            let reason = try #require(workflow["reasonForIncompletion"]?.stringValue)
            #expect(output.text.contains("reasonForIncompletion: \(reason)"))
            #expect(output.text.contains("status: FAILED"))
        }
    }

    @Test("the structured JSON carries the same rows as the text: every task's reference name and status")
    func hundredTaskJSON() throws {
        let body = try GoldenFile.bytes("workflow-100-tasks.json")
        let output = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init())
        guard case .array(let rows)? = output.json?["tasks"] else {
            Issue.record("no tasks array in the structured JSON")
            return
        }
        #expect(rows.count == 100)
        for row in rows {
            #expect(row["referenceTaskName"]?.stringValue != nil && row["status"]?.stringValue != nil)
            #expect(row["inputData"] == nil)
        }
        #expect(output.json?["status"] == "FAILED")
        #expect(output.json?["workflowDefinition"] == ["name": "order_fulfillment", "version": 7, "schemaVersion": 2])
    }

    @Test("with room enough, the gentlest rendering is chosen: every column, nothing summarised")
    func gentlestLevelFirst() throws {
        let body = try GoldenFile.bytes("task-list.json")
        let roomy = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init(maxChars: 100_000))
        // Strings holding braces are quoted inside an inline object, so the braces cannot be misread.
        #expect(roomy.text.contains(#"inputParameters: {orderId: "${workflow.input.orderId}""#))
        #expect(roomy.elided == ["132 null/empty fields dropped"])
        let tight = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init(maxChars: 3000))
        #expect(tight.text.count <= 3000)
        #expect(tight.elided.contains { $0.hasPrefix("[]: columns not shown: ") })
    }

    @Test("roots that are scalars or empty containers render as themselves")
    func trivialRoots() {
        #expect(json("{}").text == "{}")
        #expect(json("[]").text == "[]")
        #expect(json("null").text == "null")
        #expect(json("42").text == "42")
        #expect(json(#""done""#).text == "done")
        let allNull = json(#"{"a":null}"#).text
        #expect(allNull == "{}\n--- compressed from 10 chars; left out:\n- 1 null/empty field dropped")
    }

    // MARK: Pruning

    @Test("nulls and empty strings, lists and objects are dropped and counted; false and 0 are kept")
    func nullsDropped() {
        let output = json(#"{"id":"w1","a":null,"b":"","c":[],"d":{},"e":{"f":null},"g":false,"h":0,"i":[null]}"#)
        #expect(output.text.hasPrefix("id: w1\ng: false\nh: 0\n"))
        #expect(!output.text.contains("a:"))
        #expect(!output.text.contains("null\n"))
        // a, b, c, d, e.f, e, i[0], i
        #expect(output.elided.contains("8 null/empty fields dropped"))
        #expect(output.json == ["id": "w1", "g": false, "h": 0])
    }

    @Test("a small response comes through whole, with no footer")
    func smallResponseWhole() {
        let output = json(#"{"workflowId":"w1","status":"RUNNING","tags":["a","b"]}"#)
        #expect(output.text == "workflowId: w1\nstatus: RUNNING\ntags: [a, b]")
        #expect(output.elided.isEmpty)
        #expect(output.json == ["workflowId": "w1", "status": "RUNNING", "tags": ["a", "b"]])
    }

    @Test("strings that would read as numbers, booleans or containers are quoted")
    func ambiguousStringsQuoted() {
        let output = json(#"{"a":"123","b":123,"c":"true","d":" padded","e":"{x}","f":"two\nlines","g":"plain text"}"#)
        #expect(
            output.text == #"a: "123"\#nb: 123\#nc: "true"\#nd: " padded"\#ne: "{x}"\#nf: "two\nlines"\#ng: plain text"#
        )
    }

    // MARK: Cuts

    @Test("a long string is cut with a marker counting the rest, and the footer counts it")
    func longStringCut() {
        let long = String(repeating: "abcdefghij", count: 1000)
        let output = compressor.compress(["id": "x", "blob": .string(long)], options: .init(maxChars: 1000))
        #expect(output.text.count <= 1000)
        let match = output.text.firstRange(of: "…(+")
        #expect(match != nil)
        let shown = output.text.split(separator: "\n").first { $0.hasPrefix("blob: ") }!.dropFirst(6)
        let omitted = Int(shown.split(separator: "+").last!.dropLast(7))!
        #expect(shown.prefix { $0 != "…" }.count + omitted == long.count)
        #expect(output.elided.contains { $0.hasPrefix("1 long string cut") })
    }

    @Test("a long list keeps its first items and counts the rest")
    func longListCut() {
        let items = (0..<500).map { JSONValue.string("item-\($0)-" + String(repeating: "z", count: 20)) }
        let output = compressor.compress(["values": .array(items)], options: .init(maxChars: 1500))
        #expect(output.text.count <= 1500)
        #expect(output.text.contains("item-0-"))
        #expect(!output.text.contains("item-499-"))
        #expect(output.text.contains(#/… \+\d+ more items|…\+\d+ more/#))
        #expect(output.elided.contains { $0.hasPrefix("values: showing ") && $0.hasSuffix(" of 500 items") })
    }

    @Test("an array of similar objects is a table with a header, one row per object and shared values once")
    func table() {
        let output = json(
            #"[{"name":"a","status":"OK","kind":"x","n":1},{"name":"b","status":"BAD","kind":"x","n":2},"#
                + #"{"name":"c|d","status":"OK","kind":"x"}]"#)
        #expect(
            output.text
                == """
                table of 3 rows
                  every row: {kind: x}
                  name | status | n
                  a | OK | 1
                  b | BAD | 2
                  "c|d" | OK
                """)
        #expect(
            output.json == [
                ["kind": "x", "name": "a", "status": "OK", "n": 1],
                ["kind": "x", "name": "b", "status": "BAD", "n": 2], ["kind": "x", "name": "c|d", "status": "OK"],
            ])
    }

    @Test("dissimilar objects in a list are not forced into a table")
    func dissimilarList() {
        let output = json(#"{"events":[{"a":1,"b":2,"c":3},{"x":1,"y":2,"z":3}]}"#)
        #expect(output.text == "events: [{a: 1, b: 2, c: 3}, {x: 1, y: 2, z: 3}]")
        let long = json(
            #"{"events":[{"a":1,"b":2,"c":3},{"x":1,"y":2,"z":3},{"k":"\#(String(repeating: "v", count: 90))"}]}"#)
        #expect(long.text.hasPrefix("events: list of 3\n  - {a: 1, b: 2, c: 3}\n  - {x: 1, y: 2, z: 3}\n  - {k: vvv"))
    }

    // MARK: Identity under pressure

    @Test("identity, status and explanation fields survive when the budget forces everything else out")
    func identityKeptUnderPressure() {
        func record(_ n: Int) -> JSONValue {
            [
                "payload": .string("\(n)" + String(repeating: "q", count: 400)),
                "jobId": .string("job-\(n)"), "nested": ["deep": ["deeper": "value"]],
                "state": n == 7 ? "ERROR" : "DONE", "errorMessage": n == 7 ? "disk full on /var" : nil,
                "blobs": .array((0..<30).map { .int($0) }),
            ]
        }
        let value: JSONValue = [
            "requestId": "req-42", "status": "PARTIAL", "reason": "1 of 40 jobs failed",
            "config": ["ownerName": "ops", "big": .string(String(repeating: "c", count: 3000))],
            "jobs": .array((0..<40).map(record)),
        ]
        let output = compressor.compress(value, options: .init(maxChars: 1500))
        #expect(output.text.count <= 1500)
        for needle in [
            "requestId: req-42", "status: PARTIAL", "reason: 1 of 40 jobs failed", "ownerName: ops",
            "disk full on /var", "ERROR",
        ] {
            #expect(output.text.contains(needle), "missing \(needle)")
        }
        #expect(!output.text.contains("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"))
        #expect(output.elided.contains { $0.contains("columns not shown") && $0.contains("payload") })
    }

    @Test("key roles come from name patterns")
    func fieldRoles() {
        for name in ["id", "taskId", "workflowID", "order_id", "name", "referenceTaskName", "failedTaskNames", "key"] {
            #expect(FieldRole(name: name) == .identity, "\(name)")
        }
        for name in ["status", "workflowStatus", "state", "job_state"] { #expect(FieldRole(name: name) == .status) }
        for name in ["reasonForIncompletion", "error", "errorMessage", "message", "validationErrors", "lastError"] {
            #expect(FieldRole(name: name) == .explanation, "\(name)")
        }
        for name in ["type", "taskType", "code", "version"] { #expect(FieldRole(name: name) == .classifier) }
        for name in ["paid", "valid", "video", "inputData", "identity", "names2", "statusline"] {
            #expect(FieldRole(name: name) == .payload, "\(name)")
        }
    }

    // MARK: Budget

    @Test("the budget holds for many generated inputs of varying size and shape")
    func budgetHolds() {
        var generator = SeededGenerator(seed: 7)
        for round in 0..<150 {
            let value = randomJSON(&generator, depth: 0, breadth: Int.random(in: 1...40, using: &generator))
            let budget = [200, 350, 800, 2000, 6000][round % 5]
            let output = compressor.compress(value, options: .init(maxChars: budget))
            #expect(output.text.count <= budget, "round \(round): \(output.text.count) > \(budget)")
            #expect(!output.text.isEmpty)
            #expect(output.json != nil)
        }
    }

    @Test("a tiny budget below the minimum is raised, never producing an empty answer")
    func tinyBudget() {
        let options = ResponseCompressor.Options(maxChars: 10)
        #expect(options.maxChars == ResponseCompressor.Options.minimumMaxChars)
        let value: JSONValue = .object(JSONObject((0..<300).map { ("field\($0)", .string("value \($0)")) }))
        let output = compressor.compress(value, options: options)
        #expect(output.text.count <= 200)
        #expect(output.text.hasPrefix("field0: value 0\n"))
        #expect(!output.elided.isEmpty)
    }

    @Test("the footer names what was left out and how to get it")
    func footerExplains() throws {
        let body = try GoldenFile.bytes("workflow-100-tasks.json")
        let output = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init())
        let footer = try #require(output.text.split(separator: "\n--- ").last)
        #expect(footer.hasPrefix("compressed from \(output.originalChars) chars; left out:"))
        #expect(footer.contains("null/empty fields dropped"))
        #expect(footer.contains("\n- tasks[]: columns not shown: taskType, inputData,"))
        #expect(footer.contains("\n- workflowDefinition: summarised; hidden: createTime,"))
        #expect(footer.contains("more: fields=[\"tasks[].taskType\", \"tasks[].inputData\"] shows just those paths"))
        #expect(footer.contains("maxChars="))
    }

    @Test("output is deterministic and independent of member hashing")
    func deterministic() throws {
        let body = try GoldenFile.bytes("search-result.json")
        let first = compressor.compress(body: body, contentType: "application/json", truncatedAt: nil, options: .init())
        let second = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init())
        #expect(first == second)
    }

    // MARK: Projection

    @Test("fields keeps only the named paths, in document order")
    func projection() {
        let output = json(
            #"{"status":"FAILED","tasks":[{"ref":"a","status":"OK","big":"x"},{"ref":"b","status":"FAILED","big":"y"}],"other":1}"#,
            .init(fields: ["tasks[].status", "status", "tasks[].ref"]))
        // Status columns come before payload columns such as `ref`.
        #expect(output.text == "status: FAILED\ntasks: table of 2 rows\n  status | ref\n  OK | a\n  FAILED | b")
        #expect(output.elided.isEmpty)
    }

    @Test("a projection path that matches nothing is reported with the keys available there")
    func projectionMissing() {
        let output = json(
            #"{"status":"FAILED","tasks":[{"ref":"a","status":"OK"}]}"#,
            .init(fields: ["status", "tasks[].reference", "tasks.status", "nope"]))
        #expect(output.text.hasPrefix("status: FAILED\n--- "))
        #expect(
            output.elided.contains(
                #"fields: "tasks[].reference" matched nothing: no key "reference" at "tasks[]"; keys there: ref, status"#
            ))
        #expect(
            output.elided.contains(
                #"fields: "tasks.status" matched nothing: "tasks" is an array; write "tasks[].status" to reach into its elements"#
            ))
        #expect(
            output.elided.contains(
                #"fields: "nope" matched nothing: no key "nope" at the root; keys there: status, tasks"#))
        #expect(output.text.contains(#"no key "nope" at the root"#))
    }

    @Test("when no projection path matches, the answer says so rather than coming back empty")
    func projectionNothing() {
        let output = json(#"{"a":1}"#, .init(fields: ["b"]))
        #expect(output.text.hasPrefix(#"(no field matched fields=["b"])"#))
        #expect(output.text.contains("keys there: a"))
        #expect(output.json == nil)
    }

    @Test("malformed projection paths are refused by validate and reported by compress")
    func projectionSyntax() {
        #expect(throws: FieldProjectionError.self) { try ResponseCompressor.validate(fields: ["tasks[.status"]) }
        #expect(throws: FieldProjectionError.emptyPath) { try ResponseCompressor.validate(fields: [" "]) }
        #expect(throws: FieldProjectionError.self) { try ResponseCompressor.validate(fields: ["a..b"]) }
        #expect(throws: FieldProjectionError.self) { try ResponseCompressor.validate(fields: ["a.[]"]) }
        #expect(throws: Never.self) { try ResponseCompressor.validate(fields: ["[].id", "a[0].b", "a[][].c"]) }
        let output = json(#"{"a":1,"b":2}"#, .init(fields: ["a", "b]"]))
        #expect(output.text.hasPrefix("a: 1\n"))
        #expect(output.elided.contains { $0.hasPrefix(#"fields path "b]" is invalid at character 1"#) })
    }

    @Test("an index in a projection path picks one element")
    func projectionIndex() {
        let output = json(#"{"items":[{"id":1,"v":"a"},{"id":2,"v":"b"}]}"#, .init(fields: ["items[1].v"]))
        #expect(output.text == "items: [{v: b}]")
    }

    // MARK: Bodies and content types
}

import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

/// Exact compressed text for realistic payloads, compared with golden files under `Fixtures/compression/`.
@Suite("ResponseCompressor goldens")
struct ResponseCompressorGoldenTests {
    let compressor = ResponseCompressor()

    @Test("100-task failed workflow, default options")
    func workflowDefault() throws {
        let body = try GoldenFile.bytes("workflow-100-tasks.json")
        let output = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init())
        try GoldenFile.check(output.text, "workflow-100-tasks.default.golden.txt")
    }

    @Test("100-task failed workflow projected onto status and the tasks' names and statuses")
    func workflowProjected() throws {
        let body = try GoldenFile.bytes("workflow-100-tasks.json")
        let fields = ["status", "reasonForIncompletion", "tasks[].referenceTaskName", "tasks[].status", "tasks.taskId"]
        let output = compressor.compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init(fields: fields))
        try GoldenFile.check(output.text, "workflow-100-tasks.fields.golden.txt")
    }

    @Test("a batch-polled task list")
    func taskList() throws {
        let output = compressor.compress(
            body: try GoldenFile.bytes("task-list.json"), contentType: "application/json", truncatedAt: nil,
            options: .init())
        try GoldenFile.check(output.text, "task-list.golden.txt")
    }

    @Test("a workflow search result page")
    func searchResult() throws {
        let output = compressor.compress(
            body: try GoldenFile.bytes("search-result.json"), contentType: "application/json; charset=utf-8",
            truncatedAt: nil, options: .init())
        try GoldenFile.check(output.text, "search-result.golden.txt")
    }

    @Test("a started workflow's id as text/plain")
    func textPlainID() throws {
        let output = compressor.compress(
            body: Array("6d9c5e3a-1f0b-4f7e-9a55-2c3b8e4d1a90".utf8), contentType: "text/plain;charset=UTF-8",
            truncatedAt: nil, options: .init())
        try GoldenFile.check(output.text, "text-plain-id.golden.txt")
    }

    @Test("an HTML 500 page from the servlet container")
    func htmlErrorPage() throws {
        let output = compressor.compress(
            body: try GoldenFile.bytes("error-500.html"), contentType: "text/html;charset=utf-8", truncatedAt: nil,
            options: .init())
        try GoldenFile.check(output.text, "error-500.golden.txt")
    }

    @Test("a body labelled application/json that does not parse")
    func invalidJSON() throws {
        let output = compressor.compress(
            body: try GoldenFile.bytes("invalid-json.txt"), contentType: "application/json", truncatedAt: 128,
            options: .init())
        try GoldenFile.check(output.text, "invalid-json.golden.txt")
    }

    @Test("a huge string")
    func hugeString() throws {
        let log = (0..<4000).map { "line \($0): worker heartbeat ok" }.joined(separator: "\n")
        let value: JSONValue = ["taskId": "t-1", "status": "COMPLETED", "logs": .string(log)]
        try GoldenFile.check(compressor.compress(value, options: .init()).text, "huge-string.golden.txt")
    }

    @Test("deep nesting")
    func deepNesting() throws {
        var value: JSONValue = [
            "id": "leaf", "status": "FAILED", "detail": .string(String(repeating: "x", count: 300)),
        ]
        for depth in (0..<40).reversed() {
            value = [
                "name": .string("level-\(depth)"), "payload": .string(String(repeating: "p", count: 150)),
                "child": value,
            ]
        }
        try GoldenFile.check(compressor.compress(value, options: .init(maxChars: 2000)).text, "deep-nesting.golden.txt")
    }
}

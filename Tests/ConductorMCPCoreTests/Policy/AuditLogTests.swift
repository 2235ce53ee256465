import Foundation
import Logging
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Audit log")
struct AuditLogTests {
    static func record(_ index: Int) -> AuditRecord {
        AuditRecord(
            time: Date(timeIntervalSince1970: 0), caller: "local", session: nil, role: "admin",
            endpoint: "GET /api/x/\(index)", operationId: nil, method: "GET", path: "/api/x/\(index)",
            decision: "allowed", rule: "allow method *", dryRun: false, status: 200, durationMs: 1, responseBytes: 2,
            error: nil, body: .string(String(repeating: "x", count: 5000)))
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl").path
    }

    @Test("concurrent writes give whole lines, one per record")
    func concurrent() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(.file(path), logger: Logger(label: "test"))
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 { group.addTask { log.write(Self.record(index)) } }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 200)
        let endpoints = Set(lines.compactMap { try? JSONParser.parse(Array($0.utf8))["endpoint"]?.stringValue })
        #expect(endpoints.count == 200, "every line parses on its own")
    }

    @Test("reopen starts a new file after the old one was moved away (logrotate)")
    func reopen() throws {
        let path = Self.temporaryPath()
        let moved = path + ".1"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: moved)
        }
        let log = try AuditLog(.file(path), logger: Logger(label: "test"))
        log.write(Self.record(1))
        try FileManager.default.moveItem(atPath: path, toPath: moved)
        log.write(Self.record(2))
        log.reopen()
        log.write(Self.record(3))
        #expect(try String(contentsOfFile: moved, encoding: .utf8).split(separator: "\n").count == 2)
        let fresh = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(fresh.count == 1 && fresh.first?.contains("GET /api/x/3") == true)
    }

    @Test("an unopenable path is an error that says what to do")
    func cannotOpen() {
        #expect(throws: AuditLogError.self) {
            try AuditLog(.file("/nonexistent-dir-\(UUID().uuidString)/audit.jsonl"), logger: Logger(label: "test"))
        }
    }

    @Test(
        "a failing write does not lose the call's answer",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func failingWrite() async throws {
        let log = try AuditLog(.file("/dev/full"), logger: Logger(label: "test"))
        let gate = InvokeGate(auditLog: log)
        let arguments = InvokeArguments(endpoint: "GET /api/x")
        let outcome = await gate.audited(arguments, index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")) {
            InvokeOutcome(text: "the answer", structured: ["ok": true], isError: false)
        }
        #expect(outcome.text == "the answer")
    }
}

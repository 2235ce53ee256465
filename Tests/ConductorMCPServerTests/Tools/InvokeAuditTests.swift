import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging
import TestSupport
import Testing

@Suite("Every invoke is audited")
struct InvokeAuditTests {
    /// A toolbox over the OSS document whose gate, made by `gate` around an audit log in a fresh file, audits every
    /// invoke; and that file (the caller removes it). Nothing is sent: the server URL is a closed port.
    static func audited(
        staticHeaders: [(name: String, value: String)] = [], gate: (AuditLog) -> InvokeGate
    ) throws -> (toolbox: Toolbox, log: URL) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl")
        let index = Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")
        let invoker = Invoker(
            index: index,
            configuration: InvokeConfiguration(
                serverURL: URL(string: "http://127.0.0.1:9")!, staticHeaders: staticHeaders),
            transport: PolicyVisibilityTests.transport,
            gate: gate(try AuditLog(.file(path.path), logger: Logger(label: "test"))))
        return (Toolbox(index: index, invoker: invoker), path)
    }
    @Test("calls refused for their arguments or by the gate write one line each, refused, with the reason")
    func refusedCallsAreAudited() async throws {
        let (toolbox, path) = try Self.audited {
            InvokeGate(
                policy: AccessPolicy(role: "admin", confirmDestructive: true),
                limits: InputLimits(maxStringLength: 10), auditLog: $0)
        }
        defer { try? FileManager.default.removeItem(at: path) }
        let calls: [JSONObject] = [
            JSONObject([("endpoint", "GET /api/metadata/taskdefs"), ("surprise", 1)]),
            JSONObject([("endpoint", "DELETE /api/metadata/taskdefs/{tasktype}"), ("confirm", "yes")]),
            JSONObject([("endpoint", "GET /api/metadata/taskdefs"), ("max_chars", 5)]),
            JSONObject([("params", JSONValue.object(JSONObject()))]),
            JSONObject([("endpoint", "GET /api/x?access_token=SECRET-1"), ("params", "not an object")]),
            JSONObject([("handle", "r1"), ("endpoint", "DELETE /api/metadata/taskdefs/{tasktype}")]),
            JSONObject([
                ("endpoint", "POST /api/metadata/taskdefs"),
                ("body", [["name": "far-too-long-a-name"]]),
            ]),
            JSONObject([
                ("endpoint", "DELETE /api/metadata/taskdefs/{tasktype}"),
                ("params", .object(JSONObject([("tasktype", "t")]))),
            ]),
        ]
        for arguments in calls {
            let result = await toolbox.call("invoke", arguments: arguments)
            #expect(result.isError)
        }
        let text = try String(contentsOf: path, encoding: .utf8)
        let lines = try text.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(lines.count == calls.count)
        #expect(!text.contains("SECRET-1"))
        let decisions = lines.map { $0["decision"]?.stringValue ?? "" }
        let errors = lines.map { $0["error"]?.stringValue ?? "" }
        #expect(decisions == Array(repeating: "refused", count: calls.count), "\(text)")
        #expect(errors.prefix(6).allSatisfy { $0 == "invalid_arguments" }, "\(text)")
        #expect(errors.suffix(2) == ["input_limits", "confirmation_required"], "\(text)")
        #expect(lines.last?["rule"] == "needs confirmation")
    }

    @Test("a configured credential the caller put in a body or path is masked in the audit line")
    func configuredSecretsAreMaskedInAudit() async throws {
        let (toolbox, path) = try Self.audited(staticHeaders: [(name: "X-Api-Key", value: "HDRSECRET-9f8e7d6c")]) {
            InvokeGate(auditLog: $0, auditBodies: true)
        }
        defer { try? FileManager.default.removeItem(at: path) }
        let result = await toolbox.call(
            "invoke",
            arguments: JSONObject([
                ("endpoint", "POST /api/metadata/taskdefs"), ("dry_run", true),
                (
                    "body",
                    [
                        [
                            "name": "t", "description": "HDRSECRET-9f8e7d6c", "timeoutSeconds": 60,
                            "totalTimeoutSeconds": 60,
                        ]
                    ]
                ),
            ]))
        #expect(!result.isError, "\(result.text)")
        // An unknown endpoint's text is cut to 200 characters: masked before, so no piece of the secret is left.
        let unknown = "GET /api/" + String(repeating: "a", count: 185) + "HDRSECRET-9f8e7d6c"
        _ = await toolbox.call("invoke", arguments: JSONObject([("endpoint", .string(unknown)), ("dry_run", true)]))
        let text = try String(contentsOf: path, encoding: .utf8)
        #expect(text.contains("\"body\""))
        #expect(!text.contains("HDRSECRET-9f8e7d6c") && !text.contains("HDRSECRET"), "\(text)")
    }

    @Test("an invoke whose arguments are not an object is refused with -32602 and still audited")
    func nonObjectArgumentsAreAudited() async throws {
        let (toolbox, path) = try Self.audited { InvokeGate(auditLog: $0) }
        defer { try? FileManager.default.removeItem(at: path) }
        let session = MCPHost(toolbox: toolbox, logger: Logger(label: "test")).makeSession()
        _ = await ServerFixtures.exchange(session, ServerFixtures.initialize)
        for (id, arguments) in [(1, "[]"), (2, #""GET /x""#), (3, "7")] {
            let reply = await ServerFixtures.exchange(
                session,
                #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"invoke","arguments":\#(arguments)}}"#
            )
            #expect(reply.first?["error"]?["code"] == -32602)
        }
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains(#""error":"invalid_arguments""#) })
    }
}

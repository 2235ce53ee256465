import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Invoke gate")
struct InvokeGateTests {
    static func invoker(_ gate: InvokeGate, transport: FakeTransport, authenticated: Bool = false) -> Invoker {
        var configuration = InvokeConfiguration(serverURL: InvokeTest.server)
        if authenticated {
            configuration.authKey = "key-id-1234"
            configuration.authSecret = "very-secret-5678"
        }
        return Invoker(
            index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json"), configuration: configuration,
            transport: transport, gate: gate)
    }

    static func ok() -> FakeTransport { FakeTransport(fallback: { _ in .response(.json(200, "{}")) }) }

    @Test("a refused call and its dry run send nothing and say which rule and role refused")
    func refusedSendsNothing() async {
        let transport = Self.ok()
        let invoker = Self.invoker(InvokeGate(policy: AccessPolicy(role: "viewer")), transport: transport)
        for dryRun in [false, true] {
            let outcome = await invoker.invoke(
                InvokeArguments(
                    endpoint: "DELETE /api/metadata/workflow/{name}/{version}",
                    params: ["name": "x", "version": 1], dryRun: dryRun))
            #expect(outcome.isError)
            #expect(
                outcome.text.hasPrefix(
                    "DELETE /api/metadata/workflow/{name}/{version} is not allowed for role viewer (rule: deny method DELETE)"
                ))
            #expect(outcome.structured["error"] == "policy_refused")
            #expect(outcome.structured["role"] == "viewer")
        }
        #expect(await transport.requests.isEmpty)
    }

    @Test("the policy decides before validation: a refused call with bad arguments is refused, not validated")
    func beforeValidation() async {
        let invoker = Self.invoker(InvokeGate(policy: AccessPolicy(role: "viewer")), transport: Self.ok())
        let outcome = await invoker.invoke(InvokeArguments(endpoint: "POST /api/metadata/workflow", body: "not a def"))
        #expect(outcome.structured["error"] == "policy_refused")
    }

    @Test("an allowed call goes through unchanged")
    func allowed() async {
        let transport = Self.ok()
        let invoker = Self.invoker(InvokeGate(policy: AccessPolicy(role: "viewer")), transport: transport)
        let outcome = await invoker.invoke(
            InvokeArguments(endpoint: "GET /api/workflow/{workflowId}", params: ["workflowId": "w1"]))
        #expect(!outcome.isError)
        #expect(await transport.paths.first?.hasPrefix("GET http://conductor.test:8080/api/workflow/w1") == true)
        #expect(outcome.trace?.status == 200)
    }

    @Test("input limits refuse long strings, long arrays and large bodies before sending")
    func inputLimits() async {
        let transport = Self.ok()
        let gate = InvokeGate(limits: InputLimits(maxBodyBytes: 30, maxStringLength: 10, maxArrayLength: 2))
        let outcome = await Self.invoker(gate, transport: transport).invoke(
            InvokeArguments(
                endpoint: "POST /api/workflow/{name}", params: ["name": "a-very-long-name"],
                body: ["list": [1, 2, 3], "text": "0123456789abc"]))
        #expect(outcome.structured["error"] == "input_limits")
        #expect(
            InvokeTest.problems(outcome) == [
                "body: is 39 bytes, over the configured limit of 30 (limits.maxBodyBytes)",
                "params/name: is a string of 16 characters, over the configured limit of 10 (limits.maxStringLength)",
                "body/list: has 3 elements, over the configured limit of 2 (limits.maxArrayLength)",
                "body/text: is a string of 13 characters, over the configured limit of 10 (limits.maxStringLength)",
            ])
        #expect(await transport.requests.isEmpty)
    }

    @Test("rate limits: a burst passes, the next is refused with the wait, and time refills the bucket")
    func rateLimits() async {
        let clock = Mutex(0.0)
        let limiter = RateLimiter(
            reads: .init(perMinute: 60, burst: 2), writes: .init(perMinute: 6, burst: 1),
            now: { clock.withLock { $0 } })
        let invoker = Self.invoker(InvokeGate(rateLimiter: limiter), transport: Self.ok())
        let read = InvokeArguments(endpoint: "GET /api/workflow/{workflowId}", params: ["workflowId": "w"])
        #expect(!(await invoker.invoke(read)).isError)
        #expect(!(await invoker.invoke(read)).isError)
        let refused = await invoker.invoke(read)
        #expect(refused.structured["error"] == "rate_limited")
        #expect(refused.text == "Rate limit reached for reads; nothing was sent. Retry in 1 s.")
        let write = InvokeArguments(endpoint: "PUT /api/workflow/{workflowId}/pause", params: ["workflowId": "w"])
        #expect(!(await invoker.invoke(write)).isError)
        #expect((await invoker.invoke(write)).structured["retryAfterSeconds"] == .double(10))
        var dry = write
        dry.dryRun = true
        #expect(!(await invoker.invoke(dry)).isError, "dry runs take no token")
        clock.withLock { $0 = 1.0 }
        #expect(!(await invoker.invoke(read)).isError)
        let other = InvokeArguments(
            endpoint: "GET /api/workflow/{workflowId}", params: ["workflowId": "w"],
            caller: CallerIdentity(subject: "someone-else"))
        #expect(!(await invoker.invoke(other)).isError, "buckets are per caller")
    }

    @Test("with confirmation on, a DELETE needs confirm: true; the dry run does not")
    func confirmation() async {
        let transport = Self.ok()
        let invoker = Self.invoker(InvokeGate(policy: AccessPolicy(confirmDestructive: true)), transport: transport)
        var arguments = InvokeArguments(endpoint: "DELETE /api/workflow/{workflowId}", params: ["workflowId": "w"])
        let first = await invoker.invoke(arguments)
        #expect(first.structured["error"] == "confirmation_required")
        arguments.dryRun = true
        #expect(!(await invoker.invoke(arguments)).isError)
        #expect(await transport.requests.isEmpty)
        arguments.dryRun = false
        arguments.confirmed = true
        #expect(!(await invoker.invoke(arguments)).isError)
        #expect(await transport.requests.count == 1)
    }

    @Test("an upstream 429 with Retry-After says how long to wait")
    func retryAfter() async {
        let transport = FakeTransport(fallback: { _ in
            .response(
                UpstreamResponse(
                    status: 429, headers: [HeaderField("Retry-After", "7"), HeaderField("Content-Type", "text/plain")],
                    body: Array("slow down".utf8)))
        })
        let gate = InvokeGate()
        let invoker = Self.invoker(gate, transport: transport)
        let arguments = InvokeArguments(endpoint: "GET /api/workflow/{workflowId}", params: ["workflowId": "w"])
        let outcome = await gate.audited(arguments, index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")) {
            await invoker.invoke(arguments)
        }
        #expect(outcome.isError)
        #expect(outcome.text.hasSuffix("The server asked to wait 7 s before retrying (Retry-After: 7)."))
        #expect(outcome.structured["retryAfterSeconds"] == 7)
        let date = Date(timeIntervalSince1970: 1_000_000_000)
        #expect(InvokeGate.retryAfterSeconds("Sun, 09 Sep 2001 01:47:00 GMT", now: date) == 20)
    }

    @Test("the audit line carries the call's facts and no secret, even with bodies on")
    func auditLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: path) }
        let log = try AuditLog(.file(path.path), logger: .init(label: "test"))
        let gate = InvokeGate(
            policy: AccessPolicy(role: "operator"), auditLog: log, auditBodies: true,
            now: { Date(timeIntervalSince1970: 0) })
        let transport = FakeTransport([
            .response(.json(200, #"{"token":"tok-abcdef"}"#)), .response(.json(200, #"{"ok":true}"#)),
        ])
        let invoker = Self.invoker(gate, transport: transport, authenticated: true)
        let calls = [
            InvokeArguments(
                endpoint: "startWorkflow_1", params: ["name": "flow", "correlationId": "c1"],
                body: ["password": "hunter2", "who": "ada"]),
            InvokeArguments(
                endpoint: "DELETE /api/metadata/workflow/{name}/{version}", params: ["name": "x", "version": 1]),
        ]
        for arguments in calls {
            _ = await gate.audited(arguments, index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")) {
                await invoker.invoke(arguments)
            }
        }
        let text = try String(contentsOf: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        for secret in ["hunter2", "tok-abcdef", "very-secret-5678", "key-id-1234"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        let first = try JSONParser.parse(Array(try #require(lines[safe: 0]).utf8))
        #expect(first["time"] == "1970-01-01T00:00:00.000Z")
        #expect(first["caller"] == "local")
        #expect(first["role"] == "operator")
        #expect(first["endpoint"] == "POST /api/workflow/{name}")
        #expect(first["operationId"] == "startWorkflow_1")
        #expect(first["path"] == "/api/workflow/flow?correlationId=c1")
        #expect(first["decision"] == "allowed")
        #expect(first["status"] == 200)
        #expect(first["body"]?["body"]?["password"] == "***")
        let second = try JSONParser.parse(Array(try #require(lines[safe: 1]).utf8))
        #expect(second["decision"] == "refused")
        #expect(second["rule"] == "deny method DELETE and path prefix /api/metadata")
        #expect(second["error"] == "policy_refused")
        #expect(second["status"] == .null)
    }

    @Test("secret-looking query values are masked in the audit path")
    func queryRedaction() {
        #expect(AuditRecord.redactQuery("/api/x?name=a&access_token=abc&b=2") == "/api/x?name=a&access_token=***&b=2")
        #expect(AuditRecord.redactQuery("/api/x") == "/api/x")
    }

    @Test("body members whose names hold a credential are masked however the name is spelt")
    func bodyRedaction() throws {
        let secret = [
            "api_key", "API_KEY", "access_key", "accessKey", "x_api_key", "pwd", "passphrase", "privKey", "jwt",
            "bearer", "refresh", "refresh_token", "connectionString", "conn_str", "dsn", "pin", "otp", "key",
            "clientSecret", "Authorization", "session_id", "sslCert",
        ]
        let plain = ["name", "mapping", "description", "keyword", "workflowId", "version", "shipping", "input"]
        var object = JSONObject()
        for name in secret + plain { object[name] = .string("v-\(name)") }
        let redacted = AuditRecord.redact(.object(["outer": [.object(object)]]))
        let inner = try #require(redacted["outer"]?.arrayValue?.first)
        for name in secret { #expect(inner[name] == "***", "\(name)") }
        for name in plain { #expect(inner[name] == .string("v-\(name)"), "\(name)") }
    }
}

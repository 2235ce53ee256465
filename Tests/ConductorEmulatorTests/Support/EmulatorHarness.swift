import ConductorEmulator
import ConductorMCPCore
import Foundation
import Hummingbird
import HummingbirdTesting

/// A clock tests move by hand, to expire tokens and release delayed retries without sleeping.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var millis: Int

    init(start: Int = 1_700_000_000_000) {
        millis = start
    }

    var clock: EmulatorClock {
        EmulatorClock { [self] in lock.withLock { millis } }
    }

    func advance(seconds: Int) {
        lock.withLock { millis += seconds * 1000 }
    }
}

/// One answer, decoded for assertions.
struct Reply: Sendable {
    var status: Int
    var body: Data
    var contentType: String?

    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The `message` of a Conductor `ErrorResponse`.
    var message: String? { json["message"]?.stringValue }
}

/// Drives an emulator through Hummingbird's router test framework (or a live socket).
struct EmulatorHarness: Sendable {
    let server: EmulatorServer

    init(configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0)) {
        server = EmulatorServer(configuration: configuration)
    }

    /// Runs `body` against the router, in process.
    func run(live: Bool = false, _ body: @Sendable (EmulatorClient) async throws -> Void) async throws {
        let app = Application(
            router: server.makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(live ? .live : .router) { client in
            try await body(EmulatorClient(client: client))
        }
    }
}

/// Sends JSON or text requests and collects `Reply` values.
struct EmulatorClient: Sendable {
    let client: any TestClientProtocol

    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, text: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(string: json.jsonText)
            headers[.contentType] = "application/json"
        } else if let text {
            body = ByteBuffer(string: text)
            headers[.contentType] = "text/plain"
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Reply(
                status: Int(response.status.code), body: Data(response.body.readableBytesView),
                contentType: response.headers[.contentType])
        }
    }

    /// Registers task definitions with no retry delay, so retries are pollable at once.
    func registerTaskDefs(_ names: [String], retryCount: Int = 0) async throws {
        let defs: [JSONValue] = names.map {
            ["name": .string($0), "retryCount": .int(retryCount), "retryDelaySeconds": 0, "timeoutSeconds": 0]
        }
        let reply = try await call(.post, "/api/metadata/taskdefs", json: .array(defs))
        guard reply.status == 200 else {
            throw HarnessError("task definitions not registered: \(reply.status) \(reply.text)")
        }
    }

    /// Registers a workflow definition and fails loudly when refused.
    func registerWorkflow(_ def: JSONValue) async throws {
        let reply = try await call(.post, "/api/metadata/workflow", json: def)
        guard reply.status == 200 else { throw HarnessError("workflow not registered: \(reply.status) \(reply.text)") }
    }

    /// Starts `name` with `input`; answers the new id.
    func start(_ name: String, input: JSONValue = [:]) async throws -> String {
        let reply = try await call(.post, "/api/workflow/\(name)", json: input)
        guard reply.status == 200 else { throw HarnessError("workflow not started: \(reply.status) \(reply.text)") }
        return reply.text
    }

    /// The execution with its tasks.
    func workflow(_ id: String) async throws -> JSONValue {
        try await call(.get, "/api/workflow/\(id)").json
    }

    /// Polls one task of `type`; nil on 204.
    func poll(_ type: String, worker: String = "worker-1") async throws -> JSONValue? {
        let reply = try await call(.get, "/api/tasks/poll/\(type)?workerid=\(worker)")
        guard reply.status != 204 else { return nil }
        return reply.json
    }

    /// Posts a `TaskResult` for a polled task.
    @discardableResult
    func complete(_ task: JSONValue, status: String = "COMPLETED", output: JSONValue = [:], reason: String? = nil)
        async throws -> Reply
    {
        var result: JSONValue = [
            "taskId": task["taskId"] ?? .null, "workflowInstanceId": task["workflowInstanceId"] ?? .null,
            "status": .string(status), "outputData": output,
        ]
        if let reason { result["reasonForIncompletion"] = .string(reason) }
        return try await call(.post, "/api/tasks", json: result)
    }
}

extension JSONValue {
    /// The tasks of a workflow answer.
    var tasks: [JSONValue] { self["tasks"]?.arrayValue ?? [] }
    /// A workflow's or task's `status`.
    var status: String? { self["status"]?.stringValue }
}

/// A two-SIMPLE-task workflow whose output comes from both tasks.
func twoTaskWorkflow(name: String = "two_tasks", first: String = "task_a", second: String = "task_b") -> JSONValue {
    [
        "name": .string(name), "version": 1,
        "tasks": [
            [
                "name": .string(first), "taskReferenceName": "first", "type": "SIMPLE",
                "inputParameters": ["who": "${workflow.input.who}"],
            ],
            [
                "name": .string(second), "taskReferenceName": "second", "type": "SIMPLE",
                "inputParameters": ["text": "${first.output.greeting}", "literal": "id=${workflow.input.who}"],
            ],
        ],
        "outputParameters": ["result": "${second.output.result}", "greeting": "${first.output.greeting}"],
    ]
}

/// A step of a test's set-up that the emulator refused: the test fails with the answer instead of the run trapping.
struct HarnessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

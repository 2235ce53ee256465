import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging
import TestSupport
import Testing

/// Collects what a session sends, in order.
actor Outbox {
    private(set) var messages: [JSONValue] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func append(_ message: JSONValue) {
        messages.append(message)
        let ready = waiters.filter { $0.count <= messages.count }
        waiters.removeAll { $0.count <= messages.count }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Returns once at least `count` messages arrived.
    func wait(for count: Int) async {
        if messages.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    nonisolated var emit: MCPSession.Emit { { message in await self.append(message) } }
}

/// An upstream that records each request and answers only when released, or never when cancelled first.
actor GatedTransport: HTTPTransport {
    private(set) var sent: [UpstreamRequest] = []
    private(set) var cancelled = 0
    private var gate: CheckedContinuation<Void, Never>?
    private var sentWaiters: [CheckedContinuation<Void, Never>] = []

    func send(_ request: UpstreamRequest, timeout: Duration, maxResponseBytes: Int) async throws(TransportError)
        -> UpstreamResponse
    {
        sent.append(request)
        for waiter in sentWaiters { waiter.resume() }
        sentWaiters.removeAll()
        do {
            // Blocks until cancelled: a real request that never answers.
            try await Task.sleep(for: .seconds(3600))
        } catch {
            cancelled += 1
            throw TransportError(.cancelled, "cancelled")
        }
        return UpstreamResponse(status: 200, body: Array(#"{"ok":true}"#.utf8))
    }

    /// Returns once a request has been sent.
    func waitUntilSent() async {
        if !sent.isEmpty { return }
        await withCheckedContinuation { sentWaiters.append($0) }
    }

    nonisolated func shutdown() async throws {}
}

/// An upstream that answers every request with 200 `{"ok":true}` at once.
struct InstantTransport: HTTPTransport {
    func send(_ request: UpstreamRequest, timeout: Duration, maxResponseBytes: Int) async throws(TransportError)
        -> UpstreamResponse
    {
        UpstreamResponse(
            status: 200, headers: [HeaderField("Content-Type", "application/json")], body: Array(#"{"ok":true}"#.utf8))
    }

    func shutdown() async throws {}
}

extension ServerFixtures {
    /// A session over the OSS tools calling `transport`.
    static func session(
        transport: any HTTPTransport = InstantTransport(), options: MCPSession.Options = MCPSession.Options()
    ) -> MCPSession {
        let toolbox = Toolbox(
            index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json"),
            invoker: Invoker(
                index: Fixtures.cached("specs/conductor-oss-3.x-2025-08.json"),
                configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
                transport: transport))
        return MCPHost(toolbox: toolbox, logger: Logger(label: "test")).makeSession(options: options)
    }

    /// Sends `line` to `session` and returns what it answered (nothing for a notification).
    static func exchange(_ session: MCPSession, _ line: String) async -> [JSONValue] {
        let outbox = Outbox()
        await session.accept(Array(line.utf8), emit: outbox.emit)?.value
        return await outbox.messages
    }

    static let initialize =
        #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
}

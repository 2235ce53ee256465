import ConductorMCPCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The MCP endpoint of the Streamable HTTP transport (MCP 2025-06-18): POST carries one JSON-RPC message and is
/// answered as JSON, or as an SSE stream when the call reports progress; GET opens a keep-alive stream; DELETE ends
/// a session. Every message goes to an `MCPSession`, the same dispatch path as stdio.
struct StreamableHTTPEndpoint: Sendable {
    let host: MCPHost
    let options: HTTPServerOptions
    let registry: HTTPSessionRegistry
    let observer: (any SessionObserver)?
    let logger: Logger
    /// Request-body bytes being received at once, shared by every connection.
    let bodyBudget: BodyBudget

    /// Header names of the transport.
    static let sessionHeader = HTTPField.Name("Mcp-Session-Id")!
    static let versionHeader = HTTPField.Name("MCP-Protocol-Version")!

    // MARK: POST

    func post(_ request: Request, context: MCPRequestContext) async throws -> Response {
        do {
            return try await handlePost(request, context: context)
        } catch let fault as HTTPFault {
            observer?.protocolError(code: fault.error.code)
            return fault.response
        }
    }

    private func handlePost(_ request: Request, context: MCPRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        // The media type itself, parameters (`; charset=utf-8`) aside: `application/jsonfoo` is not JSON.
        let mediaType =
            contentType.split(separator: ";").first.map { String($0.filter { $0 != " " && $0 != "\t" }) } ?? ""
        guard mediaType == "application/json" else {
            throw HTTPFault(
                status: .unsupportedMediaType,
                error: .invalidRequest("POST a JSON-RPC message with Content-Type: application/json"))
        }
        // No Accept (or an empty one) accepts anything (RFC 9110 §12.5.1).
        let acceptHeader = request.headers[.accept].flatMap { $0.allSatisfy { $0 == " " || $0 == "\t" } ? nil : $0 }
        let accepted = Self.acceptedRanges(acceptHeader ?? "*/*")
        let acceptsJSON = Self.accepts(accepted, "application/json")
        let acceptsSSE = Self.accepts(accepted, "text/event-stream")
        guard acceptsJSON || acceptsSSE else {
            throw HTTPFault(
                status: .notAcceptable,
                error: .invalidRequest("send Accept: application/json, text/event-stream"))
        }
        try checkVersionHeader(request)
        let tooLarge = HTTPFault(
            status: .contentTooLarge,
            error: .invalidRequest("the body is larger than \(options.maxBodyBytes) bytes (--max-body-bytes)"))
        // A declared length past the limit is refused before a byte of the body is read.
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > options.maxBodyBytes { throw tooLarge }
        let reservation = declared ?? options.maxBodyBytes
        guard bodyBudget.reserve(reservation) else {
            throw HTTPFault(
                status: .serviceUnavailable,
                error: .invalidRequest("the server is receiving too many request bodies at once; retry shortly"),
                headers: [.retryAfter: "1"])
        }
        // Held while the body arrives, not while the call it carries runs.
        let collected = await Self.collect(request, upTo: options.maxBodyBytes, within: options.bodyTimeout)
        bodyBudget.release(reservation)
        let bytes: ByteBuffer
        switch collected {
        case .body(let body): bytes = body
        case .tooLarge: throw tooLarge
        case .timedOut:
            throw HTTPFault(
                status: .requestTimeout,
                error: .invalidRequest(
                    "the body did not arrive within \(options.bodyTimeout.components.seconds) s of the headers"))
        }
        let message = JSONRPCMessage(bytes: bytes.readableBytesView)
        // A message whose id is unusable is answered before any session is looked for.
        if case .invalid(nil, let error) = message { throw HTTPFault(status: .badRequest, error: error) }
        let (session, newSessionID) = try await session(for: message, request: request, caller: context.caller)

        switch message {
        case .notification, .response:
            await session.accept(message, emit: { _ in })
            return Response(status: .accepted)
        case .invalid, .request:
            if acceptsSSE, newSessionID == nil, Self.progressToken(of: message) != nil || !acceptsJSON {
                return await streamed(message, session: session, newSessionID: newSessionID, channel: context.channel)
            }
            return try await buffered(message, session: session, newSessionID: newSessionID, channel: context.channel)
        }
    }

    /// The media ranges an `Accept` header accepts (RFC 9110 §12.5.1): lower-cased, parameters dropped, those with
    /// `q=0` left out.
    static func acceptedRanges(_ header: String) -> [String] {
        header.lowercased().split(separator: ",").compactMap { element in
            let parts = element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first, !range.isEmpty else { return nil }
            // A weight of 0 refuses the range; one that is not a number in 0...1 ("nan") is no weight to accept by.
            let refused = parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0] == "q" else { return false }
                guard let weight = Double(pair[1]), (0...1).contains(weight) else { return true }
                return weight == 0
            }
            return refused ? nil : range
        }
    }

    /// Whether `ranges` cover `type` (`type/subtype`): the type itself, `type/*` or `*/*`.
    static func accepts(_ ranges: [String], _ type: String) -> Bool {
        let major = type.prefix { $0 != "/" }
        return ranges.contains { $0 == type || $0 == "\(major)/*" || $0 == "*/*" }
    }

    /// How reading a request body ended.
    enum Collected {
        case body(ByteBuffer)
        case tooLarge
        case timedOut
    }

    /// The body of `request`, at most `limit` bytes, read within `timeout` (the read is cancelled past it).
    static func collect(_ request: Request, upTo limit: Int, within timeout: Duration) async -> Collected {
        await withTaskGroup(of: Collected?.self) { group in
            group.addTask {
                var copy = request
                do {
                    return .body(try await copy.collectBody(upTo: limit))
                } catch {
                    return Task.isCancelled ? nil : .tooLarge
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .timedOut
        }
    }

    /// The session a message belongs to: a new one for `initialize` (or every message when stateless), else the one
    /// its `Mcp-Session-Id` names.
    private func session(for message: JSONRPCMessage, request: Request, caller: CallerIdentity) async throws
        -> (MCPSession, String?)
    {
        let sessionOptions = MCPSession.Options(
            requireInitialize: !options.stateless, progressInterval: options.progressInterval)
        if options.stateless {
            return (host.makeSession(caller: caller, options: sessionOptions, observer: observer), nil)
        }
        if case .request(_, "initialize", _) = message {
            guard await registry.hasRoom() else {
                throw HTTPFault(
                    status: .serviceUnavailable,
                    error: .invalidRequest(
                        "the server has \(options.maxSessions) sessions open (--max-sessions); retry later"),
                    headers: [.retryAfter: "5"])
            }
            let id = HTTPSessionRegistry.newID()
            var identity = caller
            identity.sessionID = id
            return (host.makeSession(caller: identity, options: sessionOptions, observer: observer), id)
        }
        guard let id = request.headers[Self.sessionHeader] else {
            throw HTTPFault.badRequest("missing Mcp-Session-Id header: send initialize first, then its session id")
        }
        guard
            let session = await registry.session(
                id, owner: HTTPSessionRegistry.owner(of: caller, roleClaim: host.roleClaim))
        else {
            throw HTTPFault.notFound(
                "unknown or expired session \(HeaderText.printable(id, limit: 64)): initialize a new session")
        }
        return (session, nil)
    }

    /// An unsupported `MCP-Protocol-Version` gets 400; a missing one means 2025-03-26, which is supported.
    private func checkVersionHeader(_ request: Request) throws {
        guard let version = request.headers[Self.versionHeader] else { return }
        guard MCPSession.supportedProtocolVersions.contains(version) else {
            throw HTTPFault.badRequest(
                "unsupported MCP-Protocol-Version \(HeaderText.printable(version, limit: 40)); supported: "
                    + MCPSession.supportedProtocolVersions.joined(separator: ", "))
        }
    }

    /// Waits for the reply and sends it as one JSON body; a cancelled request gets 202 and no body.
    private func buffered(
        _ message: JSONRPCMessage, session: MCPSession, newSessionID: String?, channel: any Channel
    ) async throws -> Response {
        let outbox = ReplyCollector()
        // The request's task is the session's, not this handler's: cancelling the handler (the graceful-shutdown
        // deadline passed) or the client's connection closing must cancel it too, so its upstream call stops.
        let task = await session.accept(message, emit: outbox.emit)
        let watcher = Self.cancelWhenClosed(task, channel: channel)
        defer { watcher.cancel() }
        await withTaskCancellationHandler {
            await task?.value
        } onCancel: {
            task?.cancel()
        }
        guard let reply = await outbox.messages.last(where: { $0["id"] != nil }) else {
            return Response(status: .accepted)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if let newSessionID, reply["result"] != nil {
            guard
                await registry.open(
                    newSessionID, session: session,
                    owner: HTTPSessionRegistry.owner(of: session.caller, roleClaim: host.roleClaim),
                    holder: HTTPSessionRegistry.holder(of: session.caller))
            else {
                throw HTTPFault(
                    status: .serviceUnavailable,
                    error: .invalidRequest("the server cannot open more sessions now; retry later"),
                    headers: [.retryAfter: "5"])
            }
            headers[Self.sessionHeader] = newSessionID
        }
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: reply.jsonText)))
    }

    /// Sends progress notifications and then the reply as server-sent events, with keep-alive comments between.
    private func streamed(
        _ message: JSONRPCMessage, session: MCPSession, newSessionID: String?, channel: any Channel
    ) async -> Response {
        let (events, sink) = AsyncStream<ByteBuffer>.makeStream()
        let task = await session.accept(message) { outbound in
            sink.yield(Self.event(outbound))
        }
        let watcher = Self.cancelWhenClosed(task, channel: channel)
        let interval = options.keepAliveInterval
        Task {
            await task?.value
            watcher.cancel()
            sink.finish()
        }
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        if let newSessionID { headers[Self.sessionHeader] = newSessionID }
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await withTaskCancellationHandler {
                    try await Self.pump(events, sink: sink, keepAlive: interval, into: &writer)
                } onCancel: {
                    task?.cancel()
                }
            })
    }

    /// How often a running request checks that its client is still connected.
    static let disconnectCheckInterval: Duration = .milliseconds(250)

    /// Cancels `task` once `channel` closes (checked every `disconnectCheckInterval`: a callback on the channel's
    /// close would pile up one per request on a long-lived connection); cancel the returned watcher when done.
    static func cancelWhenClosed(_ task: Task<Void, Never>?, channel: any Channel) -> Task<Void, Never> {
        Task {
            let watcher = await DisconnectWatcher.installed(on: channel)
            while !Task.isCancelled {
                do { try await Task.sleep(for: disconnectCheckInterval) } catch { return }
                if !channel.isActive || watcher?.clientGone == true {
                    task?.cancel()
                    return
                }
            }
        }
    }

    /// Writes `events` to `writer` until the stream finishes, with a keep-alive comment every `keepAlive`.
    static func pump(
        _ events: AsyncStream<ByteBuffer>, sink: AsyncStream<ByteBuffer>.Continuation, keepAlive: Duration,
        into writer: inout any ResponseBodyWriter
    ) async throws {
        let ticker = Task {
            while !Task.isCancelled {
                do { try await Task.sleep(for: keepAlive) } catch { return }
                sink.yield(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
        defer { ticker.cancel() }
        for await event in events {
            try await writer.write(event)
        }
        try await writer.finish(nil)
    }

    /// One SSE `message` event.
    static func event(_ message: JSONValue) -> ByteBuffer {
        ByteBuffer(string: "event: message\ndata: \(message.jsonText)\n\n")
    }

    static func progressToken(of message: JSONRPCMessage) -> JSONValue? {
        guard case .request(_, "tools/call", let params) = message else { return nil }
        return params?["_meta"]?["progressToken"]
    }

    // MARK: GET and DELETE

    func get(_ request: Request, context: MCPRequestContext) async throws -> Response {
        if options.stateless {
            return HTTPFault.methodNotAllowed("a stateless server offers no GET stream", allow: "POST").response
        }
        let accept = request.headers[.accept]?.lowercased() ?? ""
        guard accept.contains("text/event-stream") else {
            return HTTPFault(
                status: .notAcceptable,
                error: .invalidRequest("GET opens an SSE stream: send Accept: text/event-stream")
            ).response
        }
        guard let id = request.headers[Self.sessionHeader] else {
            return HTTPFault.badRequest("missing Mcp-Session-Id header").response
        }
        guard
            await registry.session(id, owner: HTTPSessionRegistry.owner(of: context.caller, roleClaim: host.roleClaim))
                != nil
        else {
            return HTTPFault.notFound("unknown or expired session: initialize a new session").response
        }
        let (events, sink) = AsyncStream<ByteBuffer>.makeStream()
        guard await registry.attachStream(id, sink) else {
            return HTTPFault(
                status: .conflict, error: .invalidRequest("this session already has a GET stream open")
            ).response
        }
        let registry = self.registry
        let interval = options.keepAliveInterval
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                defer { Task { await registry.detachStream(id) } }
                // Nothing is pushed on it yet (the server sends no requests); it carries keep-alives until closed.
                try await Self.pump(events, sink: sink, keepAlive: interval, into: &writer)
            })
    }

    func delete(_ request: Request, context: MCPRequestContext) async throws -> Response {
        if options.stateless {
            return HTTPFault.methodNotAllowed("a stateless server has no sessions to delete", allow: "POST").response
        }
        guard let id = request.headers[Self.sessionHeader] else {
            return HTTPFault.badRequest("missing Mcp-Session-Id header").response
        }
        guard await registry.close(id, owner: HTTPSessionRegistry.owner(of: context.caller, roleClaim: host.roleClaim))
        else {
            return HTTPFault.notFound("unknown or expired session").response
        }
        return Response(status: .noContent)
    }

    /// Any other method on the endpoint.
    func otherMethod(_ request: Request, context: MCPRequestContext) async throws -> Response {
        HTTPFault.methodNotAllowed(
            "\(request.method) is not offered on the MCP endpoint",
            allow: options.stateless ? "POST" : "GET, POST, DELETE"
        ).response
    }
}

/// Collects what a session emits for one HTTP request.
actor ReplyCollector {
    private(set) var messages: [JSONValue] = []

    func append(_ message: JSONValue) { messages.append(message) }

    nonisolated var emit: MCPSession.Emit { { message in await self.append(message) } }
}

import ConductorMCPCore
import Foundation
import Logging
import MCP
import NIOCore
import NIOPosix

/// An event-driven MCP stdio transport on SwiftNIO: newline-delimited JSON-RPC on stdin/stdout.
///
/// Replaces swift-sdk's `StdioTransport`, which polls a non-blocking descriptor with 10 ms sleeps (about 10 ms
/// added to every message). Here a message is handed to the server as soon as its line arrives. It also keeps
/// count of requests received and responses sent, so that when stdin closes the process can answer every request
/// already received before it exits (`drain`), and it answers a line that is not JSON itself, with the `null` id
/// JSON-RPC asks for.
public actor StdioLineTransport: Transport {
    public nonisolated let logger: Logger

    private let inputDescriptor: CInt
    private let outputDescriptor: CInt
    private var channel: Channel?
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var pending: Set<String> = []
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var inputClosed = false
    private var connectWaiters: [CheckedContinuation<Void, Never>] = []
    private var fastPath: FastPath?

    /// Answers some requests without the MCP library: given a method and its params, the `result` or `error`
    /// member of the reply.
    public struct FastPath: Sendable {
        /// The methods it answers.
        public let methods: Set<String>
        /// The reply members (`["result": …]` or `["error": …]`) for one request.
        public let answer: @Sendable (_ method: String, _ params: JSONValue?) async -> JSONObject

        /// A fast path for `methods`.
        public init(methods: Set<String>, answer: @escaping @Sendable (String, JSONValue?) async -> JSONObject) {
            self.methods = methods
            self.answer = answer
        }
    }

    /// Most JSON values one message may hold: parsed, each costs tens of bytes, so this bounds a message's memory
    /// well below what its 8 MiB line could otherwise expand to.
    static let maxMessageValues = 1_000_000

    /// Routes `fastPath.methods` to `fastPath` instead of the MCP library.
    public func setFastPath(_ fastPath: FastPath) { self.fastPath = fastPath }

    /// A transport on the given descriptors (stdin and stdout by default); they are duplicated, not taken.
    public init(input: CInt = STDIN_FILENO, output: CInt = STDOUT_FILENO, logger: Logger) {
        self.inputDescriptor = input
        self.outputDescriptor = output
        self.logger = logger
        (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
    }

    public func connect() async throws {
        guard channel == nil else { return }
        let input = dup(inputDescriptor)
        let output = dup(outputDescriptor)
        guard input >= 0, output >= 0 else {
            throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EBADF))
        }
        let handler = LineHandler(transport: self)
        channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .takingOwnershipOfDescriptors(input: input, output: output).get()
        // Lines can arrive, and be answered, before the bootstrap hands the channel back: release those replies.
        let waiters = connectWaiters
        connectWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
        logger.debug("stdio transport connected")
    }

    public func disconnect() async {
        continuation.finish()
        if let channel {
            try? await channel.close()
            self.channel = nil
        }
    }

    public func send(_ data: Data) async throws {
        if channel == nil, !inputClosed { await withCheckedContinuation { connectWaiters.append($0) } }
        guard let channel else { throw MCPError.transportError(POSIXError(.ENOTCONN)) }
        var buffer = channel.allocator.buffer(capacity: data.count + 1)
        buffer.writeBytes(data)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try await channel.writeAndFlush(buffer)
        noteSent(data)
    }

    public nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { stream }

    /// Returns once stdin has closed and every request received has been answered, or after `timeout`.
    public func drain(timeout: Duration) async {
        if inputClosed && pending.isEmpty { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForDrain() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            self.releaseDrainWaiters()
        }
        if !pending.isEmpty {
            logger.warning("exiting with \(pending.count) request(s) unanswered after \(timeout)")
        }
    }

    private func waitForDrain() async {
        if inputClosed && pending.isEmpty { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }

    private func releaseDrainWaiters() {
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func checkDrained() {
        if inputClosed && pending.isEmpty { releaseDrainWaiters() }
    }

    // MARK: Inbound

    fileprivate func received(_ line: [UInt8]) async {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return }
        guard let parsed = try? JSONParser.parse(line, maxValues: Self.maxMessageValues) else {
            logger.warning("ignoring a line that is not JSON (\(line.count) bytes)")
            let reply = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: not valid JSON"}}"#
            try? await send(Data(reply.utf8))
            return
        }
        let message = parsed.value
        if parsed.skippedValues > 0 {
            let id = message["id"].flatMap { $0.stringValue != nil || $0.intValue != nil ? $0 : nil } ?? .null
            let error: JSONValue = [
                "code": -32600,
                "message": .string("Invalid Request: a message may hold at most \(Self.maxMessageValues) JSON values"),
            ]
            try? await send(Data(JSONValue.object(["jsonrpc": "2.0", "id": id, "error": error]).jsonText.utf8))
            return
        }
        for request in Self.messages(in: message) where request["method"] != nil {
            if let id = request["id"], id != .null { pending.insert(id.jsonText) }
        }
        if let fastPath, let method = message["method"]?.stringValue, fastPath.methods.contains(method),
            let id = message["id"], id != .null
        {
            let params = message["params"]
            Task {
                var reply = JSONObject([("jsonrpc", "2.0"), ("id", id)])
                for (key, value) in await fastPath.answer(method, params) { reply[key] = value }
                try? await self.send(Data(JSONValue.object(reply).jsonText.utf8))
            }
            return
        }
        continuation.yield(Data(line))
    }

    /// Answers a line that was too long with an Invalid Request error and goes on. The error carries the request's
    /// id when the line's first or last bytes name it (so the client's call ends), else null.
    fileprivate func receivedOversized(_ length: Int, ends: [[UInt8]]) async {
        logger.warning("dropped a \(length)-byte message: longer than \(LineDecoder.maxLineLength) bytes")
        let id = Self.leadingID(ends.first ?? []) ?? Self.trailingID(ends.last ?? []) ?? .null
        let error: JSONValue = [
            "code": -32600,
            "message": .string(
                "Invalid Request: a message of \(length) bytes is longer than the \(LineDecoder.maxLineLength)-byte "
                    + "limit; it was dropped"),
        ]
        let reply: JSONValue = ["jsonrpc": "2.0", "id": id, "error": error]
        try? await send(Data(reply.jsonText.utf8))
    }

    /// The top-level `"id"` of a message from the last bytes of its line: `"id": VALUE }` right at the end can only
    /// belong to the outermost object (a nested one would need another closing brace).
    static func trailingID(_ suffix: [UInt8]) -> JSONValue? {
        var end = suffix.count
        while end > 0, [0x20, 0x09, 0x0D].contains(suffix[end - 1]) { end -= 1 }
        guard end > 0, suffix[end - 1] == UInt8(ascii: "}") else { return nil }
        let text = String(decoding: suffix[..<(end - 1)], as: UTF8.self)
        guard let key = text.range(of: "\"id\"", options: .backwards) else { return nil }
        var rest = text[key.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        guard let value = try? JSONParser.parse(String(rest)), value.stringValue != nil || value.intValue != nil
        else { return nil }
        return value
    }

    /// The top-level `"id"` of a message from the first bytes of its line, when it is a string or an integer that
    /// ends within them.
    static func leadingID(_ prefix: [UInt8]) -> JSONValue? {
        var depth = 0
        var index = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        while index < prefix.count {
            let byte = prefix[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    let token = prefix[stringStart...index]
                    var after = index + 1
                    while after < prefix.count, prefix[after] == 0x20 { after += 1 }
                    if depth == 1, Array(token) == Array("\"id\"".utf8), after < prefix.count,
                        prefix[after] == UInt8(ascii: ":")
                    {
                        var end = after + 1
                        var open = false
                        while end < prefix.count {
                            let next = prefix[end]
                            if next == UInt8(ascii: "\"") { open.toggle() }
                            if !open, next == UInt8(ascii: ",") || next == UInt8(ascii: "}") { break }
                            end += 1
                        }
                        guard end < prefix.count,
                            let value = try? JSONParser.parse(prefix[(after + 1)..<end]),
                            value.stringValue != nil || value.intValue != nil
                        else { return nil }
                        return value
                    }
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                stringStart = index
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            }
            index += 1
        }
        return nil
    }

    fileprivate func inputDidClose() {
        inputClosed = true
        continuation.finish()
        checkDrained()
    }

    private func noteSent(_ data: Data) {
        guard !pending.isEmpty, let message = try? JSONParser.parse([UInt8](data)) else { return }
        for response in Self.messages(in: message) where response["method"] == nil {
            if let id = response["id"] { pending.remove(id.jsonText) }
        }
        checkDrained()
    }

    private static func messages(in value: JSONValue) -> [JSONValue] {
        if case .array(let batch) = value { return batch }
        return [value]
    }

    /// What the decoder hands on: a line, or the size of one that was too long and was dropped.
    enum Line {
        case text(ByteBuffer)
        /// A line over the limit: its length and its first and last `LineDecoder.keptEnds` bytes (to find its id).
        case oversized(Int, ends: [[UInt8]])
    }

    /// Splits the byte stream at newlines; a final line without a newline is delivered at end of input.
    ///
    /// A line longer than `maxLineLength` is dropped as it streams in (never held whole) and reported once its
    /// newline arrives, so that the server answers it with an error and keeps serving.
    struct LineDecoder: ByteToMessageDecoder {
        typealias InboundOut = Line

        /// Longest line accepted (8 MiB): a protocol message bigger than this is a fault, not a request. Parsed,
        /// a line takes several times its size in memory.
        static let maxLineLength = 8 << 20

        /// Bytes kept at each end of an oversized line to recover its id: clients write `id` first or last.
        static let keptEnds = 4096

        /// Bytes dropped so far of a line that is too long, nil when not dropping.
        private var discarded: Int?
        /// The start and the end (so far) of the line being dropped.
        private var prefix: [UInt8] = []
        private var suffix: [UInt8] = []

        private mutating func keepSuffix(_ bytes: [UInt8]) {
            suffix = Array((suffix + bytes).suffix(Self.keptEnds))
        }

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if discarded != nil || buffer.readableBytes > Self.maxLineLength {
                    if discarded == nil {
                        prefix = buffer.getBytes(at: buffer.readerIndex, length: Self.keptEnds) ?? []
                    }
                    let tail = min(buffer.readableBytes, Self.keptEnds)
                    keepSuffix(buffer.getBytes(at: buffer.writerIndex - tail, length: tail) ?? [])
                    discarded = (discarded ?? 0) + buffer.readableBytes
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                }
                return .needMoreData
            }
            let length = newline - buffer.readerIndex
            if let dropped = discarded {
                let tail = min(length, Self.keptEnds)
                keepSuffix(buffer.getBytes(at: newline - tail, length: tail) ?? [])
                buffer.moveReaderIndex(forwardBy: length + 1)
                discarded = nil
                context.fireChannelRead(wrapInboundOut(.oversized(dropped + length, ends: [prefix, suffix])))
                prefix = []
                suffix = []
                return .continue
            }
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if length > Self.maxLineLength {
                let start = line.getBytes(at: line.readerIndex, length: Self.keptEnds) ?? []
                let end = line.getBytes(at: line.writerIndex - Self.keptEnds, length: Self.keptEnds) ?? []
                context.fireChannelRead(wrapInboundOut(.oversized(length, ends: [start, end])))
            } else {
                context.fireChannelRead(wrapInboundOut(.text(line)))
            }
            return .continue
        }

        mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
            -> DecodingState
        {
            if try decode(context: context, buffer: &buffer) == .continue { return .continue }
            if let dropped = discarded {
                discarded = nil
                let tail = min(buffer.readableBytes, Self.keptEnds)
                keepSuffix(buffer.getBytes(at: buffer.writerIndex - tail, length: tail) ?? [])
                context.fireChannelRead(
                    wrapInboundOut(.oversized(dropped + buffer.readableBytes, ends: [prefix, suffix])))
                prefix = []
                suffix = []
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            } else if buffer.readableBytes > 0, let line = buffer.readSlice(length: buffer.readableBytes) {
                context.fireChannelRead(wrapInboundOut(.text(line)))
            }
            return .needMoreData
        }
    }

    /// Hands lines to the actor in order and reports the end of input.
    final class LineHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = Line

        private let transport: StdioLineTransport
        /// Lines are delivered through one serial chain of tasks, so the server sees them in arrival order.
        private let queue: AsyncStream<Event>.Continuation

        enum Event: Sendable {
            case line([UInt8])
            case oversized(Int, ends: [[UInt8]])
            case closed
        }

        init(transport: StdioLineTransport) {
            self.transport = transport
            let (stream, continuation) = AsyncStream<Event>.makeStream()
            queue = continuation
            Task {
                for await event in stream {
                    switch event {
                    case .line(let bytes): await transport.received(bytes)
                    case .oversized(let length, let ends): await transport.receivedOversized(length, ends: ends)
                    case .closed: await transport.inputDidClose()
                    }
                }
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .text(var buffer): queue.yield(.line(buffer.readBytes(length: buffer.readableBytes) ?? []))
            case .oversized(let length, let ends): queue.yield(.oversized(length, ends: ends))
            }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .some(.inputClosed) = event as? ChannelEvent {
                queue.yield(.closed)
                queue.finish()
            }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            queue.yield(.closed)
            queue.finish()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            transport.logger.error("stdio transport error: \(error)")
            queue.yield(.closed)
            queue.finish()
            context.close(promise: nil)
        }
    }
}

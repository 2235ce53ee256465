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
        guard let message = try? JSONParser.parse(line) else {
            logger.warning("ignoring a line that is not JSON (\(line.count) bytes)")
            let reply = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: not valid JSON"}}"#
            try? await send(Data(reply.utf8))
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

    /// Splits the byte stream at newlines; a final line without a newline is delivered at end of input.
    struct LineDecoder: ByteToMessageDecoder {
        typealias InboundOut = ByteBuffer

        /// Longest line accepted: a protocol message bigger than this is a fault, not a request.
        static let maxLineLength = 64 << 20

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.readableBytes > Self.maxLineLength {
                    throw MCPError.parseError("message longer than \(Self.maxLineLength) bytes")
                }
                return .needMoreData
            }
            let length = newline - buffer.readerIndex
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            context.fireChannelRead(wrapInboundOut(line))
            return .continue
        }

        mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
            -> DecodingState
        {
            if try decode(context: context, buffer: &buffer) == .continue { return .continue }
            if buffer.readableBytes > 0, let line = buffer.readSlice(length: buffer.readableBytes) {
                context.fireChannelRead(wrapInboundOut(line))
            }
            return .needMoreData
        }
    }

    /// Hands lines to the actor in order and reports the end of input.
    final class LineHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer

        private let transport: StdioLineTransport
        /// Lines are delivered through one serial chain of tasks, so the server sees them in arrival order.
        private let queue: AsyncStream<Event>.Continuation

        enum Event: Sendable {
            case line([UInt8])
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
                    case .closed: await transport.inputDidClose()
                    }
                }
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            queue.yield(.line(buffer.readBytes(length: buffer.readableBytes) ?? []))
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

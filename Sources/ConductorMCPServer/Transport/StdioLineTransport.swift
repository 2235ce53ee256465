import ConductorMCPCore
import Foundation
import Logging
import NIOCore
import NIOPosix

/// An event-driven MCP stdio transport on SwiftNIO: newline-delimited JSON-RPC on stdin/stdout, fed to one
/// `MCPSession`.
///
/// A message is handed to the session as soon as its line arrives (swift-sdk's `StdioTransport` polled a
/// non-blocking descriptor with 10 ms sleeps). Lines are accepted in order; requests are answered concurrently, each
/// reply written as one line. When stdin closes, every request already received is answered (up to a deadline)
/// before `run` returns, so a client that writes and closes at once still gets its replies.
public actor StdioLineTransport {
    /// Where transport events are logged (stderr).
    public nonisolated let logger: Logger

    private let inputDescriptor: CInt
    private let outputDescriptor: CInt

    /// A transport on the given descriptors (stdin and stdout by default); they are duplicated, not taken.
    public init(input: CInt = STDIN_FILENO, output: CInt = STDOUT_FILENO, logger: Logger) {
        self.inputDescriptor = input
        self.outputDescriptor = output
        self.logger = logger
    }

    /// Serves `session` until input closes, then waits up to `drainTimeout` for requests in flight, cancels what is
    /// left and closes.
    public func run(session: MCPSession, drainTimeout: Duration) async throws {
        let input = dup(inputDescriptor)
        let output = dup(outputDescriptor)
        guard input >= 0, output >= 0 else {
            throw StdioTransportError.descriptor(errno: errno)
        }
        let (events, sink) = AsyncStream<LineHandler.Event>.makeStream()
        let handler = LineHandler(sink: sink, logger: logger)
        let channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .takingOwnershipOfDescriptors(input: input, output: output).get()
        logger.debug("stdio transport connected")
        let emit: MCPSession.Emit = { message in
            let text = message.jsonText
            var buffer = channel.allocator.buffer(capacity: text.utf8.count + 1)
            buffer.writeString(text)
            buffer.writeInteger(UInt8(ascii: "\n"))
            do {
                try await channel.writeAndFlush(buffer)
            } catch {
                self.logger.warning("could not write a reply to stdout: \(error)")
            }
        }
        for await event in events {
            guard case .line(let line) = event else { break }
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { continue }
            await session.accept(line, emit: emit)
        }
        await drain(session, timeout: drainTimeout)
        try? await channel.close()
    }

    /// Waits until `session` has nothing in flight; past `timeout`, cancels what is left (so no reply is sent for it).
    private func drain(_ session: MCPSession, timeout: Duration) async {
        let logger = self.logger
        let deadline = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            let left = await session.inFlightCount
            logger.warning("stdin closed; cancelling \(left) request(s) still unanswered after \(timeout)")
            await session.cancelAll()
        }
        await session.waitUntilIdle()
        deadline.cancel()
    }

    /// Splits the byte stream at newlines; a final line without a newline is delivered at end of input.
    struct LineDecoder: ByteToMessageDecoder {
        typealias InboundOut = ByteBuffer

        /// Longest line accepted: a protocol message bigger than this is a fault, not a request.
        static let maxLineLength = 64 << 20

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.readableBytes > Self.maxLineLength {
                    throw StdioTransportError.lineTooLong(limit: Self.maxLineLength)
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

    /// Passes lines on in arrival order and reports the end of input.
    final class LineHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer

        private let sink: AsyncStream<Event>.Continuation
        private let logger: Logger

        /// What the channel reports.
        enum Event: Sendable {
            case line([UInt8])
            case closed
        }

        init(sink: AsyncStream<Event>.Continuation, logger: Logger) {
            self.sink = sink
            self.logger = logger
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            sink.yield(.line(buffer.readBytes(length: buffer.readableBytes) ?? []))
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .some(.inputClosed) = event as? ChannelEvent {
                sink.yield(.closed)
                sink.finish()
            }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            sink.yield(.closed)
            sink.finish()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            logger.error("stdio transport error: \(error.localizedDescription)")
            sink.yield(.closed)
            sink.finish()
            context.close(promise: nil)
        }
    }
}

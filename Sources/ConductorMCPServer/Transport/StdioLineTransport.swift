import ConductorMCPCore
import Dispatch
public import Foundation
public import Logging
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
        let originalInput = dup(inputDescriptor)
        let originalOutput = dup(outputDescriptor)
        guard originalInput >= 0, originalOutput >= 0 else {
            throw StdioTransportError.descriptor(errno: errno)
        }
        // A directory opens and reads as an immediate error, which would look like an empty input and exit 0.
        // (Asked through /dev/fd, which Linux and macOS both have: under MemberImportVisibility `stat`'s fields are
        // not visible in this module.)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/fd/\(originalInput)", isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            close(originalInput)
            close(originalOutput)
            throw StdioTransportError.inputIsDirectory
        }
        // NIO's event loop watches pipes, sockets and terminals; a regular file or /dev/null (`< requests.jsonl`,
        // `</dev/null`, `> out.txt`) cannot be watched (epoll refuses it, and NIO traps), so such a descriptor is
        // copied through a pipe by a thread doing blocking reads and writes.
        let input =
            Self.isPollable(originalInput)
            ? originalInput : try Self.bridge(from: originalInput, logger: logger).descriptor
        var outputBridge: Bridge?
        var output = originalOutput
        if !Self.isPollable(originalOutput) {
            let bridge = try Self.bridge(to: originalOutput)
            outputBridge = bridge
            output = bridge.descriptor
        }
        let (events, sink) = AsyncStream<LineHandler.Event>.makeStream()
        let backlog = Backlog()
        let handler = LineHandler(sink: sink, backlog: backlog, logger: logger)
        let channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(
                .writeBufferWaterMark,
                value: .init(low: Self.outputLowWater, high: Self.outputHighWater)
            )
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
        await session.setNotificationSink(emit)
        for await event in events {
            switch event {
            case .line(let line):
                if backlog.taken() { try? await channel.setOption(.autoRead, value: true).get() }
                guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { continue }
                if !channel.isWritable { await Self.waitUntilWritable(channel, logger: logger) }
                let message = JSONRPCMessage(bytes: line)
                if case .request = message { await Self.waitForRoom(session, channel: channel) }
                // Stopped while waiting (a signal): no new request starts.
                if Task.isCancelled { break }
                await session.accept(message, emit: emit)
            case .oversized(let length, let ends):
                // Dropped as it streamed in; answered with the request's id when its first or last bytes name it.
                logger.warning("dropped a \(length)-byte message: longer than \(LineDecoder.maxLineLength) bytes")
                let id = JSONRPCMessage.leadingID(ends.first ?? []) ?? JSONRPCMessage.trailingID(ends.last ?? [])
                let error = JSONRPCError.invalidRequest(
                    "a message of \(length) bytes is longer than the \(LineDecoder.maxLineLength)-byte limit; it was dropped"
                )
                await session.accept(.invalid(id: id, error: error), emit: emit)
            case .closed:
                break
            }
            if case .closed = event { break }
        }
        if !Task.isCancelled { await drain(session, timeout: drainTimeout) }
        if Task.isCancelled {
            // Stopped (SIGTERM or SIGINT), before or while draining: what is in flight is cancelled, and the
            // channel closed first, so a reply waiting on a client that stopped reading fails instead of holding on;
            // the calls get `stopGrace` to end and write their audit lines.
            await session.cancelAll()
            try? await channel.close()
            await Self.waitUntilIdle(session, atMost: Self.stopGrace)
        } else {
            try? await channel.close()
        }
        // Every reply written to the pipe reaches the file before `run` returns.
        if let outputBridge { await outputBridge.finished() }
    }

    /// Replies waiting for a client that does not read stdout: past `outputHighWater` bytes no further request is
    /// taken and stdin is not read, until the client has read the replies down to `outputLowWater`. Without it a
    /// client that kept writing requests and never read kept every reply in memory (3 GB in a minute).
    static let outputHighWater = 4 << 20
    static let outputLowWater = 1 << 20

    /// Requests worked on at once over stdio: a further request waits (stdin is not read meanwhile) until one of
    /// them ends. Requests waiting for the client's answer to a confirmation do not count, since that answer may
    /// be behind the waiting request (128 confirmations at once had stalled until they timed out), up to
    /// `maxRequestsHeld` in all. Without a bound, requests taken faster than their replies could be written each
    /// held a reply in memory.
    static let maxRequestsInFlight = 128
    static let maxRequestsHeld = 4096

    /// How long calls cancelled by a stop may take to end.
    static let stopGrace: Duration = .seconds(5)

    /// Returns once `session` has nothing in flight, or after `limit`; also when the caller was cancelled (it waits
    /// in a task of its own, which a cancellation does not reach).
    private static func waitUntilIdle(_ session: MCPSession, atMost limit: Duration) async {
        await Task { await poll(session, atMost: limit) }.value
    }

    /// Waits until `session` has nothing in flight, `limit` has passed, or the calling task is cancelled.
    private static func poll(_ session: MCPSession, atMost limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while await session.inFlightCount > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits, reading no stdin, until there is room for another request.
    private static func waitForRoom(_ session: MCPSession, channel: any Channel) async {
        func full() async -> Bool {
            let load = await session.load
            return load.working >= maxRequestsInFlight || load.held >= maxRequestsHeld
        }
        guard await full() else { return }
        try? await channel.setOption(.autoRead, value: false).get()
        while await full(), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(2))
        }
        try? await channel.setOption(.autoRead, value: true).get()
    }

    /// Waits, reading no stdin, until the client has read enough of the replies (or the channel closed).
    private static func waitUntilWritable(_ channel: any Channel, logger: Logger) async {
        logger.debug("stdout is full (the client is not reading replies); pausing stdin")
        try? await channel.setOption(.autoRead, value: false).get()
        while channel.isActive, !channel.isWritable, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(5))
        }
        try? await channel.setOption(.autoRead, value: true).get()
    }

    /// Whether NIO's event loop can watch `descriptor`: a pipe, a socket or a terminal. Pipes and sockets are the
    /// descriptors that cannot seek (ESPIPE); a regular file, /dev/null and other devices can, and epoll refuses them.
    static func isPollable(_ descriptor: CInt) -> Bool {
        if isatty(descriptor) == 1 { return true }
        return lseek(descriptor, 0, SEEK_CUR) < 0 && errno == ESPIPE
    }

    /// One end of a pipe the event loop uses in place of a descriptor it cannot watch, and the copying thread's end.
    struct Bridge: Sendable {
        let descriptor: CInt
        let done: DispatchSemaphore

        /// Returns once the copying thread has written everything and closed its descriptors.
        func finished() async {
            let done = self.done
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    done.wait()
                    continuation.resume()
                }
            }
        }
    }

    /// A pipe whose read end the event loop reads, filled from `source` by a thread until `source` ends.
    static func bridge(from source: CInt, logger: Logger) throws -> Bridge {
        let (readEnd, writeEnd) = try pipeEnds()
        return Bridge(descriptor: readEnd, done: copying(from: source, to: writeEnd, logger: logger))
    }

    /// A pipe whose write end the event loop writes, emptied into `destination` by a thread until the loop closes
    /// it.
    static func bridge(to destination: CInt) throws -> Bridge {
        let (readEnd, writeEnd) = try pipeEnds()
        return Bridge(descriptor: writeEnd, done: copying(from: readEnd, to: destination))
    }

    /// Starts a thread copying `source` to `destination` until the end, which then closes both and signals the
    /// semaphore returned.
    /// A read error is logged with `logger` when one is given (the input side: the end of input it causes would
    /// otherwise look like a client that hung up).
    private static func copying(from source: CInt, to destination: CInt, logger: Logger? = nil) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if let failure = copy(from: source, to: destination) {
                logger?.error("stdin could not be read (errno \(failure)); ending as if it had closed")
            }
            close(source)
            close(destination)
            done.signal()
        }
        return done
    }

    private static func pipeEnds() throws -> (read: CInt, write: CInt) {
        var ends: [CInt] = [0, 0]
        guard pipe(&ends) == 0 else { throw StdioTransportError.descriptor(errno: errno) }
        return (ends[0], ends[1])
    }

    /// Blocking copy until end of input or a write fails (the reader went away); returns the errno of a failed read.
    private static func copy(from source: CInt, to destination: CInt) -> CInt? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return errno }
            guard count > 0 else { return nil }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, count - written) }
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { return nil }
                written += result
            }
        }
    }

    /// Waits until `session` has nothing in flight; past `timeout`, cancels what is left (so no reply is sent for
    /// it). A stop (SIGTERM or SIGINT) during the wait ends it at once; `run` then handles the stop.
    private func drain(_ session: MCPSession, timeout: Duration) async {
        await Self.poll(session, atMost: timeout)
        let left = await session.inFlightCount
        guard left > 0, !Task.isCancelled else { return }
        logger.warning("stdin closed; cancelling \(left) request(s) still unanswered after \(timeout)")
        await session.cancelAll()
        await Self.waitUntilIdle(session, atMost: Self.stopGrace)
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

    /// Passes lines on in arrival order and reports the end of input.
    /// Lines read from stdin and not yet taken by the loop. Past `high` the handler stops reading stdin, and the
    /// loop reads again once it has taken them down to `low`: without it, stdin was read as fast as it came while the
    /// loop waited for room, and every line waited in memory.
    final class Backlog: Sendable {
        static let high = 256
        static let low = 64
        private let count = Mutex(0)

        /// Counts a line read; true when reading should stop.
        func added() -> Bool {
            count.withLock {
                $0 += 1
                return $0 >= Self.high
            }
        }

        /// Counts a line taken; true when reading should start again.
        func taken() -> Bool {
            count.withLock {
                $0 -= 1
                return $0 == Self.low
            }
        }
    }

    final class LineHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = Line

        private let sink: AsyncStream<Event>.Continuation
        private let backlog: Backlog
        private let logger: Logger

        /// What the channel reports.
        enum Event: Sendable {
            case line([UInt8])
            case oversized(Int, ends: [[UInt8]])
            case closed
        }

        init(sink: AsyncStream<Event>.Continuation, backlog: Backlog, logger: Logger) {
            self.sink = sink
            self.backlog = backlog
            self.logger = logger
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .text(var buffer):
                sink.yield(.line(buffer.readBytes(length: buffer.readableBytes) ?? []))
                if backlog.added() { context.channel.setOption(.autoRead, value: false).whenComplete { _ in } }
            case .oversized(let length, let ends): sink.yield(.oversized(length, ends: ends))
            }
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

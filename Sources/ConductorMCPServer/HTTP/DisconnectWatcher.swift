import NIOCore
import Synchronization

/// Notices that a client closed its side of the connection. Hummingbird allows half-closed connections and reads
/// nothing more while a handler runs, so the channel stays active after the client has gone: this handler, first in
/// the pipeline, sees the end of input as it is read.
final class DisconnectWatcher: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    private let closed = Mutex(false)

    /// True once the client closed its side or the connection went down.
    var clientGone: Bool { closed.withLock { $0 } }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { closed.withLock { $0 = true } }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed.withLock { $0 = true }
        context.fireChannelInactive()
    }

    private static let name = "conductor-mcp-disconnect-watcher"

    /// The watcher of `channel`, added on its first request.
    static func installed(on channel: any Channel) async -> DisconnectWatcher? {
        if let context = try? await channel.pipeline.context(name: name).get() {
            return context.handler as? DisconnectWatcher
        }
        let watcher = DisconnectWatcher()
        do {
            try await channel.pipeline.addHandler(watcher, name: name, position: .first).get()
        } catch {
            return nil
        }
        return watcher
    }
}

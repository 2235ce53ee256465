import Foundation
import Synchronization

/// Reads a pipe to its end on the calling thread, keeping at most `limit` bytes; past it, `overflow` runs once (to
/// stop the writer) and the rest is drained and dropped.
final class BoundedReader: Sendable {
    private let handle: FileHandle
    private let limit: Int
    private let overflow: @Sendable () -> Void
    private let state = Mutex<(data: Data, overflowed: Bool)>((Data(), false))

    init(_ handle: FileHandle, limit: Int, overflow: @escaping @Sendable () -> Void) {
        self.handle = handle
        self.limit = limit
        self.overflow = overflow
    }

    /// The bytes kept.
    var data: Data { state.withLock { $0.data } }
    /// Whether more than `limit` bytes came.
    var overflowed: Bool { state.withLock { $0.overflowed } }

    /// Blocks until end of file.
    func readToEnd() {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            let first = state.withLock { state -> Bool in
                guard !state.overflowed else { return false }
                if state.data.count + chunk.count > limit {
                    state.overflowed = true
                    return true
                }
                state.data.append(chunk)
                return false
            }
            if first { overflow() }
        }
    }
}

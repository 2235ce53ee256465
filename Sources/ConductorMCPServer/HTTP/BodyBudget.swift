import Synchronization

/// The request-body bytes the server may be receiving at once, over every connection: each POST reserves what its
/// body may grow to (its `Content-Length`, or `--max-body-bytes` when chunked) before reading it. Without it, clients
/// that start bodies and send them slowly could each pin up to `--max-body-bytes` (60 connections: +255 MB).
final class BodyBudget: Sendable {
    /// Bytes that may be reserved at once.
    let limit: Int
    private let reserved = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Reserves `bytes`, or returns false when that would pass the limit.
    func reserve(_ bytes: Int) -> Bool {
        reserved.withLock { total in
            guard total + bytes <= limit else { return false }
            total += bytes
            return true
        }
    }

    /// Gives back what `reserve` took.
    func release(_ bytes: Int) {
        reserved.withLock { $0 -= bytes }
    }
}

import Synchronization

/// Token buckets per caller, one for reads and one for writes, refilled continuously.
///
/// The clock is injected so that tests step time instead of sleeping. Buckets are kept for at most `maxCallers`
/// callers; past that, the bucket used longest ago is dropped (that caller starts again with a full bucket).
public final class RateLimiter: Sendable {
    /// One bucket's shape: how many requests a minute on average, and how many at once.
    public struct Limit: Sendable, Hashable {
        /// Average requests per minute (the refill rate).
        public var perMinute: Double
        /// Bucket size: requests allowed back to back after a pause.
        public var burst: Int

        /// A limit.
        public init(perMinute: Double, burst: Int) {
            self.perMinute = perMinute
            self.burst = burst
        }
    }

    /// Which bucket a call takes from.
    public enum Kind: String, Sendable {
        case read, write
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// The limit for reads; nil leaves reads unlimited.
    public let reads: Limit?
    /// The limit for writes; nil leaves writes unlimited.
    public let writes: Limit?
    /// Most callers tracked at once.
    public let maxCallers: Int
    private let now: @Sendable () -> Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter; `now` returns seconds on a monotonic clock (the default is `ContinuousClock`).
    public init(
        reads: Limit?, writes: Limit?, maxCallers: Int = 10_000,
        now: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds
    ) {
        self.reads = reads
        self.writes = writes
        self.maxCallers = maxCallers
        self.now = now
    }

    /// Seconds since an arbitrary start, from `ContinuousClock`.
    public static let monotonicSeconds: @Sendable () -> Double = {
        let elapsed = ContinuousClock.now - RateLimiter.origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    private static let origin = ContinuousClock.now

    /// Takes one token for `caller`; nil when the call may go ahead, else the seconds to wait before one is free.
    public func take(caller: String, kind: Kind) -> Double? {
        guard let limit = kind == .read ? reads : writes else { return nil }
        let rate = limit.perMinute / 60
        let capacity = Double(max(limit.burst, 1))
        let time = now()
        let key = "\(kind.rawValue) \(caller)"
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: time)
            bucket.tokens = min(capacity, bucket.tokens + max(0, time - bucket.updated) * rate)
            bucket.updated = time
            defer {
                if buckets[key] == nil && buckets.count >= maxCallers { Self.evictOldest(&buckets) }
                buckets[key] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return rate > 0 ? (1 - bucket.tokens) / rate : .infinity
        }
    }

    private static func evictOldest(_ buckets: inout [String: Bucket]) {
        if let oldest = buckets.min(by: { $0.value.updated < $1.value.updated })?.key { buckets[oldest] = nil }
    }
}

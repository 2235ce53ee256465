import ConductorMCPCore
import Synchronization
import Testing

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("the wait is exact on the injected clock, and reads and writes have separate buckets")
    func waits() {
        let clock = Mutex(100.0)
        let limiter = RateLimiter(
            reads: .init(perMinute: 30, burst: 1), writes: nil, now: { clock.withLock { $0 } })
        #expect(limiter.take(caller: "a", kind: .read) == nil)
        #expect(limiter.take(caller: "a", kind: .read) == 2.0)
        clock.withLock { $0 += 1.5 }
        #expect(limiter.take(caller: "a", kind: .read) == 0.5)
        clock.withLock { $0 += 0.5 }
        #expect(limiter.take(caller: "a", kind: .read) == nil)
        for _ in 0..<100 { #expect(limiter.take(caller: "a", kind: .write) == nil, "writes are unlimited here") }
    }

    @Test("past maxCallers the bucket used longest ago is dropped, so memory stays bounded")
    func eviction() {
        let clock = Mutex(0.0)
        let limiter = RateLimiter(
            reads: .init(perMinute: 1, burst: 1), writes: nil, maxCallers: 2, now: { clock.withLock { $0 } })
        for caller in ["a", "b"] {
            #expect(limiter.take(caller: caller, kind: .read) == nil)
            clock.withLock { $0 += 1 }
        }
        #expect(limiter.take(caller: "a", kind: .read) != nil, "a's bucket is empty")
        clock.withLock { $0 += 1 }
        #expect(limiter.take(caller: "c", kind: .read) == nil)
        clock.withLock { $0 += 1 }
        #expect(limiter.take(caller: "b", kind: .read) == nil, "b was dropped for c, and starts again full")
        #expect(limiter.take(caller: "c", kind: .read) != nil, "c is still tracked")
    }
}

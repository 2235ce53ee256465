import ConductorMCPCore
import NIOCore
import Synchronization
import Testing

@testable import ConductorMCPServer

@Suite("HTTP sessions")
struct HTTPSessionRegistryTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let offset = Mutex(Duration.zero)
        let start = ContinuousClock.now
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
    }

    @Test("sessions are bounded in number and end after the idle timeout")
    func bounds() async {
        let clock = ManualClock()
        let counts = Mutex<[Int]>([])
        let registry = HTTPSessionRegistry(
            maxSessions: 2, idleTimeout: .seconds(60), now: { clock.now },
            countChanged: { count in counts.withLock { $0.append(count) } })
        #expect(await registry.open("a", session: ServerFixtures.session(), owner: nil))
        #expect(await registry.open("b", session: ServerFixtures.session(), owner: nil))
        #expect(await registry.open("c", session: ServerFixtures.session(), owner: nil) == false)
        clock.advance(.seconds(30))
        #expect(await registry.session("a", owner: nil) != nil)
        clock.advance(.seconds(45))
        // b was last used 75 s ago, a 45 s ago: only b has expired, so c fits.
        #expect(await registry.open("c", session: ServerFixtures.session(), owner: nil))
        #expect(await registry.session("b", owner: nil) == nil)
        #expect(await registry.session("a", owner: nil) != nil)
        #expect(counts.withLock { $0 } == [1, 2, 1, 2])
    }

    @Test("a session answers only the subject that opened it, and DELETE ends it")
    func ownership() async {
        let registry = HTTPSessionRegistry(maxSessions: 10, idleTimeout: .seconds(60))
        #expect(await registry.open("s", session: ServerFixtures.session(), owner: "alice"))
        #expect(await registry.session("s", owner: "bob") == nil)
        #expect(await registry.close("s", owner: "bob") == false)
        #expect(await registry.close("s", owner: "alice"))
        #expect(await registry.session("s", owner: "alice") == nil)
    }

    @Test("after shutdown no session opens and open streams are finished")
    func shutdown() async {
        let registry = HTTPSessionRegistry(maxSessions: 10, idleTimeout: .seconds(60))
        #expect(await registry.open("s", session: ServerFixtures.session(), owner: nil))
        let (stream, sink) = AsyncStream<ByteBuffer>.makeStream()
        #expect(await registry.attachStream("s", sink))
        await registry.shutDown()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        #expect(await registry.open("t", session: ServerFixtures.session(), owner: nil) == false)
    }

    @Test("session ids are 32 hex characters and do not repeat")
    func ids() {
        let ids = (0..<1000).map { _ in HTTPSessionRegistry.newID() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}

import ConductorMCPCore
import NIOCore
import Synchronization
import TestSupport
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

    @Test(
        "a token of the same subject with other scopes is another owner; one owner holds at most a quarter of the cap")
    func ownerKeyAndQuota() async {
        let admin = HTTPSessionRegistry.owner(of: CallerIdentity(subject: "alice", scopes: ["conductor:admin"]))
        let viewer = HTTPSessionRegistry.owner(of: CallerIdentity(subject: "alice", scopes: ["conductor:read"]))
        #expect(admin != viewer)
        #expect(HTTPSessionRegistry.owner(of: .local) == nil)
        let registry = HTTPSessionRegistry(maxSessions: 8, idleTimeout: .seconds(60))
        #expect(await registry.open("a1", session: ServerFixtures.session(), owner: admin))
        #expect(await registry.session("a1", owner: viewer) == nil)
        for number in 2...3 {
            #expect(await registry.open("a\(number)", session: ServerFixtures.session(), owner: admin))
        }
        #expect(await registry.session("a1", owner: admin) == nil)  // the oldest of alice's three went
        #expect(await registry.count == 2)
        #expect(await registry.open("b1", session: ServerFixtures.session(), owner: viewer))
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

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
        #expect(await registry.open("a", session: ServerFixtures.session(), owner: nil, holder: nil))
        #expect(await registry.open("b", session: ServerFixtures.session(), owner: nil, holder: nil))
        #expect(await registry.open("c", session: ServerFixtures.session(), owner: nil, holder: nil) == false)
        clock.advance(.seconds(30))
        #expect(await registry.session("a", owner: nil) != nil)
        clock.advance(.seconds(45))
        // b was last used 75 s ago, a 45 s ago: only b has expired, so c fits.
        #expect(await registry.open("c", session: ServerFixtures.session(), owner: nil, holder: nil))
        #expect(await registry.session("b", owner: nil) == nil)
        #expect(await registry.session("a", owner: nil) != nil)
        #expect(counts.withLock { $0 } == [1, 2, 1, 2])
        // Idle past the timeout is over even before a sweep runs: the next request finds no session.
        clock.advance(.seconds(61))
        #expect(await registry.session("a", owner: nil) == nil)
        #expect(await registry.count == 0)
    }

    @Test("a session answers only the subject that opened it, and DELETE ends it")
    func ownership() async {
        let registry = HTTPSessionRegistry(maxSessions: 10, idleTimeout: .seconds(60))
        #expect(await registry.open("s", session: ServerFixtures.session(), owner: "alice", holder: "alice"))
        #expect(await registry.session("s", owner: "bob") == nil)
        #expect(await registry.close("s", owner: "bob") == false)
        #expect(await registry.close("s", owner: "alice"))
        #expect(await registry.session("s", owner: "alice") == nil)
    }

    @Test(
        "a token of the same subject acting in another role is another owner; one subject holds at most a quarter of the cap"
    )
    func ownerKeyAndQuota() async {
        func owner(_ scopes: Set<String>, _ claims: [String: [String]] = [:], roleClaim: String? = nil) -> String? {
            HTTPSessionRegistry.owner(
                of: CallerIdentity(subject: "alice", scopes: scopes, claims: claims), roleClaim: roleClaim)
        }
        let admin = owner(["conductor:admin"])
        let viewer = owner(["conductor:read"])
        #expect(admin != viewer)
        #expect(HTTPSessionRegistry.owner(of: .local, roleClaim: nil) == nil)
        // Another issuer's "alice" (or a static token's) is someone else.
        #expect(owner(["conductor:admin"], ["iss": ["https://other.test"]]) != admin)
        // Claims that differ from token to token of one holder (a refreshed token) keep the session.
        #expect(owner(["conductor:admin"], ["nonce": ["1"], "uti": ["x"]]) == admin)
        // The claim the role mapping reads does not.
        #expect(owner([], ["role": ["admin"]], roleClaim: "role") != owner([], ["role": ["viewer"]], roleClaim: "role"))
        #expect(
            owner([], ["groups": ["a b", "c"]], roleClaim: "groups")
                != owner([], ["groups": ["a", "b c"]], roleClaim: "groups"))
        let registry = HTTPSessionRegistry(maxSessions: 8, idleTimeout: .seconds(60))
        #expect(await registry.open("a1", session: ServerFixtures.session(), owner: admin, holder: "alice"))
        #expect(await registry.session("a1", owner: viewer) == nil)
        for number in 2...3 {
            #expect(await registry.open("a\(number)", session: ServerFixtures.session(), owner: admin, holder: "alice"))
        }
        #expect(await registry.session("a1", owner: admin) == nil)  // the oldest of alice's three went
        #expect(await registry.count == 2)
        // The quota is the subject's, whatever owner its tokens make: varying scopes or claims get no more.
        #expect(await registry.open("b1", session: ServerFixtures.session(), owner: viewer, holder: "alice"))
        #expect(await registry.count == 2)
        #expect(await registry.open("c1", session: ServerFixtures.session(), owner: "bob", holder: "bob"))
        #expect(await registry.count == 3)
    }

    @Test("after shutdown no session opens and open streams are finished")
    func shutdown() async {
        let registry = HTTPSessionRegistry(maxSessions: 10, idleTimeout: .seconds(60))
        #expect(await registry.open("s", session: ServerFixtures.session(), owner: nil, holder: nil))
        let (stream, sink) = AsyncStream<ByteBuffer>.makeStream()
        #expect(await registry.attachStream("s", sink))
        await registry.shutDown()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        #expect(await registry.open("t", session: ServerFixtures.session(), owner: nil, holder: nil) == false)
    }

    @Test("session ids are 32 hex characters and do not repeat")
    func ids() {
        let ids = (0..<1000).map { _ in HTTPSessionRegistry.newID() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}

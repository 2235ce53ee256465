import ConductorMCPCore
import NIOCore

/// The stateful HTTP sessions: who owns each, when it was last used, its open GET stream. Bounded in count and idle
/// time; every end of a session cancels its requests in flight and closes its stream.
actor HTTPSessionRegistry {
    /// One open session.
    struct Entry {
        let session: MCPSession
        /// Who opened it (`owner(of:)`): another caller presenting the id gets 404, as for an unknown id.
        let owner: String?
        /// Whose quota it counts against (`maxSessionsPerOwner`): the token subject, nil without authentication.
        let holder: String?
        var lastUsed: ContinuousClock.Instant
        var stream: AsyncStream<ByteBuffer>.Continuation?
    }

    private var entries: [String: Entry] = [:]
    private var closing = false
    private let maxSessions: Int
    private let idleTimeout: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let countChanged: @Sendable (Int) -> Void

    /// A registry holding at most `maxSessions`, ending those idle for `idleTimeout` when `expire()` runs.
    init(
        maxSessions: Int, idleTimeout: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        countChanged: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
        self.now = now
        self.countChanged = countChanged
    }

    /// Sessions open.
    var count: Int { entries.count }

    /// The key a session belongs to: the token's subject and scopes, and the value of the claim the role mapping
    /// reads (`roleClaim`), which are what pick the caller's role. A token of the same subject that would act in
    /// another role (other scopes, another role claim) is another owner: it cannot use a session opened with a
    /// stronger token. Other claims (`jti`, `nonce`, `uti`, `iat`, ...) differ from token to token of one holder and
    /// are left out, so a refreshed token keeps its session. Nil for an unauthenticated caller.
    nonisolated static func owner(of caller: CallerIdentity, roleClaim: String?) -> String? {
        guard let holder = holder(of: caller) else { return nil }
        let claim = roleClaim.map { "\($0)=" + (caller.claims[$0] ?? []).joined(separator: "\u{1}") } ?? ""
        return [holder, caller.scopes.sorted().joined(separator: " "), claim].joined(separator: "\u{0}")
    }

    /// Who holds a caller's tokens, for the per-holder quota: the subject as its issuer names it (a static token's
    /// "alice" is not a JWT's); nil for an unauthenticated caller.
    nonisolated static func holder(of caller: CallerIdentity) -> String? {
        guard caller.subject != nil || !caller.scopes.isEmpty else { return nil }
        return (caller.claims["iss"]?.first ?? "") + "\u{0}" + (caller.subject ?? "")
    }

    /// Most sessions one token subject may hold, whatever its tokens' scopes and claims: a quarter of the cap, so
    /// that one caller cannot lock everyone else out; past it the subject's least recently used session ends.
    var maxSessionsPerOwner: Int { max(1, maxSessions / 4) }

    /// A fresh session id: 128 random bits as hex, visible ASCII as the specification asks.
    nonisolated static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    /// Whether one more session fits (after ending idle ones).
    func hasRoom() -> Bool {
        if entries.count >= maxSessions { expire() }
        return !closing && entries.count < maxSessions
    }

    /// Registers `session` under `id` for `owner`, counting it against `holder`'s quota (the token subject; nil
    /// without authentication, where every client is the same owner); false when full or shutting down.
    func open(_ id: String, session: MCPSession, owner: String?, holder: String?) async -> Bool {
        if let holder {
            let own = entries.filter { $0.value.holder == holder }
            if own.count >= maxSessionsPerOwner, let oldest = own.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                await end(oldest.key, oldest.value)
            }
        }
        guard hasRoom() else { return false }
        entries[id] = Entry(session: session, owner: owner, holder: holder, lastUsed: now(), stream: nil)
        countChanged(entries.count)
        return true
    }

    /// The session `id` when it exists, belongs to `owner` and has not been idle past the timeout (the sweep runs
    /// only every so often: an expired session found here ends now); marks it used.
    func session(_ id: String, owner: String?) -> MCPSession? {
        guard var entry = entries[id], entry.owner == owner else { return nil }
        guard now() - entry.lastUsed <= idleTimeout else {
            expire()
            return nil
        }
        entry.lastUsed = now()
        entries[id] = entry
        return entry.session
    }

    /// Ends session `id` (DELETE); false when there was none for `owner`.
    func close(_ id: String, owner: String?) async -> Bool {
        guard let entry = entries[id], entry.owner == owner else { return false }
        await end(id, entry)
        return true
    }

    /// Attaches the GET stream of session `id`; false when it already has one or is shutting down.
    func attachStream(_ id: String, _ continuation: AsyncStream<ByteBuffer>.Continuation) -> Bool {
        guard !closing, var entry = entries[id], entry.stream == nil else { return false }
        entry.stream = continuation
        entries[id] = entry
        return true
    }

    /// Forgets the GET stream of session `id` (the client went away).
    func detachStream(_ id: String) {
        entries[id]?.stream = nil
    }

    /// Ends every session idle longer than the timeout; returns how many.
    @discardableResult
    func expire() -> Int {
        let deadline = now() - idleTimeout
        let idle = entries.filter { $0.value.lastUsed < deadline }
        for (id, entry) in idle {
            entries[id] = nil
            entry.stream?.finish()
            Task { await entry.session.cancelAll() }
        }
        if !idle.isEmpty { countChanged(entries.count) }
        return idle.count
    }

    /// Shutting down: no new sessions or streams, and every open stream is closed so none keeps the process alive.
    func shutDown() {
        closing = true
        for id in entries.keys {
            entries[id]?.stream?.finish()
            entries[id]?.stream = nil
        }
    }

    private func end(_ id: String, _ entry: Entry) async {
        entries[id] = nil
        entry.stream?.finish()
        countChanged(entries.count)
        await entry.session.cancelAll()
    }
}

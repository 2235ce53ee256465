import Foundation

/// Holds the Orkes access token: fetched on first use, reused until it expires, fetched again when the server
/// rejects it. The one piece of `invoke` state that changes, hence an actor.
///
/// Concurrent calls that find no token share one fetch instead of each posting to `/api/token`.
actor TokenCache {
    /// Fetches a fresh token and says when it expires.
    typealias Fetch = @Sendable () async throws(InvokeError) -> (token: String, expiresAt: Date)

    private let fetch: Fetch
    private let now: @Sendable () -> Date
    private var current: (token: String, expiresAt: Date)?
    private var pending: Task<(token: String, expiresAt: Date), any Error>?
    /// How many times a token was fetched, for tests and diagnostics.
    private(set) var fetchCount = 0

    init(now: @escaping @Sendable () -> Date, fetch: @escaping Fetch) {
        self.now = now
        self.fetch = fetch
    }

    /// A token that has not expired, fetching one if needed.
    /// The token held now, if any, without fetching one (to keep it out of answers).
    var held: String? { current?.token }

    func token() async throws(InvokeError) -> String {
        if let current, current.expiresAt > now() { return current.token }
        let task: Task<(token: String, expiresAt: Date), any Error>
        if let pending {
            task = pending
        } else {
            fetchCount += 1
            let fetch = fetch
            task = Task { () async throws -> (token: String, expiresAt: Date) in try await fetch() }
            pending = task
        }
        do {
            let fresh = try await task.value
            if pending == task { pending = nil }
            current = fresh
            return fresh.token
        } catch {
            if pending == task { pending = nil }
            throw (error as? InvokeError) ?? .authentication("\(error)")
        }
    }

    /// Forgets `token` after the server refused it, unless a newer one has replaced it already.
    func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }

    /// When a token expires: the JWT `exp` claim less a minute of clock skew, or `fallback` from now when the token
    /// is not a JWT (the emulator's tokens are opaque).
    static func expiry(of token: String, now: Date, fallback: Duration) -> Date {
        let fallbackDate = now.addingTimeInterval(Double(fallback.components.seconds))
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return fallbackDate }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let claims = try? JSONParser.parse(Array(data)),
            let exp = claims["exp"]?.doubleValue
        else { return fallbackDate }
        return Date(timeIntervalSince1970: exp - 60)
    }
}

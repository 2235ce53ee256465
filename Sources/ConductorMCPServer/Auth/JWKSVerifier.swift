public import ConductorMCPCore
public import Foundation
import JWTKit

/// Verifies bearer JWTs as an OAuth 2.1 resource server: signature against the authorization server's JWKS, then
/// `iss`, `aud` (this server's canonical URL, RFC 8707), `exp` and `nbf` with a small clock skew.
///
/// The key set is fetched on first use and again when a token names a key id it does not list (key rotation), at
/// most once per `minRefreshInterval`, so a flood of tokens with made-up key ids cannot turn into a flood of fetches.
public actor JWKSVerifier: TokenVerifier {
    /// What to trust.
    public struct Configuration: Sendable {
        /// Where the key set is.
        public var jwksURL: String
        /// The `iss` every token must carry.
        public var issuer: String
        /// The value `aud` must contain.
        public var audience: String
        /// Tolerance for `exp` and `nbf` against this machine's clock.
        public var clockSkew: Duration = .seconds(60)
        /// Least time between two fetches of the key set.
        public var minRefreshInterval: Duration = .seconds(30)
        /// How long one fetch may take.
        public var fetchTimeout: Duration = .seconds(5)
        /// Largest key set read.
        public var maxKeySetBytes = 1 << 20

        /// A configuration with the default skew (60 s) and refresh interval (30 s).
        public init(jwksURL: String, issuer: String, audience: String) {
            self.jwksURL = jwksURL
            self.issuer = issuer
            self.audience = audience
        }
    }

    private let configuration: Configuration
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let monotonic: @Sendable () -> ContinuousClock.Instant
    /// One collection per usable key, in the set's order, with its kid: a token is checked against every key of its
    /// kid (a set may list an RSA and an EC key under one kid), or, with no kid, against each key in turn, at most
    /// `maxKeysTried` (jwt-kit keeps one key per kid and checks a kid-less token against the first key only).
    private var keys: [(kid: String, collection: JWTKeyCollection)] = []
    private var keyIDs: Set<String> = []

    /// Most keys one token is checked against.
    static let maxKeysTried = 8
    private var lastFetch: ContinuousClock.Instant?
    private var lastFetchError: String?
    private var inFlightFetch: Task<Void, Never>?

    /// Key set fetches so far (for tests and metrics).
    public private(set) var fetchCount = 0

    /// A verifier fetching keys through `transport`; `now` is the wall clock for `exp` and `nbf`.
    public init(
        configuration: Configuration, transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() },
        monotonic: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.now = now
        self.monotonic = monotonic
    }

    public func verify(_ token: String) async throws(AuthError) -> CallerIdentity {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.decodeSegment(parts[0]), let claims = Self.decodeSegment(parts[1])
        else { throw .unrecognized("not a JWT (three base64url segments of JSON)") }
        let keyID = header["kid"]?.stringValue
        if keyIDs.isEmpty || keyID.map({ !keyIDs.contains($0) }) == true { await refresh() }
        if keyIDs.isEmpty, let lastFetchError { throw .keySetUnavailable(lastFetchError) }
        if let keyID, !keyIDs.contains(keyID) {
            throw .invalidToken("unknown key id \(keyID.prefix(64)); the authorization server's JWKS does not list it")
        }
        var verified = false
        for key in keys.filter({ keyID == nil || $0.kid == keyID }).prefix(Self.maxKeysTried) {
            if (try? await key.collection.verify(token, as: SignedClaims.self)) != nil {
                verified = true
                break
            }
        }
        guard verified else {
            throw .invalidToken("the signature does not verify with the authorization server's keys")
        }
        return try check(claims)
    }

    /// Checks `iss`, `aud`, `exp` and `nbf`, and reads the identity.
    private func check(_ claims: JSONValue) throws(AuthError) -> CallerIdentity {
        guard claims["iss"]?.stringValue == configuration.issuer else {
            throw .invalidToken("wrong issuer; this server accepts tokens from \(configuration.issuer)")
        }
        let audiences: [String]
        switch claims["aud"] {
        case .string(let single)?: audiences = [single]
        case .array(let list)?: audiences = list.compactMap(\.stringValue)
        default: audiences = []
        }
        guard audiences.contains(configuration.audience) else {
            throw .invalidToken("wrong audience; tokens for this server carry aud \(configuration.audience)")
        }
        let skew = Double(configuration.clockSkew.components.seconds)
        let current = now().timeIntervalSince1970
        guard let expiry = claims["exp"]?.doubleValue else {
            throw .invalidToken("the token has no exp as a number (NumericDate)")
        }
        guard current < expiry + skew else { throw .invalidToken("the token has expired") }
        // A claim that is there but not a number is refused, never skipped: a string nbf must not void the check.
        if let notBefore = claims["nbf"] {
            guard let seconds = notBefore.doubleValue else {
                throw .invalidToken("the token's nbf is not a number (NumericDate)")
            }
            if current + skew < seconds { throw .invalidToken("the token is not valid yet (nbf)") }
        }
        let identity = Self.identity(claims)
        // A token must name who holds it: sessions, rate limits and the audit log key on it, and a token without a
        // subject must not share a session with every other such token.
        guard identity.subject != nil else {
            throw AuthError.invalidToken("the token names no subject (sub, client_id or azp)")
        }
        return identity
    }

    /// The caller a verified token names: `sub`, scopes from `scope` (space-separated) or `scp`, and every
    /// string-valued claim (arrays of strings joined by spaces).
    static func identity(_ claims: JSONValue) -> CallerIdentity {
        var scopes: Set<String> = []
        if let scope = claims["scope"]?.stringValue { scopes.formUnion(scope.split(separator: " ").map(String.init)) }
        switch claims["scp"] {
        case .string(let scope)?: scopes.formUnion(scope.split(separator: " ").map(String.init))
        case .array(let list)?: scopes.formUnion(list.compactMap(\.stringValue))
        default: break
        }
        var strings: [String: String] = [:]
        for (name, value) in claims.objectValue ?? JSONObject() {
            switch value {
            case .string(let text): strings[name] = text
            case .array(let list) where list.allSatisfy({ $0.stringValue != nil }):
                strings[name] = list.compactMap(\.stringValue).joined(separator: " ")
            default: break
            }
        }
        // A client-credentials token names a client, not a user: marked as such, so a client called "alice" never
        // passes for the user alice (her sessions, rate limit and audit identity).
        let client = (claims["client_id"]?.stringValue ?? claims["azp"]?.stringValue).map { "client:" + $0 }
        let subject = claims["sub"]?.stringValue ?? client
        return CallerIdentity(subject: subject, scopes: scopes, claims: strings)
    }

    /// Fetches the key set unless one was fetched less than `minRefreshInterval` ago; concurrent callers share one
    /// fetch.
    private func refresh() async {
        if let inFlightFetch { return await inFlightFetch.value }
        if let lastFetch, monotonic() - lastFetch < configuration.minRefreshInterval { return }
        let task = Task { await self.fetch() }
        inFlightFetch = task
        await task.value
        inFlightFetch = nil
    }

    private func fetch() async {
        lastFetch = monotonic()
        fetchCount += 1
        do {
            let response = try await transport.send(
                UpstreamRequest(
                    method: "GET", url: configuration.jwksURL, headers: [HeaderField("Accept", "application/json")]),
                timeout: configuration.fetchTimeout, maxResponseBytes: configuration.maxKeySetBytes)
            guard response.status == 200 else { throw AuthConfigurationError("HTTP \(response.status)") }
            guard response.truncatedAt == nil else {
                throw AuthConfigurationError("larger than \(configuration.maxKeySetBytes) bytes")
            }
            guard let listed = (try? JSONParser.parse(response.body))?["keys"]?.arrayValue else {
                throw AuthConfigurationError("not a JWK Set (a JSON object with a \"keys\" array)")
            }
            // Key by key: RFC 7517 §5 has a key set's reader ignore the keys it does not understand (another key
            // type, an encryption key, one without a kid), so an authorization server that adds such a key does not
            // take every token down with it.
            var fresh: [(kid: String, collection: JWTKeyCollection)] = []
            for key in listed {
                guard let kid = key["kid"]?.stringValue, (key["use"]?.stringValue ?? "sig") == "sig",
                    let jwk = try? JSONDecoder().decode(JWK.self, from: Data(key.jsonText.utf8))
                else { continue }
                let collection = JWTKeyCollection()
                do {
                    try await collection.add(jwk: jwk)
                    fresh.append((kid, collection))
                } catch {
                    continue
                }
            }
            let usable = Set(fresh.map(\.kid))
            guard !usable.isEmpty else {
                throw AuthConfigurationError(
                    "none of its \(listed.count) keys can verify a signature (kid and kty RSA, EC or OKP Ed25519 needed)"
                )
            }
            keys = fresh
            keyIDs = usable
            lastFetchError = nil
        } catch let error as TransportError {
            lastFetchError = "\(error.kind.rawValue): \(error.detail)"
        } catch {
            lastFetchError = "\(error.localizedDescription)"
        }
    }

    /// A base64url JSON segment, or nil.
    static func decodeSegment(_ segment: Substring) -> JSONValue? {
        var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let value = try? JSONParser.parse([UInt8](data)),
            case .object = value
        else { return nil }
        return value
    }
}

/// The payload type jwt-kit checks the signature for; the claims are checked by `JWKSVerifier` itself.
private struct SignedClaims: JWTPayload {
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

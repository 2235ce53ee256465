public import ConductorMCPCore
public import Foundation
import JWTKit

/// Verifies bearer JWTs as an OAuth 2.1 resource server: signature against the authorization server's JWKS, then
/// `iss`, `aud` (this server's canonical URL, RFC 8707), `exp` and `nbf` with a small clock skew.
///
/// The key set is fetched on first use, again when a token names a key id it does not list (key rotation) and once it
/// is older than `maxKeySetAge` (key revocation), at most once per `minRefreshInterval`, so a flood of tokens with made-up key ids cannot turn into a flood of fetches.
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
        /// How long a fetched key set is trusted: past it, the next token starts a fresh fetch in the background, and
        /// the tokens after it completes are checked against what it brought, so a key the authorization server
        /// removed (revoked) stops verifying. A failed fetch keeps the keys it had.
        public var maxKeySetAge: Duration = .seconds(300)
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
    private var keys: [Key] = []

    /// A usable key of the set: its kid, key type (`kty`), the algorithm it declares (`alg`, optional in a JWK) and
    /// jwt-kit's collection holding it.
    private struct Key {
        let kid: String
        let keyType: String
        let algorithm: String?
        let collection: JWTKeyCollection
    }

    /// The key type a JWS algorithm signs with, for the asymmetric algorithms this server verifies; nil for any
    /// other (`none`, the HMAC ones, which would need a shared secret, and names it does not know).
    static func keyType(ofAlgorithm algorithm: String) -> String? {
        switch algorithm {
        case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512": "RSA"
        case "ES256", "ES384", "ES512": "EC"
        case "EdDSA", "Ed25519": "OKP"
        default: nil
        }
    }
    private var keyIDs: Set<String> = []

    /// Most keys one token is checked against.
    static let maxKeysTried = 8
    private var lastFetch: ContinuousClock.Instant?
    /// When the keys held were fetched.
    private var lastSuccess: ContinuousClock.Instant?
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
        // RFC 8725 §3.1: the header's alg must be one this server verifies with and the key's own (checked per key
        // below); jwt-kit verifies with the key's algorithm whatever the header says.
        guard let algorithm = header["alg"]?.stringValue, let family = Self.keyType(ofAlgorithm: algorithm) else {
            throw .invalidToken("the token's header names no signature algorithm this server accepts (alg)")
        }
        // RFC 7515 §4.1.11: an extension the token says must be understood, and this server understands none.
        if header["crit"] != nil {
            throw .invalidToken("the token's header lists crit extensions, which this server does not support")
        }
        let keyID = header["kid"]?.stringValue
        let stale = lastSuccess.map { monotonic() - $0 >= configuration.maxKeySetAge } ?? true
        if keyIDs.isEmpty || keyID.map({ !keyIDs.contains($0) }) == true {
            await refresh()
        } else if stale {
            // Past its max age the set is fetched again in the background: this token is checked against the keys
            // held, the next ones against what the fetch brings, and a slow authorization server stalls no one.
            refreshInBackground()
        }
        if keyIDs.isEmpty, let lastFetchError { throw .keySetUnavailable(lastFetchError) }
        if let keyID, !keyIDs.contains(keyID) {
            // The kid is the caller's text: shown as printable ASCII only, so it forges no log line.
            throw .invalidToken(
                "unknown key id \(HeaderText.printable(keyID, limit: 64)); the authorization server's JWKS "
                    + "does not list it")
        }
        var verified = false
        let candidates = keys.filter {
            (keyID == nil || $0.kid == keyID) && $0.keyType == family && ($0.algorithm ?? algorithm) == algorithm
        }
        for key in candidates.prefix(Self.maxKeysTried) {
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
        guard let expiry = claims["exp"]?.doubleValue, expiry.isFinite else {
            throw .invalidToken("the token has no exp as a number (NumericDate)")
        }
        guard current < expiry + skew else { throw .invalidToken("the token has expired") }
        // A claim that is there but not a number is refused, never skipped: a string nbf must not void the check.
        if let notBefore = claims["nbf"] {
            guard let seconds = notBefore.doubleValue, seconds.isFinite else {
                throw .invalidToken("the token's nbf is not a number (NumericDate)")
            }
            if current + skew < seconds { throw .invalidToken("the token is not valid yet (nbf)") }
        }
        let identity = Self.identity(claims)
        // The other way round too: a user whose `sub` is "client:svc" would share client svc's sessions, rate limit
        // and audit name.
        if let subject = claims["sub"]?.stringValue, CallerIdentity.exact(subject).hasPrefix(Self.clientPrefix) {
            throw .invalidToken("the token's sub starts with \"\(Self.clientPrefix)\", which names client tokens here")
        }
        // A token must name who holds it: sessions, rate limits and the audit log key on it, and a token without a
        // subject must not share a session with every other such token.
        guard identity.subject != nil else {
            throw AuthError.invalidToken("the token names no subject (sub, client_id or azp)")
        }
        return identity
    }

    /// What a client-credentials token's subject starts with (its `client_id` or `azp` follows).
    static let clientPrefix = "client:"

    /// The caller a verified token names: `sub`, scopes from `scope` (space-separated) or `scp`, and every
    /// string-valued claim (an array of strings as its elements).
    static func identity(_ claims: JSONValue) -> CallerIdentity {
        var scopes: Set<String> = []
        if let scope = claims["scope"]?.stringValue { scopes.formUnion(scope.split(separator: " ").map(String.init)) }
        switch claims["scp"] {
        case .string(let scope)?: scopes.formUnion(scope.split(separator: " ").map(String.init))
        case .array(let list)?: scopes.formUnion(list.compactMap(\.stringValue))
        default: break
        }
        var strings: [String: [String]] = [:]
        for (name, value) in claims.objectValue ?? JSONObject() {
            switch value {
            case .string(let text): strings[name] = [text]
            case .array(let list) where list.allSatisfy({ $0.stringValue != nil }):
                strings[name] = list.compactMap(\.stringValue)
            default: break
            }
        }
        // A client-credentials token names a client, not a user: marked as such, so a client called "alice" never
        // passes for the user alice (her sessions, rate limit and audit identity).
        let client = (claims["client_id"]?.stringValue ?? claims["azp"]?.stringValue)
            .flatMap { $0.isEmpty ? nil : clientPrefix + $0 }
        // An empty `sub` names nobody.
        let subject = claims["sub"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? client
        // Compared by their scalars, not by canonical equivalence (see `CallerIdentity.exact`).
        return CallerIdentity(
            subject: subject.map(CallerIdentity.exact), scopes: Set(scopes.map(CallerIdentity.exact)),
            claims: strings.mapValues { $0.map(CallerIdentity.exact) })
    }

    /// Fetches the key set unless one was fetched less than `minRefreshInterval` ago; concurrent callers share one
    /// fetch.
    private func refresh() async {
        await fetchIfDue()?.value
    }

    /// Starts a fetch in the background if one is due (see `fetchIfDue`).
    private func refreshInBackground() {
        _ = fetchIfDue()
    }

    /// The fetch under way, or a new one unless one was started less than `minRefreshInterval` ago (then nil);
    /// concurrent callers share one fetch, which clears itself when done.
    private func fetchIfDue() -> Task<Void, Never>? {
        if let inFlightFetch { return inFlightFetch }
        if let lastFetch, monotonic() - lastFetch < configuration.minRefreshInterval { return nil }
        let task = Task {
            await self.fetch()
            self.inFlightFetch = nil
        }
        inFlightFetch = task
        return task
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
            var fresh: [Key] = []
            for key in listed {
                guard let kid = key["kid"]?.stringValue, (key["use"]?.stringValue ?? "sig") == "sig",
                    let keyType = key["kty"]?.stringValue,
                    let jwk = try? JSONDecoder().decode(JWK.self, from: Data(key.jsonText.utf8))
                else { continue }
                let collection = JWTKeyCollection()
                do {
                    try await collection.add(jwk: jwk)
                    fresh.append(
                        Key(kid: kid, keyType: keyType, algorithm: key["alg"]?.stringValue, collection: collection))
                } catch {
                    continue
                }
            }
            let usable = Set(fresh.map(\.kid))
            guard !usable.isEmpty else {
                // A set that was read but holds no usable key replaces the keys held: the authorization server
                // withdrew them (only a fetch that failed keeps them).
                keys = []
                keyIDs = []
                lastSuccess = lastFetch
                throw AuthConfigurationError(
                    "none of its \(listed.count) keys can verify a signature (kid and kty RSA, EC or OKP Ed25519 needed)"
                )
            }
            keys = fresh
            keyIDs = usable
            lastFetchError = nil
            lastSuccess = lastFetch
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
        // A name said twice is refused (RFC 7519 §4 allows it): with the last value winning, two readers of one
        // token could disagree about its claims.
        guard let data = Data(base64Encoded: text),
            let value = try? JSONParser.parse([UInt8](data), maxValues: .max, refusingDuplicateKeys: true).value,
            case .object = value
        else { return nil }
        return value
    }
}

/// The payload type jwt-kit checks the signature for; the claims are checked by `JWKSVerifier` itself.
private struct SignedClaims: JWTPayload {
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

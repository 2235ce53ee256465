import Foundation

/// Key id and secret accepted by `POST /api/token` in auth mode.
public struct APICredentials: Sendable, Hashable {
    /// The application key id.
    public var keyId: String
    /// The application key secret.
    public var keySecret: String

    /// Creates credentials.
    public init(keyId: String, keySecret: String) {
        self.keyId = keyId
        self.keySecret = keySecret
    }

    /// Parses `KEY_ID:SECRET`.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let keyId = String(text[..<colon])
        let keySecret = String(text[text.index(after: colon)...])
        guard !keyId.isEmpty, !keySecret.isEmpty else { return nil }
        self.init(keyId: keyId, keySecret: keySecret)
    }
}

/// Issues and checks Orkes-style access tokens.
public actor TokenIssuer {
    /// Why a token was refused, with the `error` code Orkes sends and its SDKs act on.
    public enum Refusal: Sendable {
        case missing
        case invalid
        case expired

        var error: ConductorError {
            switch self {
            case .missing: .init(status: 401, message: "Token cannot be null or empty", errorCode: "INVALID_TOKEN")
            case .invalid: .init(status: 401, message: "Invalid token", errorCode: "INVALID_TOKEN")
            case .expired: .init(status: 401, message: "Token has expired", errorCode: "EXPIRED_TOKEN")
            }
        }
    }

    private let credentials: APICredentials
    private let ttlMillis: Int
    private let clock: EmulatorClock
    private var expiries: [String: Int] = [:]

    /// Creates an issuer for one key pair whose tokens live `ttlSeconds`.
    public init(credentials: APICredentials, ttlSeconds: Int, clock: EmulatorClock) {
        self.credentials = credentials
        self.ttlMillis = Milliseconds.of(seconds: ttlSeconds)
        self.clock = clock
    }

    /// A new token for matching credentials; nil otherwise.
    public func issue(keyId: String?, keySecret: String?) -> String? {
        guard keyId == credentials.keyId, keySecret == credentials.keySecret else { return nil }
        let token = "emu-" + UUID().uuidString.lowercased()
        expiries[token] = clock.nowMillis() + ttlMillis
        return token
    }

    /// Nil for a live token, otherwise why it is refused.
    public func check(_ token: String?) -> Refusal? {
        guard let token, !token.isEmpty else { return .missing }
        guard let expiry = expiries[token] else { return .invalid }
        return clock.nowMillis() >= expiry ? .expired : nil
    }
}

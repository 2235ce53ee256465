public import Foundation

/// Why a bearer token was refused. Messages name the check that failed, never the token.
public enum AuthError: Error, Sendable, Equatable, LocalizedError {
    /// No `Authorization: Bearer` header.
    case missingToken
    /// The token failed a check (signature, issuer, audience, expiry, unknown key); 401 `invalid_token`.
    case invalidToken(String)
    /// The verifier does not take tokens of this form (a static token given to the JWT verifier, a JWT to the
    /// static list); 401 `invalid_token`. With several verifiers, another's more specific refusal is reported.
    case unrecognized(String)
    /// The token is valid but lacks a scope the endpoint needs; 403 `insufficient_scope`.
    case insufficientScope(required: [String])
    /// The key set could not be fetched or read; 401 with the reason (the client can retry later).
    case keySetUnavailable(String)

    public var errorDescription: String? {
        switch self {
        case .missingToken: return "authentication required: send Authorization: Bearer <access token>"
        case .invalidToken(let reason), .unrecognized(let reason): return "invalid token: \(reason)"
        case .insufficientScope(let required):
            return "the token lacks a required scope: \(required.joined(separator: " "))"
        case .keySetUnavailable(let reason):
            return "cannot verify tokens now: the JWKS is unavailable (\(reason)); retry later"
        }
    }
}

public import ConductorMCPCore

/// Turns a bearer token into the caller it identifies, or refuses it.
///
/// A protocol because there are two: JWTs checked against a JWKS, and static tokens from a file.
public protocol TokenVerifier: Sendable {
    /// The caller `token` identifies; throws `AuthError.invalidToken` (or `.keySetUnavailable`) when it is refused.
    func verify(_ token: String) async throws(AuthError) -> CallerIdentity
}

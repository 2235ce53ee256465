import ConductorMCPCore
import Foundation

/// What the HTTP server asks of callers: which verifiers accept tokens, which scopes the MCP endpoint needs, and
/// what the protected-resource metadata (RFC 9728) says.
public struct AuthPolicy: Sendable {
    /// Tried in order; the first that accepts a token names the caller.
    public var verifiers: [any TokenVerifier]
    /// Scopes every token must carry for the MCP endpoint; a valid token without them gets 403.
    public var requiredScopes: [String]
    /// The resource identifier (the audience tokens carry), for the metadata.
    public var resource: String?
    /// Authorization servers, for the metadata.
    public var authorizationServers: [String]
    /// When true, `/metrics` needs a token too.
    public var protectMetrics = false

    /// A policy over `verifiers`.
    public init(
        verifiers: [any TokenVerifier], requiredScopes: [String] = [], resource: String? = nil,
        authorizationServers: [String] = []
    ) {
        self.verifiers = verifiers
        self.requiredScopes = requiredScopes
        self.resource = resource
        self.authorizationServers = authorizationServers
    }

    /// How telling a refusal is, when several verifiers refuse one token: the highest is reported.
    private static func rank(_ error: AuthError) -> Int {
        switch error {
        case .keySetUnavailable: return 3
        case .invalidToken, .insufficientScope: return 2
        case .unrecognized, .missingToken: return 1
        }
    }

    /// The caller `authorization` (an `Authorization` header value) identifies.
    func authenticate(_ authorization: String?) async throws(AuthError) -> CallerIdentity {
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            throw .missingToken
        }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        var refusal = AuthError.unrecognized("no verifier accepted the token")
        for verifier in verifiers {
            let caller: CallerIdentity
            do {
                caller = try await verifier.verify(token)
            } catch {
                // The most telling refusal is reported: the key set being down (a 503: retry) over a failed check
                // ("the token has expired") over a verifier not taking tokens of this form at all.
                if Self.rank(error) > Self.rank(refusal) { refusal = error }
                continue
            }
            guard requiredScopes.allSatisfy({ caller.scopes.contains(CallerIdentity.exact($0)) }) else {
                throw .insufficientScope(required: requiredScopes)
            }
            return caller
        }
        throw refusal
    }
}

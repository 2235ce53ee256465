import ConductorMCPCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Requires a bearer token on the routes it guards: 401 with `WWW-Authenticate: Bearer resource_metadata=…` when it
/// is missing or refused, 403 `insufficient_scope` when it lacks a scope. Sets the caller in the context.
///
/// The token stays here: it is never forwarded, so upstream calls carry only the server's own credentials.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = MCPRequestContext
    let policy: AuthPolicy
    /// Where the protected-resource metadata is served, nil when it is not.
    let metadataPath: String?
    let logger: Logger
    let refused: @Sendable () -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            var context = context
            context.caller = try await policy.authenticate(request.headers[.authorization])
            return try await next(request, context)
        } catch let error as AuthError {
            refused()
            logger.info("request refused", metadata: ["reason": "\(error.localizedDescription)"])
            return response(for: error, request: request)
        }
    }

    private func response(for error: AuthError, request: Request) -> Response {
        // RFC 9728's pointer only where the metadata is served (with an authorization server to name); static tokens
        // alone get a plain Bearer challenge.
        var parameters: [String] = []
        if let metadataPath {
            parameters.append(#"resource_metadata="\#(Self.origin(of: request))\#(metadataPath)""#)
        }
        let status: HTTPResponse.Status
        switch error {
        case .missingToken:
            status = .unauthorized
        case .invalidToken(let reason), .unrecognized(let reason):
            status = .unauthorized
            parameters.append(#"error="invalid_token", error_description="\#(HeaderText.printable(reason))""#)
        case .keySetUnavailable:
            // Not the caller's fault: the authorization server's keys could not be fetched. A 503 says retry later;
            // the cause (a connection error naming hosts and ports) goes to the log only.
            return HTTPFault(
                status: .serviceUnavailable,
                error: .internalError("the authorization server's keys cannot be fetched now; retry later"),
                headers: [.retryAfter: "5"]
            ).response
        case .insufficientScope(let required):
            status = .forbidden
            parameters.append(
                #"error="insufficient_scope", scope="\#(required.joined(separator: " "))", error_description="the token lacks a required scope""#
            )
        }
        let challenge = parameters.isEmpty ? "Bearer" : "Bearer " + parameters.joined(separator: ", ")
        return HTTPFault(
            status: status, error: .invalidRequest(error.localizedDescription),
            headers: [.wwwAuthenticate: challenge]
        ).response
    }

    /// `scheme://host` the client used, from `Host` (and `X-Forwarded-Proto` behind a TLS proxy).
    static func origin(of request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        // The Host the client sent goes into a quoted header parameter: only a host name or address and a port.
        let authority = request.head.authority ?? ""
        let plain =
            !authority.isEmpty && authority.utf8.count <= 255
            && authority.unicodeScalars.allSatisfy { Self.hostScalars.contains($0) }
        return "\(scheme)://\(plain ? authority : "localhost")"
    }

    /// What a `Host` header reflected into the challenge may hold: letters, digits and `.-:[]`.
    private static let hostScalars = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
}

import Hummingbird

/// Requires a live `X-Authorization` token on every call but the open ones, as Orkes does.
///
/// Open: `POST /api/token`, `/health`, `/api-docs` and the emulator's own `/emulator/` endpoints.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let issuer: TokenIssuer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let open =
            path == "/api/token" || path == "/health" || path == "/api/health" || path.hasPrefix("/api-docs")
            || path.hasPrefix("/emulator/")
        let token = request.headers.first(where: { $0.name.canonicalName == "x-authorization" })?.value
        if !open, let refusal = await issuer.check(token) {
            throw refusal.error
        }
        return try await next(request, context)
    }
}

import Hummingbird

/// Waits, after each request, until the async system tasks it set off (HTTP calls, jq) have ended, so the next
/// request sees their outcome.
///
/// Conductor runs these tasks on background workers and a client polls; the emulator answers once they are done,
/// each bounded by its own timeout (`AsyncTaskRunner.maxTimeoutMillis`), which keeps tests free of sleeps.
struct SettleMiddleware<Context: RequestContext>: RouterMiddleware {
    let engine: ConductorEngine

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        await engine.settle()
        return response
    }
}

import Hummingbird
import Logging

/// Turns every failure into Conductor's `ErrorResponse` JSON, as its exception mappers do.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The `instance` field: the server's host name in Conductor.
    let instance: String

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ConductorError {
            let level: Logger.Level = error.status >= 500 ? .error : .info
            context.logger.log(level: level, "\(request.method) \(request.uri.path): \(error.status) \(error.message)")
            return ConductorResponse.error(error, instance: instance)
        } catch let error as HTTPError {
            let message: String =
                switch error.status {
                case .notFound: "No static resource \(request.uri.path.dropFirst())."
                case .methodNotAllowed: "Request method '\(request.method)' is not supported"
                default: error.body ?? error.status.reasonPhrase
                }
            return ConductorResponse.error(.init(status: error.status.code, message: message), instance: instance)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return ConductorResponse.error(.internalError(String(describing: error)), instance: instance)
        }
    }
}

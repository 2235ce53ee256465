import Hummingbird
import Logging

/// Turns every failure into Conductor's `ErrorResponse` JSON, as its exception mappers do.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The `instance` field: the server's host name in Conductor.
    let instance: String
    /// Tells a wrong method on a Conductor path (405) from an unknown path (404).
    let paths = SpecPathMatcher.oss

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
            var status = error.status.code
            let path = request.uri.path
            if error.status == .notFound, !paths.methods(for: path).isEmpty,
                !paths.methods(for: path).contains(request.method.rawValue)
            {
                status = 405
            }
            let message: String =
                switch status {
                case 404: "No static resource \(path.dropFirst())."
                case 405: "Request method '\(request.method)' is not supported"
                default: error.body ?? error.status.reasonPhrase
                }
            return ConductorResponse.error(.init(status: status, message: message), instance: instance)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return ConductorResponse.error(.internalError(String(describing: error)), instance: instance)
        }
    }
}

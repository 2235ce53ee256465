extension Invoker.Exchange {
    /// The trace of this exchange: the final request's method, path and query, and what came back; `original` is the
    /// request as first built (used when no request went out).
    func trace(original: UpstreamRequest) -> InvokeTrace {
        switch self {
        case .answered(let request, let response, _), .redirectRefused(let request, let response, _):
            return InvokeTrace(
                method: request.method, pathAndQuery: InvokeTrace.pathAndQuery(ofURL: request.url), sent: true,
                status: response.status, responseBytes: response.body.count,
                retryAfter: response.header("Retry-After"))
        case .transportFailed(let request, let error):
            return InvokeTrace(
                method: request.method, pathAndQuery: InvokeTrace.pathAndQuery(ofURL: request.url), sent: true,
                errorClass: error.kind.rawValue)
        case .authenticationFailed:
            return InvokeTrace(
                method: original.method, pathAndQuery: InvokeTrace.pathAndQuery(ofURL: original.url), sent: false,
                errorClass: "authentication")
        }
    }
}

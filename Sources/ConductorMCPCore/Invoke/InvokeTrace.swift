import Foundation

/// What one `invoke` did on the wire, for the audit log and for reporting `Retry-After`: never shown to the agent
/// as such, and never holding a header value, a token or a body.
public struct InvokeTrace: Sendable, Hashable {
    /// The method sent (after redirects).
    public var method: String
    /// The final URL's path and query (after redirects), without scheme and host.
    public var pathAndQuery: String
    /// True when a request went out (false for dry runs).
    public var sent: Bool
    /// The upstream status, when one answered.
    public var status: Int?
    /// Bytes of the response body read.
    public var responseBytes: Int?
    /// The `Retry-After` header of the answer, as sent.
    public var retryAfter: String?
    /// The class of a transport failure (`timeout`, `connectionRefused`, …) or `authentication`.
    public var errorClass: String?

    /// A trace.
    public init(
        method: String, pathAndQuery: String, sent: Bool, status: Int? = nil, responseBytes: Int? = nil,
        retryAfter: String? = nil, errorClass: String? = nil
    ) {
        self.method = method
        self.pathAndQuery = pathAndQuery
        self.sent = sent
        self.status = status
        self.responseBytes = responseBytes
        self.retryAfter = retryAfter
        self.errorClass = errorClass
    }

    /// The path and query of an absolute URL (`http://h:1/api/x?y=1` → `/api/x?y=1`).
    static func pathAndQuery(ofURL url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        return String(rest[slash...])
    }
}

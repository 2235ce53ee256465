public import Foundation

/// One outgoing request of an HTTP task, already checked against the allowed hosts.
public struct HTTPTaskRequest: Sendable, Equatable {
    /// Absolute `http` or `https` URL.
    public var uri: String
    /// Upper-case method name.
    public var method: String
    /// Header names and values, in the order given.
    public var headers: [(String, String)]
    /// Encoded body, if any.
    public var body: Data?
    /// Longest wait for the whole exchange, in milliseconds.
    public var timeoutMillis: Int

    /// Creates a request.
    public init(uri: String, method: String, headers: [(String, String)], body: Data?, timeoutMillis: Int) {
        self.uri = uri
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutMillis = timeoutMillis
    }

    public static func == (lhs: HTTPTaskRequest, rhs: HTTPTaskRequest) -> Bool {
        lhs.uri == rhs.uri && lhs.method == rhs.method && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0): \($0.1)" } == rhs.headers.map { "\($0.0): \($0.1)" }
            && lhs.timeoutMillis == rhs.timeoutMillis
    }
}

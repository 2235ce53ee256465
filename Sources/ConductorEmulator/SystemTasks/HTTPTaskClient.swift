import Foundation

/// Sends the outgoing request of an HTTP task. A protocol because tests answer from memory instead of the network.
public protocol HTTPTaskClient: Sendable {
    /// Sends `request` and answers the response, or throws when no response came (refused, timed out).
    func send(_ request: HTTPTaskRequest) async throws -> HTTPTaskResponse
}

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
    public var timeoutMillis: Int64

    /// Creates a request.
    public init(uri: String, method: String, headers: [(String, String)], body: Data?, timeoutMillis: Int64) {
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

/// The answer to an HTTP task's request.
public struct HTTPTaskResponse: Sendable {
    /// HTTP status code.
    public var statusCode: Int
    /// The status line's reason phrase.
    public var reasonPhrase: String
    /// Header values by name, as Spring's `HttpHeaders` lists them.
    public var headers: [String: [String]]
    /// The body bytes, at most `AsyncTaskRunner.maxResponseBytes`.
    public var body: Data

    /// Creates a response.
    public init(statusCode: Int, reasonPhrase: String, headers: [String: [String]], body: Data) {
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }
}

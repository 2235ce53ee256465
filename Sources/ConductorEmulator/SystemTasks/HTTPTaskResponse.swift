public import Foundation

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

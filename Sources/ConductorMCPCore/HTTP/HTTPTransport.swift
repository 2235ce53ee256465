/// Sends one HTTP request and reads its answer; the seam between `Invoker` and the network.
///
/// A protocol because there are two implementations: `AsyncHTTPTransport` for the real network and a scripted fake
/// in the tests, which must never touch the network.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and reads at most `maxResponseBytes` of the body; the whole exchange ends by `timeout`.
    ///
    /// Throws `TransportError` when no HTTP answer arrives (refused, timeout, DNS, TLS). An HTTP error status is an
    /// answer, not a throw.
    func send(_ request: UpstreamRequest, timeout: Duration, maxResponseBytes: Int) async throws(TransportError)
        -> UpstreamResponse

    /// Closes connections; the transport cannot be used afterwards.
    func shutdown() async throws
}

/// One request exactly as it goes on the wire.
public struct UpstreamRequest: Sendable, Equatable {
    /// Upper-case HTTP method.
    public var method: String
    /// Absolute URL, already percent-encoded.
    public var url: String
    /// Header fields in sending order.
    public var headers: [HeaderField]
    /// The body bytes, nil for none.
    public var body: [UInt8]?

    /// A request with these parts.
    public init(method: String, url: String, headers: [HeaderField] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One header field.
public struct HeaderField: Sendable, Equatable {
    /// The field name as sent.
    public var name: String
    /// The field value.
    public var value: String

    /// A field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP answer with a body that may have been cut.
public struct UpstreamResponse: Sendable, Equatable {
    /// Status code.
    public var status: Int
    /// Reason phrase as received (may be empty with HTTP/2).
    public var reason: String
    /// Header fields in received order.
    public var headers: [HeaderField]
    /// Body bytes, at most the transport's limit.
    public var body: [UInt8]
    /// The byte count at which the body was cut, nil when it arrived whole.
    public var truncatedAt: Int?

    /// A response with these parts.
    public init(
        status: Int, reason: String = "", headers: [HeaderField] = [], body: [UInt8] = [], truncatedAt: Int? = nil
    ) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.truncatedAt = truncatedAt
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why no HTTP answer arrived.
public struct TransportError: Error, Sendable, Equatable {
    /// The kind of failure, which decides the advice given.
    public var kind: HTTPFailure.Kind
    /// The underlying error in words.
    public var detail: String

    /// A transport failure.
    public init(_ kind: HTTPFailure.Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

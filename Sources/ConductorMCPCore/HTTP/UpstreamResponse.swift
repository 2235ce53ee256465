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

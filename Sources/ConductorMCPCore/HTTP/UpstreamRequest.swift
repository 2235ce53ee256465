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

extension UpstreamRequest {
    /// Sets header `name`, replacing any field of that name (compared case-insensitively).
    mutating func setHeader(_ name: String, _ value: String) {
        let lower = name.lowercased()
        guard let position = headers.firstIndex(where: { $0.name.lowercased() == lower }) else {
            headers.append(HeaderField(name, value))
            return
        }
        headers.removeAll { $0.name.lowercased() == lower }
        headers.insert(HeaderField(name, value), at: min(position, headers.count))
    }
}

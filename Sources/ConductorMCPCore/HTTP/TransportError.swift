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

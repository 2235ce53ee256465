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

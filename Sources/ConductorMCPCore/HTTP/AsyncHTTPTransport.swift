import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `HTTPTransport` over one shared AsyncHTTPClient: connections are pooled and reused across tool calls.
///
/// Redirects are never followed here; `Invoker` follows same-origin ones itself, so a redirect can never take a
/// request, or its credentials, to another host. Connection failures are not retried with backoff: an agent is
/// better served by "connection refused" now than by a timeout later.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient

    /// A transport with its own client; `connectTimeout` bounds connection set-up, each request's own timeout the rest.
    /// `maxResponseBytes` is the most a call reads: the pool holds no more connections than `inFlightBytes` of
    /// answers allows (64 at the default 10 MiB, 4 at the 256 MiB maximum), so calls at once cannot hold more.
    public init(connectTimeout: Duration = .seconds(10), maxResponseBytes: Int = 10 << 20) {
        connections = Self.connections(forResponseBytes: maxResponseBytes)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds)))
        configuration.connectionPool.retryConnectionEstablishment = false
        // AsyncHTTPClient's default of 8 let eight long calls (a synchronous execution, a long poll) hold every
        // connection, and the ninth waited out the connect timeout without being sent.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        configuration.decompression = .disabled
        // One request per connection: over HTTP/2 any number of calls would share one connection, and the pool's
        // bound on answers held at once would not hold.
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Connections kept open to one host at most; a call past them waits for one to free up, up to the connect
    /// timeout, then fails as `busy` with nothing sent.
    public static let maxConnectionsPerHost = 64

    /// Answer bytes all calls at once may hold (1 GiB): 64 calls reading 256 MiB each had reached 16 GiB.
    public static let inFlightBytes = 1 << 30

    /// This transport's connections per host.
    public let connections: Int

    /// Connections per host for answers of at most `bytes` each: `inFlightBytes / bytes`, between 1 and
    /// `maxConnectionsPerHost`.
    public static func connections(forResponseBytes bytes: Int) -> Int {
        min(maxConnectionsPerHost, max(1, inFlightBytes / max(bytes, 1)))
    }

    /// Sends `request`; a GET or HEAD that meets a pooled connection the server closed (after a redirect on
    /// keep-alive) is sent once more, within what is left of `timeout` (RFC 9110 s9.2.2: they are idempotent and
    /// safe); other methods are not, since the server may have acted on them.
    public func send(_ request: UpstreamRequest, timeout: Duration, maxResponseBytes: Int) async throws(TransportError)
        -> UpstreamResponse
    {
        let started = ContinuousClock.now
        do {
            return try await sendOnce(request, timeout: timeout, maxResponseBytes: maxResponseBytes)
        } catch  where error.kind == .connectionClosed && (request.method == "GET" || request.method == "HEAD") {
            let left = timeout - (ContinuousClock.now - started)
            guard left > .zero else { throw error }
            return try await sendOnce(request, timeout: left, maxResponseBytes: maxResponseBytes)
        }
    }

    private func sendOnce(_ request: UpstreamRequest, timeout: Duration, maxResponseBytes: Int)
        async throws(TransportError) -> UpstreamResponse
    {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let client = client
        let prepared = outgoing
        do {
            // AsyncHTTPClient's deadline covers the response head only; the race with a sleep bounds the body too.
            return try await withThrowingTaskGroup(of: UpstreamResponse?.self) { group in
                group.addTask {
                    let response = try await client.execute(prepared, timeout: .nanoseconds(timeout.nanoseconds))
                    return try await Self.read(response, maxBytes: maxResponseBytes)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw TransportError(.timeout, "no complete answer within \(timeout.seconds) s")
                }
                return response
            }
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError(HTTPFailure.classify(error), HTTPFailure.detail(of: error))
        }
    }

    /// Reads the body as a stream, keeping at most `maxBytes`; the rest is not read, so memory stays bounded.
    private static func read(_ response: HTTPClientResponse, maxBytes: Int) async throws -> UpstreamResponse {
        var bytes: [UInt8] = []
        // Sized once from Content-Length when it is given (and believable), so that growth does not double the peak.
        let declared = response.headers.first(name: "Content-Length").flatMap { Int($0) } ?? 0
        bytes.reserveCapacity(min(max(declared, 0), maxBytes, 64 << 20))
        var truncatedAt: Int?
        for try await var chunk in response.body {
            let room = maxBytes - bytes.count
            if chunk.readableBytes > room {
                bytes += chunk.readBytes(length: max(room, 0)) ?? []
                truncatedAt = bytes.count
                break
            }
            bytes += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
        return UpstreamResponse(
            status: Int(response.status.code), reason: response.status.reasonPhrase,
            headers: response.headers.map { HeaderField($0.name, $0.value) }, body: bytes, truncatedAt: truncatedAt)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }
}

extension Duration {
    /// Whole and fractional seconds, for messages.
    var seconds: String {
        let (whole, attoseconds) = components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(whole)" : "\(whole).\(tenths)"
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP task client of a running emulator: AsyncHTTPClient's shared client, no redirects followed, the body
/// read up to a bound.
public struct AsyncHTTPTaskClient: HTTPTaskClient {
    /// Largest response body read, in bytes; a larger one fails the call.
    public let maxResponseBytes: Int

    /// Creates a client reading at most `maxResponseBytes` of a body.
    public init(maxResponseBytes: Int = AsyncTaskRunner.maxResponseBytes) {
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: HTTPTaskRequest) async throws -> HTTPTaskResponse {
        var outgoing = HTTPClientRequest(url: request.uri)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(outgoing, timeout: .milliseconds(request.timeoutMillis))
        let body = try await response.body.collect(upTo: maxResponseBytes)
        var headers: [String: [String]] = [:]
        for header in response.headers { headers[header.name, default: []].append(header.value) }
        return HTTPTaskResponse(
            statusCode: Int(response.status.code), reasonPhrase: response.status.reasonPhrase, headers: headers,
            body: Data(body.readableBytesView))
    }
}

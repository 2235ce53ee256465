import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP task client of a running emulator: one AsyncHTTPClient for the process, the body read up to a bound.
///
/// Redirects are not followed (a redirect could lead past the allowed hosts), and a refused connection fails at
/// once instead of being retried until the task's timeout.
public struct AsyncHTTPTaskClient: HTTPTaskClient {
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

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
        let response = try await Self.client.execute(outgoing, timeout: .milliseconds(Int64(request.timeoutMillis)))
        let body = try await response.body.collect(upTo: maxResponseBytes)
        var headers: [String: [String]] = [:]
        for header in response.headers { headers[header.name, default: []].append(header.value) }
        return HTTPTaskResponse(
            statusCode: Int(response.status.code), reasonPhrase: response.status.reasonPhrase, headers: headers,
            body: Data(body.readableBytesView))
    }
}

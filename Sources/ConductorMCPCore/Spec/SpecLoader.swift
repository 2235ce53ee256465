import AsyncHTTPClient
import BundledSpecs
import Foundation
import NIOCore

/// Reads an OpenAPI document from its source: the bundled document, a file, or a live server's `/api-docs`.
public struct SpecLoader: Sendable {
    /// How long a URL fetch may take.
    public var timeout: Duration
    /// Headers sent with a URL fetch (an `X-Authorization` token, a bearer token).
    public var headers: [(String, String)]
    /// The largest document accepted, in bytes.
    public var maxBytes: Int

    /// A loader with a 10 s fetch timeout and a 64 MiB size limit.
    public init(timeout: Duration = .seconds(10), headers: [(String, String)] = [], maxBytes: Int = 64 << 20) {
        self.timeout = timeout
        self.headers = headers
        self.maxBytes = maxBytes
    }

    /// Reads and parses the document.
    public func load(_ source: SpecSource) async throws(SpecLoadError) -> SpecDocument {
        let bytes = try await read(source)
        return try SpecParser.parse(bytes, source: source.description)
    }

    /// Reads the raw bytes of the document.
    public func read(_ source: SpecSource) async throws(SpecLoadError) -> [UInt8] {
        switch source {
        case .bundled:
            return Array(BundledSpecs.conductorOSS.utf8)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw .unreadableFile(path: path, reason: exists ? "permission denied" : "no such file")
            }
            defer { try? handle.close() }
            do {
                let data = try handle.readToEnd() ?? Data()
                return [UInt8](data)
            } catch {
                throw .unreadableFile(path: path, reason: error.localizedDescription)
            }
        case .url(let url):
            return try await fetch(url)
        }
    }

    private func fetch(_ url: URL) async throws(SpecLoadError) -> [UInt8] {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json, application/yaml;q=0.9, */*;q=0.5")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        // A client of its own, without connection retries: a wrong port is "connection refused" at once, not a
        // timeout after the pool has retried for the whole --spec-timeout.
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 5, allowCycles: false))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { client.shutdown { _ in } }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            var body = try await response.body.collect(upTo: maxBytes)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            guard (200..<300).contains(Int(response.status.code)) else {
                let snippet = String(decoding: bytes.prefix(200), as: UTF8.self)
                throw SpecLoadError.fetchFailed(
                    url: url.absoluteString, reason: "HTTP \(response.status.code) \(snippet)")
            }
            return bytes
        } catch let error as SpecLoadError {
            throw error
        } catch let error as NIOTooManyBytesError {
            throw .fetchFailed(url: url.absoluteString, reason: "larger than \(maxBytes) bytes (\(error))")
        } catch {
            throw .fetchFailed(url: url.absoluteString, reason: HTTPFailure.describe(error))
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
    }
}

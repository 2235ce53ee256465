import BundledSpecs
public import Foundation

/// Reads an OpenAPI document from its source: the bundled document, a file, or a live server's `/api-docs`.
public struct SpecLoader: Sendable {
    /// How long a URL fetch may take.
    public var timeout: Duration
    /// Headers sent with a URL fetch (an `X-Authorization` token, a bearer token).
    public var headers: [(String, String)]
    /// The largest document accepted, in bytes.
    public var maxBytes: Int

    /// A loader with a 10 s fetch timeout and a 16 MiB size limit (the largest real Conductor document is 0.5 MB).
    public init(timeout: Duration = .seconds(10), headers: [(String, String)] = [], maxBytes: Int = 16 << 20) {
        self.timeout = timeout
        self.headers = headers
        self.maxBytes = maxBytes
    }

    /// Most redirects followed when fetching a URL.
    public static let maxRedirects = 5

    /// Reads and parses the document.
    public func load(_ source: SpecSource) async throws(SpecLoadError) -> SpecDocument {
        let bytes = try await read(source)
        return try SpecParser.parse(bytes, source: source.description)
    }

    /// Reads the raw bytes of the document, at most `maxBytes`.
    public func read(_ source: SpecSource) async throws(SpecLoadError) -> [UInt8] {
        switch source {
        case .bundled:
            return Array(BundledSpecs.conductorOSS.utf8)
        case .file(let path):
            do {
                return try RegularFile.bytes(at: path, maxBytes: maxBytes)
            } catch {
                throw .unreadableFile(path: path, reason: error.reason)
            }
        case .url(let url):
            // Without validators the fetch is unconditional, so it has bytes (a 304 to it is refused in `fetch`).
            return try await fetch(url, since: Validators()).bytes ?? []
        }
    }

    /// Reads and parses the document, with a URL's validators for later conditional reloads (none for a file or the
    /// bundled document).
    public func loadWithValidators(_ source: SpecSource) async throws(SpecLoadError) -> (
        document: SpecDocument, validators: Validators
    ) {
        guard case .url(let url) = source else { return (try await load(source), Validators()) }
        let fetched = try await fetch(url, since: Validators())
        return (try SpecParser.parse(fetched.bytes ?? [], source: source.description), fetched.validators)
    }

    /// A URL document's `ETag` and `Last-Modified`, sent back on the next fetch so that an unchanged document costs
    /// one conditional request (304).
    public struct Validators: Sendable, Equatable {
        /// The `ETag` the server sent.
        public var etag: String?
        /// The `Last-Modified` the server sent.
        public var lastModified: String?

        /// Validators; none by default.
        public init(etag: String? = nil, lastModified: String? = nil) {
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    /// GETs `url` conditionally: the bytes and the new validators, or nil bytes when the server answered 304.
    public func fetch(_ url: URL, since validators: Validators) async throws(SpecLoadError) -> (
        bytes: [UInt8]?, validators: Validators
    ) {
        let transport = AsyncHTTPTransport(connectTimeout: timeout)
        let result = await fetch(url.absoluteString, through: transport, validators: validators)
        try? await transport.shutdown()
        return try result.get()
    }

    /// GETs `url`, following at most `maxRedirects` redirects, each target checked like the first URL; the headers
    /// go only to the first URL's origin. `timeout` bounds the whole download, redirects included.
    private func fetch(_ url: String, through transport: AsyncHTTPTransport, validators: Validators) async -> Result<
        (bytes: [UInt8]?, validators: Validators), SpecLoadError
    > {
        let shown = ServerOrigin.displayed(url)
        let deadline = ContinuousClock.now + timeout
        var current = url
        var firstOrigin: ServerOrigin?
        for _ in 0...Self.maxRedirects {
            let origin: ServerOrigin
            do {
                origin = try ServerOrigin(validating: current)
            } catch {
                let which = current == url ? "the URL" : "the redirect to \(ServerOrigin.displayed(current))"
                return .failure(.fetchFailed(url: shown, reason: "\(which) \(error.reason)"))
            }
            if firstOrigin == nil { firstOrigin = origin }
            var request = UpstreamRequest(method: "GET", url: current)
            request.setHeader("Accept", "application/json, application/yaml;q=0.9, */*;q=0.5")
            request.setHeader("Accept-Encoding", "identity")
            if origin == firstOrigin {
                for (name, value) in headers { request.setHeader(name, value) }
                if let etag = validators.etag { request.setHeader("If-None-Match", etag) }
                if let date = validators.lastModified { request.setHeader("If-Modified-Since", date) }
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                return .failure(.fetchFailed(url: shown, reason: "no complete answer within \(timeout.seconds) s"))
            }
            let response: UpstreamResponse
            do throws(TransportError) {
                // A GET that meets a connection the server closed is sent again by the transport.
                response = try await transport.send(request, timeout: remaining, maxResponseBytes: maxBytes + 1)
            } catch {
                let reason =
                    error.kind == .timeout
                    ? "no complete answer within \(timeout.seconds) s" : "\(error.kind.rawValue) (\(error.detail))"
                return .failure(.fetchFailed(url: shown, reason: reason))
            }
            if response.status == 304 {
                guard validators != Validators() else {
                    return .failure(.fetchFailed(url: shown, reason: "HTTP 304 to an unconditional GET"))
                }
                return .success((nil, validators))
            }
            if (300..<400).contains(response.status), let location = response.header("Location") {
                guard location.utf8.count <= ServerOrigin.maxURLLength, let base = URL(string: current),
                    let target = URL(string: location, relativeTo: base)?.absoluteURL.absoluteString
                else {
                    return .failure(.fetchFailed(url: shown, reason: "it redirected to an unusable Location"))
                }
                current = target
                continue
            }
            guard (200..<300).contains(response.status) else {
                let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
                    .unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
                let text = String(String.UnicodeScalarView(snippet)).trimmingCharacters(in: .whitespaces)
                let said =
                    text.isEmpty
                    ? ((300..<400).contains(response.status) ? " (a redirect without a Location)" : " with no body")
                    : " \(text)"
                return .failure(.fetchFailed(url: shown, reason: "HTTP \(response.status)\(said)"))
            }
            if let encoding = response.header("Content-Encoding"), encoding.lowercased() != "identity" {
                return .failure(
                    .fetchFailed(
                        url: shown, reason: "the server sent it with Content-Encoding \(encoding), which is not read"))
            }
            guard response.truncatedAt == nil, response.body.count <= maxBytes else {
                return .failure(
                    .fetchFailed(
                        url: shown, reason: "it is larger than \(maxBytes) bytes, the most a document may have"))
            }
            let next = Validators(etag: response.header("ETag"), lastModified: response.header("Last-Modified"))
            return .success((response.body, next))
        }
        return .failure(.fetchFailed(url: shown, reason: "more than \(Self.maxRedirects) redirects"))
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
    }
}

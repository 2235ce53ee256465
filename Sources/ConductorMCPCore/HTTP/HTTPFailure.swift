import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// Words for transport failures, shared by the spec loader and `invoke`.
public enum HTTPFailure {
    /// What went wrong before an HTTP answer arrived; each kind gets its own advice.
    public enum Kind: String, Sendable, Equatable {
        /// Nothing listens at the address.
        case connectionRefused = "connection refused"
        /// The host name does not resolve.
        case unknownHost = "unknown host"
        /// No complete answer within the timeout.
        case timeout = "timed out"
        /// Every pooled connection to the host stayed busy with other calls past the connect timeout: nothing sent.
        case busy = "all connections busy"
        /// The TLS handshake or certificate check failed.
        case tls = "TLS failure"
        /// The server closed the connection before answering in full.
        case connectionClosed = "connection closed"
        /// The URL cannot be requested.
        case invalidURL = "invalid URL"
        /// The call was cancelled by the client.
        case cancelled = "cancelled"
        /// What came back is not an HTTP/1.1 answer (a garbage status line, HTTP/0.9, malformed headers).
        case malformedAnswer = "malformed HTTP answer"
        /// Anything else.
        case other = "transport failure"
    }

    /// A short human sentence for an error thrown by AsyncHTTPClient or NIO.
    public static func describe(_ error: any Error) -> String {
        switch classify(error) {
        case .timeout: return "timed out"
        case .busy: return "all connections to the server were busy with other calls"
        case .connectionClosed: return "the server closed the connection before answering"
        case .invalidURL: return "invalid URL"
        case .connectionRefused: return "connection refused (is the server running at that address?)"
        case .unknownHost: return "unknown host (\(detail(of: error)))"
        case .tls: return "TLS failure (\(detail(of: error)))"
        case .cancelled: return "cancelled"
        case .malformedAnswer: return "the answer is not valid HTTP/1.1 (\(detail(of: error)))"
        case .other: return detail(of: error)
        }
    }

    /// An error in words for a message, at most 300 characters: without the source locations BoringSSL writes into
    /// its errors ("… at /build/checkouts/swift-nio-ssl/…/tls_record.cc:231"), which say where this binary was built
    /// and nothing about the failure.
    public static func detail(of error: any Error) -> String {
        let text = "\(error)".replacing(#/ at /[^\s\])]+:\d+/#, with: "")
        return TextBounds.shortened(text, limit: 300)
    }

    /// Sorts an error thrown by AsyncHTTPClient, NIO or NIOSSL into a `Kind`.
    ///
    /// NIOSSL is not a direct dependency of the core, so TLS errors are recognised by their type name.
    public static func classify(_ error: any Error) -> Kind {
        if let error = error as? TransportError { return error.kind }
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .getConnectionFromPoolTimeout: return .busy
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .tlsHandshakeTimeout:
                return .timeout
            case .remoteConnectionClosed: return .connectionClosed
            case .invalidURL, .emptyHost, .emptyScheme: return .invalidURL
            case .cancelled: return .cancelled
            default: break
            }
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return .unknownHost
            }
            if error.connectionErrors.contains(where: { classify($0.error) == .connectionRefused }) {
                return .connectionRefused
            }
        }
        if let error = error as? HTTPParserError {
            return error == .invalidEOFState || error == .closedConnection ? .connectionClosed : .malformedAnswer
        }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost { return .unknownHost }
        if let error = error as? IOError {
            // ECONNREFUSED and ECONNRESET on Linux and Darwin.
            if error.errnoCode == 111 || error.errnoCode == 61 { return .connectionRefused }
            if error.errnoCode == 104 || error.errnoCode == 54 { return .connectionClosed }  // ECONNRESET
        }
        if let channelError = error as? ChannelError {
            if case .connectTimeout = channelError { return .timeout }
            if case .ioOnClosedChannel = channelError { return .connectionClosed }
            if case .eof = channelError { return .connectionClosed }
        }
        let typeName = String(reflecting: type(of: error))
        if typeName.contains("SSL") || typeName.contains("TLS") { return .tls }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return .connectionRefused }
        if text.contains("unknown(host") || text.contains("getaddrinfo") { return .unknownHost }
        return .other
    }
}

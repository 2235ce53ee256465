import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Testing

@testable import ConductorMCPCore

@Suite("HTTP failure classification")
struct HTTPFailureTests {
    @Test("AsyncHTTPClient and NIO errors are sorted into kinds the agent gets advice for")
    func classify() {
        #expect(HTTPFailure.classify(HTTPClientError.deadlineExceeded) == .timeout)
        #expect(HTTPFailure.classify(HTTPClientError.readTimeout) == .timeout)
        #expect(HTTPFailure.classify(HTTPClientError.connectTimeout) == .timeout)
        #expect(HTTPFailure.classify(HTTPClientError.remoteConnectionClosed) == .connectionClosed)
        #expect(HTTPFailure.classify(IOError(errnoCode: 111, reason: "connect")) == .connectionRefused)
        #expect(HTTPFailure.classify(HTTPParserError.invalidEOFState) == .connectionClosed)
        // A garbage status line or HTTP/0.9 is no HTTP answer: said so, not "invalid constant string".
        #expect(HTTPFailure.classify(HTTPParserError.invalidConstant) == .malformedAnswer)
        #expect(HTTPFailure.classify(HTTPParserError.invalidVersion) == .malformedAnswer)
        #expect(HTTPFailure.describe(HTTPParserError.invalidConstant).hasPrefix("the answer is not valid HTTP/1.1"))
        #expect(HTTPFailure.classify(CancellationError()) == .cancelled)
        #expect(HTTPFailure.classify(ChannelError.ioOnClosedChannel) == .connectionClosed)
        #expect(HTTPFailure.classify(TransportError(.tls, "x")) == .tls)
    }

    @Test("the spec loader's wording is unchanged")
    func describe() {
        #expect(HTTPFailure.describe(HTTPClientError.deadlineExceeded) == "timed out")
        #expect(
            HTTPFailure.describe(IOError(errnoCode: 111, reason: "connect"))
                == "connection refused (is the server running at that address?)")
    }

    @Test("an error's words leave out the source locations BoringSSL writes into them, and stay short")
    func detailWithoutBuildPaths() {
        struct SSLishError: Error, CustomStringConvertible {
            var description: String {
                "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:"
                    + "OPENSSL_internal:WRONG_VERSION_NUMBER at /work/main/.build/checkouts/swift-nio-ssl/Sources/"
                    + "CNIOBoringSSL/ssl/tls_record.cc:231]))"
            }
        }
        let detail = HTTPFailure.detail(of: SSLishError())
        #expect(detail.contains("WRONG_VERSION_NUMBER") && !detail.contains("/work/main"), "\(detail)")
        #expect(HTTPFailure.describe(SSLishError()).hasPrefix("TLS failure (") == true)
        struct Long: Error, CustomStringConvertible { var description: String { String(repeating: "x", count: 999) } }
        #expect(HTTPFailure.detail(of: Long()).unicodeScalars.count == 300)
    }
}

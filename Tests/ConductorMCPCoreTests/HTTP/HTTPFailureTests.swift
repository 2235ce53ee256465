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
}

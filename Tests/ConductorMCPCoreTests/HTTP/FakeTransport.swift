import Foundation

@testable import ConductorMCPCore

/// A scripted `HTTPTransport`: answers each request with the next scripted reply, records every request, never
/// touches the network.
actor FakeTransport: HTTPTransport {
    /// One scripted reply.
    enum Reply: Sendable {
        case response(UpstreamResponse)
        case failure(TransportError)
    }

    private var script: [Reply]
    private let fallback: (@Sendable (UpstreamRequest) -> Reply)?
    private(set) var requests: [UpstreamRequest] = []
    private(set) var shutDown = false

    /// Replies in order; when the script runs out, `fallback` answers (or a 599 reply that fails the test visibly).
    init(_ script: [Reply] = [], fallback: (@Sendable (UpstreamRequest) -> Reply)? = nil) {
        self.script = script
        self.fallback = fallback
    }

    func send(_ request: UpstreamRequest, timeout: Duration, maxResponseBytes: Int) async throws(TransportError)
        -> UpstreamResponse
    {
        requests.append(request)
        let reply: Reply
        if !script.isEmpty {
            reply = script.removeFirst()
        } else if let fallback {
            reply = fallback(request)
        } else {
            reply = .response(UpstreamResponse(status: 599, reason: "Unscripted"))
        }
        switch reply {
        case .response(var response):
            if response.body.count > maxResponseBytes {
                response.body = Array(response.body.prefix(maxResponseBytes))
                response.truncatedAt = maxResponseBytes
            }
            return response
        case .failure(let error):
            throw error
        }
    }

    func shutdown() async throws { shutDown = true }

    var paths: [String] { requests.map { "\($0.method) \($0.url)" } }
}

extension UpstreamResponse {
    /// A JSON answer.
    static func json(_ status: Int, _ text: String) -> UpstreamResponse {
        UpstreamResponse(
            status: status, headers: [HeaderField("Content-Type", "application/json")], body: Array(text.utf8))
    }

    /// A text answer.
    static func text(_ status: Int, _ text: String, type: String = "text/plain;charset=UTF-8") -> UpstreamResponse {
        UpstreamResponse(status: status, headers: [HeaderField("Content-Type", type)], body: Array(text.utf8))
    }
}

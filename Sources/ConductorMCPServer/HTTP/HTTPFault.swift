import ConductorMCPCore
import HTTPTypes
import Hummingbird

/// An HTTP-level refusal of an MCP request: the status the transport specification asks for, with a JSON-RPC error
/// body (id null) that says what was wrong and what to do.
struct HTTPFault: Error, Sendable {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// The JSON-RPC error in the body.
    let error: JSONRPCError
    /// Extra headers (`Allow`, `WWW-Authenticate`).
    var headers: HTTPFields = [:]

    /// The response.
    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let body: JSONValue = ["jsonrpc": "2.0", "id": nil, "error": error.json]
        return Response(
            status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    static func badRequest(_ detail: String) -> HTTPFault {
        HTTPFault(status: .badRequest, error: .invalidRequest(detail))
    }

    static func notFound(_ detail: String) -> HTTPFault {
        HTTPFault(status: .notFound, error: .invalidRequest(detail))
    }

    static func methodNotAllowed(_ detail: String, allow: String) -> HTTPFault {
        HTTPFault(status: .methodNotAllowed, error: .invalidRequest(detail), headers: [.allow: allow])
    }
}

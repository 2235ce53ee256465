import ConductorMCPCore
import Foundation
import Hummingbird

/// Builds responses with the content types Conductor's controllers produce.
enum ConductorResponse {
    /// `application/json` with the serialized value.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Data(value.jsonText.utf8), contentType: "application/json", status: status)
    }

    /// `text/plain`, as Conductor answers new ids and task ids.
    static func text(_ value: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Data(value.utf8), contentType: "text/plain;charset=UTF-8", status: status)
    }

    /// No body: 200 for Conductor's `void` handlers, 204 where it says `NO_CONTENT`.
    static func empty(_ status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentLength: "0"], body: ResponseBody())
    }

    /// Raw bytes with a content type.
    static func bytes(_ data: Data, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Conductor's `ErrorResponse` for `error`.
    static func error(_ error: ConductorError, instance: String) -> Response {
        json(error.body(instance: instance), status: HTTPResponse.Status(code: error.status))
    }
}

import Foundation
import Hummingbird

/// Applies fault rules to answers: those in force in the `FaultPlan` and those a request asks
/// for itself with the `X-Emulator-Fault` header (same syntax, comma separated).
///
/// Paths under `/emulator/` are exempt so a test can always switch faults off again.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Header a request uses to ask for faults on its own answer (lowercase, as HTTP/2 spells it).
    static var headerName: String { "x-emulator-fault" }

    let plan: FaultPlan

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/emulator/") else { return try await next(request, context) }
        var rules = await plan.rules(for: path)
        if let header = request.headers.first(where: { $0.name.canonicalName == Self.headerName })?.value {
            rules += header.split(separator: ",").compactMap { FaultRule(parsing: String($0)) }
        }
        guard !rules.isEmpty else { return try await next(request, context) }
        for rule in rules {
            if case .latency(let milliseconds) = rule.mode {
                try await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
            }
        }
        for rule in rules {
            switch rule.mode {
            case .latency: continue
            case .html500: return Self.html500()
            case .invalidJSON: return Self.invalidJSON()
            case .largeBody(let megabytes): return Self.largeBody(megabytes: megabytes)
            case .drop: return Self.drop()
            }
        }
        return try await next(request, context)
    }

    private static func html500() -> Response {
        let page = """
            <html><head><title>500 Internal Server Error</title></head>
            <body><center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>
            """
        return ConductorResponse.bytes(
            Data(page.utf8), contentType: "text/html", status: .internalServerError)
    }

    private static func invalidJSON() -> Response {
        ConductorResponse.bytes(
            Data(#"{"workflowId":"a1b2","status":"RUNNING","tasks":[{"taskId":"#.utf8), contentType: "application/json")
    }

    /// `{"padding":"xxxx…"}` streamed in 64 KiB chunks so memory stays flat.
    private static func largeBody(megabytes: Int) -> Response {
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        let chunks = megabytes * 16
        let head = ByteBuffer(string: #"{"padding":""#)
        let tail = ByteBuffer(string: #""}"#)
        let length = head.readableBytes + chunk.readableBytes * chunks + tail.readableBytes
        let body = ResponseBody(contentLength: length) { writer in
            try await writer.write(head)
            for _ in 0..<chunks { try await writer.write(chunk) }
            try await writer.write(tail)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }

    /// A head promising a body that never comes; the failing writer makes the server close the connection.
    private static func drop() -> Response {
        let body = ResponseBody(contentLength: 1024) { _ in
            throw ConductorError.internalError("connection dropped by fault mode")
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }
}

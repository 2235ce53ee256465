import ConductorMCPCore
import Foundation
import Hummingbird

/// Reads JSON bodies and typed query parameters the way Spring binds them for Conductor.
enum RequestReading {
    /// The largest request body the emulator reads.
    static let maxBodyBytes = 64 * 1024 * 1024

    /// The raw body, possibly empty.
    static func rawBody(_ request: Request) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        return Data(buffer.readableBytesView)
    }

    /// A required JSON body. Spring answers a missing or malformed body with an unmapped
    /// exception, which Conductor's mapper turns into 500.
    static func jsonBody(_ request: Request) async throws -> JSONValue {
        guard let body = try await optionalJSONBody(request) else {
            throw ConductorError.internalError("Required request body is missing")
        }
        return body
    }

    /// A JSON body that may be absent.
    static func optionalJSONBody(_ request: Request) async throws -> JSONValue? {
        let data = try await rawBody(request)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        do {
            return try JSONParser.parse(data)
        } catch {
            throw ConductorError.internalError("JSON parse error: the request body is not valid JSON")
        }
    }

    /// A string query parameter, decoded as a servlet container decodes it (`+` is a space).
    static func string(_ request: Request, _ name: String) -> String? {
        all(request, name).first
    }

    /// Every value of a repeated query parameter, in order.
    static func all(_ request: Request, _ name: String) -> [String] {
        guard let query = request.uri.query, !query.isEmpty else { return [] }
        return query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard decode(parts[0]) == name else { return nil }
            return parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// An integer query parameter; a non-number is Conductor's 400 for a type mismatch.
    static func int(_ request: Request, _ name: String) throws -> Int? {
        guard let text = string(request, name), !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            throw ConductorError.badRequest(
                "Failed to convert value of type 'java.lang.String' to required type 'int'; For input string: \"\(text)\""
            )
        }
        return value
    }

    /// A boolean query parameter with a default.
    static func bool(_ request: Request, _ name: String, default value: Bool) -> Bool {
        guard let text = string(request, name) else { return value }
        return text.lowercased() == "true"
    }

    /// A path parameter the route guarantees.
    static func path(_ context: some RequestContext, _ name: String) throws -> String {
        guard let value = context.parameters.get(name) else {
            throw ConductorError.badRequest("Missing path parameter \(name)")
        }
        return value.removingPercentEncoding ?? value
    }
}

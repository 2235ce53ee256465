import ConductorMCPCore

/// One inbound message classified by JSON-RPC 2.0's rules, before any MCP meaning is given to it.
public enum JSONRPCMessage: Sendable {
    /// A request: it gets exactly one reply with its id.
    case request(id: RequestID, method: String, params: JSONObject?)
    /// A notification: never answered.
    case notification(method: String, params: JSONObject?)
    /// A reply to something we sent: this server sends no requests, so it is ignored.
    case response
    /// Not acceptable: answered with `error` and `id` (null when the id itself was unusable).
    case invalid(id: RequestID?, error: JSONRPCError)

    /// Classifies the bytes of one message (one stdio line, one HTTP body).
    public init(bytes: some Collection<UInt8>) {
        guard let value = try? JSONParser.parse(bytes) else {
            self = .invalid(id: nil, error: .parseError("not valid JSON"))
            return
        }
        self.init(value)
    }

    /// Classifies a parsed message.
    public init(_ value: JSONValue) {
        switch value {
        case .object(let object): self = Self.classify(object)
        case .array:
            self = .invalid(
                id: nil,
                error: .invalidRequest(
                    "batches are not supported (MCP 2025-06-18 removed them); send one message at a time"))
        default:
            self = .invalid(id: nil, error: .invalidRequest("a message must be a JSON object, got \(value.typeName)"))
        }
    }

    private static func classify(_ object: JSONObject) -> JSONRPCMessage {
        let rawID = object["id"]
        let id = rawID.flatMap(RequestID.init)
        guard object["jsonrpc"] == .string("2.0") else {
            return .invalid(id: id, error: .invalidRequest(#"the "jsonrpc" member must be exactly "2.0""#))
        }
        guard let methodValue = object["method"] else {
            if rawID != nil, object["result"] != nil || object["error"] != nil { return .response }
            return .invalid(id: id, error: .invalidRequest(#"a request needs a "method" string"#))
        }
        guard let method = methodValue.stringValue else {
            return .invalid(id: id, error: .invalidRequest(#"the "method" member must be a string"#))
        }
        var params: JSONObject?
        switch object["params"] {
        case nil: params = nil
        case .object(let members)?: params = members
        case let other?:
            // A bad id outranks bad params; a notification is never answered, so its params are dropped.
            if rawID != nil, id == nil { break }
            if rawID == nil { return .notification(method: method, params: nil) }
            return .invalid(id: id, error: .invalidParams("params must be an object, got \(other.typeName)"))
        }
        guard let rawID else { return .notification(method: method, params: params) }
        guard let id else {
            return .invalid(
                id: nil,
                error: .invalidRequest(
                    "the id must be a string or an integer within ±2^53, got \(rawID == .null ? "null" : rawID.jsonText)"
                ))
        }
        return .request(id: id, method: method, params: params)
    }
}

public import ConductorMCPCore

/// One inbound message classified by JSON-RPC 2.0's rules, before any MCP meaning is given to it.
public enum JSONRPCMessage: Sendable {
    /// A request: it gets exactly one reply with its id.
    case request(id: RequestID, method: String, params: JSONObject?)
    /// A notification: never answered.
    case notification(method: String, params: JSONObject?)
    /// A reply to a request this server sent (an elicitation): its id and its `result` (nil for an error reply).
    case response(id: JSONValue, result: JSONObject?)
    /// Not acceptable: answered with `error` and `id` (null when the id itself was unusable).
    case invalid(id: RequestID?, error: JSONRPCError)

    /// Classifies the bytes of one message (one stdio line, one HTTP body).
    ///
    /// A message holding more than `maxValues` JSON values, or nested deeper than the parser follows, is refused as
    /// an Invalid Request with its id when the first or last bytes name it: the client's call then ends.
    public init(bytes: some Collection<UInt8>) {
        let parsed: JSONParser.BoundedParse
        do {
            parsed = try JSONParser.parse(bytes, maxValues: Self.maxValues)
        } catch {
            let raw = Array(bytes)
            guard error.message.hasPrefix("nesting deeper") else {
                self = .invalid(id: nil, error: .parseError("not valid JSON"))
                return
            }
            let id = Self.leadingID(Array(raw.prefix(4096))) ?? Self.trailingID(Array(raw.suffix(4096)))
            self = .invalid(id: id, error: .invalidRequest("the message is \(error.message)"))
            return
        }
        guard parsed.skippedValues == 0 else {
            let id = parsed.value["id"].flatMap(RequestID.init)
            self = .invalid(
                id: id, error: .invalidRequest("a message may hold at most \(Self.maxValues) JSON values"))
            return
        }
        self.init(parsed.value)
    }

    /// Most JSON values one message may hold: parsed, each costs tens of bytes, so this bounds a message's memory
    /// well below what an 8 MiB line could otherwise expand to.
    public static let maxValues = 1_000_000

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
            if let rawID, object["result"] != nil || object["error"] != nil {
                // A reply with both `result` and `error` is not JSON-RPC: it counts as an error (no result), so a
                // confirmation it answers fails closed.
                let failed = object["error"] != nil
                return .response(id: rawID, result: failed ? nil : object["result"]?.objectValue)
            }
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

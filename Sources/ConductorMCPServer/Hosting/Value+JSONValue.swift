import ConductorMCPCore
import MCP

extension JSONValue {
    /// The MCP library's value as ours. Object members come back sorted by key: `Value` keeps them in a dictionary,
    /// so the client's order is already lost, and sorting keeps our output deterministic.
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .int(int)
        case .double(let double): self = .double(double)
        case .string(let string): self = .string(string)
        case .data(let mimeType, let data):
            self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let elements): self = .array(elements.map { JSONValue($0) })
        case .object(let members):
            self = .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, JSONValue($0.value)) }))
        }
    }
}

extension Value {
    /// Our value as the MCP library's.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .int(int)
        case .double(let double): self = .double(double)
        case .string(let string): self = .string(string)
        case .array(let elements): self = .array(elements.map(Value.init))
        case .object(let object):
            var members: [String: Value] = [:]
            for (key, member) in object { members[key] = Value(member) }
            self = .object(members)
        }
    }
}

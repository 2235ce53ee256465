import Foundation

/// A JSON value as Conductor stores it: definitions, inputs, outputs and variables.
///
/// Integers and doubles stay apart so ids, versions and timestamps round-trip exactly.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])
}

extension JSON: Codable {
    /// Decodes any JSON value, preferring an integer over a double when both fit.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    /// Encodes the value as plain JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

// No ExpressibleByNilLiteral: `json == nil` must keep meaning "absent", not JSON null.
extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSON {
    /// The member named `key` of an object, or nil for a missing member or a non-object.
    public subscript(key: String) -> JSON? {
        get {
            guard case .object(let members) = self else { return nil }
            return members[key]
        }
        set {
            guard case .object(var members) = self else { return }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload, accepting integral doubles and numeric strings as Jackson does.
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.2e18: return Int64(value)
        case .string(let value): return Int64(value.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The boolean payload, accepting "true"/"false" strings as Jackson does.
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let value): return Bool(value.lowercased())
        default: return nil
        }
    }

    /// The members of an object, if this is one.
    public var objectValue: [String: JSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements of an array, if this is one.
    public var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Drops null members of objects at every depth, as Conductor's `NON_NULL` Jackson setting does.
    public func removingNulls() -> JSON {
        switch self {
        case .object(let members):
            return .object(members.compactMapValues { $0.isNull ? nil : $0.removingNulls() })
        case .array(let elements):
            return .array(elements.map { $0.removingNulls() })
        default:
            return self
        }
    }

    /// Renders the value the way Java's `toString()` renders maps and lists (`{a=1, b=[x]}`).
    ///
    /// Conductor's search summaries carry workflow input and output in this form.
    public var javaDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        case .array(let elements): return "[" + elements.map(\.javaDescription).joined(separator: ", ") + "]"
        case .object(let members):
            let body = members.keys.sorted().map { "\($0)=\(members[$0]!.javaDescription)" }
            return "{" + body.joined(separator: ", ") + "}"
        }
    }
}

extension JSON {
    /// Parses a JSON document.
    public static func parse(_ data: Data) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: data)
    }

    /// Serializes the value with sorted keys so answers are stable run to run.
    public func serialized() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSON value cannot fail: every case maps onto a JSON token.
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    /// The serialized value as a string.
    public var serializedString: String {
        String(decoding: serialized(), as: UTF8.self)
    }
}

import ConductorMCPCore
import Foundation

/// How Conductor's Java server reads and shows JSON values: Jackson's lenient coercions, its `NON_NULL` setting and
/// Java's `toString()` of maps and lists.
extension JSONValue {
    /// The integer payload, accepting integral doubles and numeric strings as Jackson does.
    var coercedInt: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.2e18: return Int(value)
        case .string(let value): return Int(value.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The boolean payload, accepting "true"/"false" strings as Jackson does.
    var coercedBool: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let value): return Bool(value.lowercased())
        default: return nil
        }
    }

    /// Drops null members of objects at every depth, as Conductor's `NON_NULL` Jackson setting does.
    func removingNulls() -> JSONValue {
        switch self {
        case .object(let object):
            var kept = JSONObject()
            for (key, value) in object where !value.isNull { kept[key] = value.removingNulls() }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map { $0.removingNulls() })
        default:
            return self
        }
    }

    /// Renders the value the way Java's `toString()` renders maps and lists (`{a=1, b=[x]}`), keys sorted.
    ///
    /// Conductor's search summaries carry workflow input and output in this form.
    var javaDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        case .array(let elements): return "[" + elements.map(\.javaDescription).joined(separator: ", ") + "]"
        case .object(let object):
            let body = object.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.javaDescription)" }
            return "{" + body.joined(separator: ", ") + "}"
        }
    }
}

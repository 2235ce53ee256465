public import ConductorMCPCore

/// A JSON-RPC request id as MCP allows it: a string or an integer. Null, fractions, booleans, objects and arrays are
/// refused, and so are integers beyond ±2^53, which a JavaScript or Python-float client could not echo exactly.
public struct RequestID: Sendable, Hashable {
    /// The id as it goes back in the reply.
    public let value: JSONValue

    /// Largest integer id accepted: 2^53, the end of exact integers in an IEEE double.
    static let maxInteger = 1 << 53

    /// The id in `value`, or nil when MCP does not allow it.
    public init?(_ value: JSONValue) {
        switch value {
        case .string: self.value = value
        case .int(let integer) where integer.magnitude <= Self.maxInteger: self.value = value
        default: return nil
        }
    }
}

import ConductorMCPCore
import Foundation

/// Finding the id of a message that cannot be read whole (too long, too many values, nested too deep), so that its
/// error reply still reaches the request that waits for it.
extension JSONRPCMessage {
    /// The top-level `"id"` of a message from the last bytes of its line: `"id": VALUE }` right at the end can only
    /// belong to the outermost object (a nested one would need another closing brace).
    static func trailingID(_ suffix: [UInt8]) -> RequestID? {
        var end = suffix.count
        while end > 0, [0x20, 0x09, 0x0D].contains(suffix[end - 1]) { end -= 1 }
        guard end > 0, suffix[end - 1] == UInt8(ascii: "}") else { return nil }
        let text = String(decoding: suffix[..<(end - 1)], as: UTF8.self)
        guard let key = text.range(of: "\"id\"", options: .backwards) else { return nil }
        var rest = text[key.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        guard let value = try? JSONParser.parse(String(rest)) else { return nil }
        return RequestID(value)
    }

    /// The top-level `"id"` of a message from the first bytes of its line, when it is a string or an integer that
    /// ends within them.
    static func leadingID(_ prefix: [UInt8]) -> RequestID? {
        var depth = 0
        var index = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        while index < prefix.count {
            let byte = prefix[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    let token = prefix[stringStart...index]
                    var after = index + 1
                    while after < prefix.count, prefix[after] == 0x20 { after += 1 }
                    if depth == 1, Array(token) == Array("\"id\"".utf8), after < prefix.count,
                        prefix[after] == UInt8(ascii: ":")
                    {
                        var end = after + 1
                        var open = false
                        while end < prefix.count {
                            let next = prefix[end]
                            if next == UInt8(ascii: "\"") { open.toggle() }
                            if !open, next == UInt8(ascii: ",") || next == UInt8(ascii: "}") { break }
                            end += 1
                        }
                        guard end < prefix.count, let value = try? JSONParser.parse(prefix[(after + 1)..<end]) else {
                            return nil
                        }
                        return RequestID(value)
                    }
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                stringStart = index
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            }
            index += 1
        }
        return nil
    }
}

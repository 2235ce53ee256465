/// Serialises parameter values into URL text per OpenAPI's style and explode rules, percent-encoding everything
/// outside RFC 3986's unreserved set.
///
/// Encoding that much is the point: with `/`, `?`, `#`, `%` and `:` all encoded, no value can end a path segment,
/// start a query, or name another host. Dot segments are the one thing encoding cannot neutralise (Tomcat decodes
/// `%2E%2E` and then normalises the path), so `.` and `..` are refused as path values.
enum ParameterEncoding {
    /// A scalar as text: strings as they are, numbers without a needless `.0`, booleans as `true`/`false`.
    static func plainText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return JSONValue.format(number)
        case .null: return ""
        case .array(let elements): return elements.map(plainText).joined(separator: ",")
        case .object: return value.jsonText
        }
    }

    /// `text` with every byte outside `A-Z a-z 0-9 - . _ ~` percent-encoded (UTF-8, upper-case hex).
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += byte < 16 ? "%0" + hex : "%" + hex
            }
        }
        return output
    }

    /// A path parameter in its style (OpenAPI's `simple`, the default, `label` or `matrix`): the encoded text to put
    /// in place of `{name}`, or why it cannot be sent.
    ///
    /// The dot-segment guard runs on the encoded value, whatever its type: `[".."]` encodes to `..` as surely as
    /// `".."` does.
    static func pathValue(_ value: JSONValue, name: String = "", style: String? = nil, explode: Bool) -> Result<
        String, PathValueError
    > {
        let key = percentEncoded(name)
        // The parts as simple style joins them: elements, or key and value pairs.
        let parts: [String]
        let pairs: [(key: String, value: String)]?
        switch value {
        case .array(let elements):
            parts = elements.map { percentEncoded(plainText($0)) }
            pairs = nil
        case .object(let object):
            let encoded = object.members.map {
                (key: percentEncoded($0.key), value: percentEncoded(plainText($0.value)))
            }
            parts = encoded.flatMap { explode ? ["\($0.key)=\($0.value)"] : [$0.key, $0.value] }
            pairs = encoded
        default:
            parts = [percentEncoded(plainText(value))]
            pairs = nil
        }
        let simple = parts.joined(separator: ",")
        if simple.isEmpty {
            return .failure(
                PathValueError(
                    "is empty; a path parameter needs a value (an empty segment would call another endpoint)"))
        }
        if simple.allSatisfy({ $0 == "." }) {
            return .failure(
                PathValueError(
                    "\"\(simple)\" cannot be sent as a path parameter: servers resolve dot segments, which would "
                        + "change the endpoint called"))
        }
        switch style {
        case "label":
            // .5 · .3,4,5 · .3.4.5 · .R,100,G,200 · .R=100.G=200
            return .success("." + parts.joined(separator: explode ? "." : ","))
        case "matrix":
            // ;id=5 · ;id=3,4,5 · ;id=3;id=4;id=5 · ;id=R,100,G,200 · ;R=100;G=200
            if explode, let pairs { return .success(pairs.map { ";\($0.key)=\($0.value)" }.joined()) }
            if explode, case .array = value { return .success(parts.map { ";\(key)=\($0)" }.joined()) }
            return .success(";\(key)=" + simple)
        default:
            return .success(simple)
        }
    }

    /// `name=value` pairs for a query parameter, encoded, per style (form, spaceDelimited, pipeDelimited,
    /// deepObject) and explode.
    static func queryPairs(name: String, value: JSONValue, style: String, explode: Bool) -> [String] {
        let key = percentEncoded(name)
        switch value {
        case .array(let elements):
            let texts = elements.map { percentEncoded(plainText($0)) }
            switch style {
            case "spaceDelimited" where !explode: return ["\(key)=\(texts.joined(separator: "%20"))"]
            case "pipeDelimited" where !explode: return ["\(key)=\(texts.joined(separator: "%7C"))"]
            default:
                return explode ? texts.map { "\(key)=\($0)" } : ["\(key)=\(texts.joined(separator: ","))"]
            }
        case .object(let object):
            if style == "deepObject" {
                return object.members.map {
                    "\(key)%5B\(percentEncoded($0.key))%5D=\(percentEncoded(plainText($0.value)))"
                }
            }
            if explode {
                return object.members.map { "\(percentEncoded($0.key))=\(percentEncoded(plainText($0.value)))" }
            }
            let flat = object.members.flatMap { [percentEncoded($0.key), percentEncoded(plainText($0.value))] }
            return ["\(key)=\(flat.joined(separator: ","))"]
        default:
            return ["\(key)=\(percentEncoded(plainText(value)))"]
        }
    }

    /// Why a path value was refused.
    struct PathValueError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}

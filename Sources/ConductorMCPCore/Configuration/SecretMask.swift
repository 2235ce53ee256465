import Foundation

/// Replaces known secret values with `***` in text and JSON: the values `${NAME}` put into a config file, and the
/// credentials an upstream might echo into an answer.
public struct SecretMask: Sendable {
    /// Values shorter than this are replaced only where they stand alone (not inside a longer word): replacing a
    /// one-letter value everywhere would garble every message and, by the gaps, show the value.
    public static let shortValueLength = 4

    private let values: [String]

    /// A mask for `values`; empty ones are ignored, longer ones are replaced first.
    ///
    /// A value of `shortValueLength` or more characters is also masked in the forms it is most often echoed in:
    /// percent-encoded, base64 (with or without padding), in any letter case, and each part of it between `/`s (a
    /// path built from it may be shown only up to a `/`).
    public init(_ values: [String]) {
        var all: Set<String> = []
        for value in values where !value.isEmpty {
            all.insert(value)
            guard value.count >= Self.shortValueLength else { continue }
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) { all.insert(encoded) }
            let base64 = Data(value.utf8).base64EncodedString()
            all.insert(base64)
            all.insert(String(base64.reversed().drop { $0 == "=" }.reversed()))
            // As a JSON string writes it (`"` and `\` escaped, the rest as \uXXXX where a serializer chooses to),
            // and as hex.
            all.insert(Self.jsonEscaped(value, asciiOnly: false))
            all.insert(Self.jsonEscaped(value, asciiOnly: true))
            all.insert(value.utf8.map { String(format: "%02x", $0) }.joined())
            for part in value.split(separator: "/") where part.count >= Self.shortValueLength {
                all.insert(String(part))
            }
        }
        self.values = all.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
    }

    /// `value` inside a JSON string literal (without the quotes); with `asciiOnly`, every non-ASCII scalar as `\uXXXX`.
    static func jsonEscaped(_ value: String, asciiOnly: Bool) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { result += String(format: "\\u%04x", unit) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// URL-unreserved characters, the ones percent-encoding leaves alone.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` with every value replaced by `***`.
    public func masking(_ text: String) -> String {
        values.reduce(text) { text, value in
            value.count >= Self.shortValueLength
                ? text.replacingOccurrences(of: value, with: "***", options: .caseInsensitive)
                : Self.replacingStandalone(value, in: text)
        }
    }

    /// `value` with `masking` applied to every string and member name in it.
    public func masking(_ value: JSONValue) -> JSONValue {
        guard !values.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(masking(text))
        case .array(let elements): return .array(elements.map(masking))
        case .object(let object):
            return .object(JSONObject(object.map { (masking($0.key), masking($0.value)) }))
        default: return value
        }
    }

    /// `text` with `value` replaced where neither neighbour is a letter or digit.
    private static func replacingStandalone(_ value: String, in text: String) -> String {
        var result = ""
        var rest = text[...]
        while let range = rest.range(of: value) {
            let before = range.lowerBound > rest.startIndex ? rest[rest.index(before: range.lowerBound)] : nil
            let after = range.upperBound < rest.endIndex ? rest[range.upperBound] : nil
            let alone =
                !(before?.isLetter ?? false) && !(before?.isNumber ?? false) && !(after?.isLetter ?? false)
                && !(after?.isNumber ?? false)
            result += rest[..<range.lowerBound] + (alone ? "***" : value)
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

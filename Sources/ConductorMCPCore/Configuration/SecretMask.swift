import Foundation

/// Replaces known secret values with `***` in text and JSON: the values `${NAME}` put into a config file, and the
/// credentials an upstream might echo into an answer.
public struct SecretMask: Sendable {
    /// Values shorter than this are replaced only where they stand alone (not inside a longer word): replacing a
    /// one-letter value everywhere would garble every message and, by the gaps, show the value.
    public static let shortValueLength = 4

    /// Whether there is no value to look for.
    private let isEmpty: Bool

    /// A mask for `values`; empty ones are ignored.
    ///
    /// A value of `shortValueLength` or more characters is also masked in the forms it is most often echoed in:
    /// percent-encoded, base64 (with or without padding, and inside a longer base64 text), hex, JSON-escaped, in any
    /// ASCII letter case and upper- or lower-cased whole, and each part of it between `/`s (a path built from it may
    /// be shown only up to a `/`).
    public init(_ values: [String]) {
        var all: Set<String> = []
        for value in values where !value.isEmpty {
            all.insert(value)
            guard value.count >= Self.shortValueLength else { continue }
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) { all.insert(encoded) }
            let base64 = Data(value.utf8).base64EncodedString()
            all.insert(base64)
            all.insert(String(base64.reversed().drop { $0 == "=" }.reversed()))
            // Inside a longer base64 text ("Basic base64(user:secret)", a JWT's payload) the value starts at any of
            // three alignments: the characters that depend on it alone, for each.
            if value.utf8.count >= 12 {
                for shift in 1...2 {
                    let shifted = Data(repeating: 0, count: shift) + Data(value.utf8)
                    let text = shifted.base64EncodedString()
                    let core = text.dropFirst(shift == 1 ? 2 : 3).dropLast(4)
                    if core.count >= 8 { all.insert(String(core)) }
                }
                all.insert(String(base64.dropLast(4)))
            }
            // As a JSON string writes it (`"` and `\` escaped, the rest as \uXXXX where a serializer chooses to),
            // and as hex.
            all.insert(Self.jsonEscaped(value, asciiOnly: false))
            all.insert(Self.jsonEscaped(value, asciiOnly: true))
            all.insert(value.utf8.map { String(format: "%02x", $0) }.joined())
            // The scan folds ASCII letters only: a value with other letters is also looked for cased whole.
            if value.unicodeScalars.contains(where: { !$0.isASCII }) {
                all.insert(value.uppercased())
                all.insert(value.lowercased())
            }
            for part in value.split(separator: "/") where part.count >= Self.shortValueLength {
                all.insert(String(part))
            }
        }
        isEmpty = all.isEmpty
        // Listed under the folded first byte, which is how the scan looks them up.
        var patterns = [[(bytes: [UInt8], exact: Bool)]](repeating: [], count: 256)
        for value in all {
            let exact = value.count < Self.shortValueLength
            let bytes = exact ? Array(value.utf8) : value.utf8.map(Self.folded)
            guard let first = bytes.first else { continue }
            patterns[Int(Self.folded(first))].append((bytes, exact))
        }
        self.patterns = patterns
    }

    /// `value` inside a JSON string literal (without the quotes), as `JSONValue` writes it; with `asciiOnly`, every
    /// non-ASCII scalar as `\uXXXX` too, as some serializers write them.
    static func jsonEscaped(_ value: String, asciiOnly: Bool) -> String {
        var quoted = ""
        JSONValue.writeQuoted(value, to: &quoted)
        let inner = String(quoted.dropFirst().dropLast())
        guard asciiOnly, inner.unicodeScalars.contains(where: { !$0.isASCII }) else { return inner }
        var result = ""
        for scalar in inner.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                for unit in String(scalar).utf16 { result += String(format: "\\u%04x", unit) }
            }
        }
        return result
    }

    /// URL-unreserved characters, the ones percent-encoding leaves alone.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` with every value replaced by `***`.
    public func masking(_ text: String) -> String {
        guard !isEmpty, let masked = masking(bytes: Array(text.utf8)) else { return text }
        return String(decoding: masked, as: UTF8.self)
    }

    /// `bytes` with every byte that belongs to an occurrence of a value replaced, each run of them by one `***`; nil
    /// when no value occurs. Values of `shortValueLength` or more characters match in any ASCII letter case and
    /// anywhere; shorter ones only exactly and where neither neighbour is a letter or digit.
    ///
    /// One pass over the bytes, each position tried against the values that start with its byte: replacing value
    /// after value (`replacingOccurrences` per form, case-insensitive) took 3 s on a 10 MB answer. Marking every
    /// occurrence first also means no value leaks in part where another, overlapping one matched first.
    public func masking(bytes: [UInt8]) -> [UInt8]? {
        guard !isEmpty, !bytes.isEmpty else { return nil }
        // The covered ranges, merged as they are found (starts only grow): memory in occurrences, not in bytes.
        var covered: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { text in
            let count = text.count
            for start in 0..<count {
                let candidates = patterns[Int(Self.folded(text[start]))]
                guard !candidates.isEmpty else { continue }
                for pattern in candidates where pattern.bytes.count <= count - start {
                    var matched = true
                    for offset in 0..<pattern.bytes.count {
                        let byte = text[start + offset]
                        if (pattern.exact ? byte : Self.folded(byte)) != pattern.bytes[offset] {
                            matched = false
                            break
                        }
                    }
                    guard matched else { continue }
                    let end = start + pattern.bytes.count
                    if pattern.exact {
                        if start > 0, Self.isWordByte(text[start - 1]) { continue }
                        if end < count, Self.isWordByte(text[end]) { continue }
                    }
                    if let last = covered.last, start <= last.upperBound {
                        covered[covered.count - 1] = last.lowerBound..<max(last.upperBound, end)
                    } else {
                        covered.append(start..<end)
                    }
                }
            }
        }
        guard !covered.isEmpty else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in covered {
            output += bytes[position..<range.lowerBound]
            output += "***".utf8
            position = range.upperBound
        }
        output += bytes[position...]
        return output
    }

    /// The values to find, by the folded first byte (256 lists): each value's bytes (ASCII letters folded to lower
    /// case unless `exact`), and whether it must match exactly and stand alone.
    private let patterns: [[(bytes: [UInt8], exact: Bool)]]

    /// `byte` with an ASCII capital lowered.
    private static func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Whether `byte` may be part of a word: an ASCII letter or digit, or any byte of a non-ASCII character.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (folded(byte) >= 0x61 && folded(byte) <= 0x7A)
    }

    /// `value` with `masking` applied to every string and member name in it.
    public func masking(_ value: JSONValue) -> JSONValue {
        guard !isEmpty else { return value }
        switch value {
        case .string(let text): return .string(masking(text))
        case .array(let elements): return .array(elements.map(masking))
        case .object(let object):
            return .object(JSONObject(object.map { (masking($0.key), masking($0.value)) }))
        default: return value
        }
    }
}

import Foundation

/// What RFC 9110 allows in header names and values, checked before anything is sent.
enum HeaderRules {
    /// Why `name` is not a valid field name, or nil.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        let extra = Set("!#$%&'*+-.^_`|~".unicodeScalars)
        for scalar in name.unicodeScalars {
            let ok = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || extra.contains(scalar))
            if !ok { return "the name contains \(describe(scalar)), which a header name cannot hold" }
        }
        return nil
    }

    /// Why `value` cannot be sent as a field value (CR, LF, NUL or another control character), or nil.
    static func valueProblem(_ value: String) -> String? {
        for scalar in value.unicodeScalars where (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
            return "the value contains \(describe(scalar)); header values cannot hold CR, LF or control characters "
                + "(this would split the request)"
        }
        return nil
    }

    /// True for names whose values are credentials and are shown as `***`.
    static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "x-authorization", "proxy-authorization", "cookie", "set-cookie"].contains(lower) {
            return true
        }
        return [
            "token", "secret", "password", "passwd", "auth", "api-key", "apikey", "credential", "session",
            "signature", "private",
        ].contains { lower.contains($0) }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": return "a carriage return (CR)"
        case "\n": return "a line feed (LF)"
        case "\0": return "a NUL byte"
        default:
            return scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F
                ? "\"\(scalar)\"" : "U+\(String(scalar.value, radix: 16, uppercase: true))"
        }
    }
}

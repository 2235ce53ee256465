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

    /// Headers the HTTP client sets from the request itself (where it goes, how its body is framed, the connection):
    /// a document's header parameter of one of these names is refused, so a value cannot aim the request at another
    /// virtual host behind a proxy or desynchronise its framing.
    /// Method overrides are refused too: a server or proxy that honours one would run another method than the one
    /// the access policy decided on; and the forwarding headers a proxy in front of Conductor may trust.
    static let transportOwned: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive",
        "proxy-connection", "expect", "accept-encoding", "content-encoding", "x-http-method-override",
        "x-http-method", "x-method-override", "forwarded", "x-forwarded-host", "x-forwarded-for",
        "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-forwarded-uri",
        "x-forwarded-ssl", "x-forwarded-method", "x-original-method", "x-original-url", "x-rewrite-url", "x-host",
        "x-original-host", "x-real-ip", "true-client-ip", "x-client-ip", "front-end-https", "x-url-scheme", "via",
    ]

    /// Prefixes of the headers a proxy in front of Conductor may trust for who the caller is or where the request
    /// came from (oauth2-proxy's `X-Forwarded-User`, `X-Auth-Request-Email`, `X-Remote-User`, `X-Original-URI`).
    static let trustedByProxies = ["x-forwarded-", "x-original-", "x-auth-request-", "x-remote-", "x-real-"]

    /// Whether a document's header parameter of this name is refused: set by the HTTP client, an override of the
    /// method or path, or one a proxy may trust for identity or origin.
    static func refusedAsParameter(_ name: String) -> Bool {
        let lower = name.lowercased()
        return transportOwned.contains(lower) || trustedByProxies.contains(where: lower.hasPrefix)
            || userHeaders.contains(lower)
    }

    /// Headers a proxy in front of a server may set for the signed-in user.
    static let userHeaders: Set<String> = [
        "remote-user", "x-user", "x-webauth-user", "x-proxy-user", "x-authenticated-user",
    ]

    /// Headers that frame the message or the connection, which the HTTP client writes from the request itself (and
    /// drops when given): a `--header` of one is refused rather than silently not sent. `Accept-Encoding` too: the
    /// client asks for `identity`, since encoded bodies are not decoded.
    static let framing: Set<String> = [
        "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive",
        "proxy-connection", "expect", "accept-encoding",
    ]

    /// True for names whose values are credentials and are shown as `***`: a credential header, a name holding one
    /// of `secretParts` once separators are dropped (`api_key`, `API-KEY`, `apiKey`, `x_api_key` alike), or one of
    /// `secretWords` as a whole word of it (`pin`, `dsn`, `key`; not the "pin" of "mapping"). Redaction errs on the side
    /// of hiding: a tag's `key` is hidden in an audit line too.
    static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "x-authorization", "proxy-authorization", "cookie", "set-cookie"].contains(lower) {
            return true
        }
        let joined = String(String.UnicodeScalarView(lower.unicodeScalars.filter(CharacterSet.alphanumerics.contains)))
        if secretParts.contains(where: joined.contains) { return true }
        return words(of: name).contains(where: secretWords.contains)
    }

    /// Whether a value reads as a credential whatever its name: it opens with an HTTP authentication scheme
    /// ("Bearer eyJ…", "Basic dXNlcj…").
    static func readsAsCredential(_ value: String) -> Bool {
        let lower = value.trimmingCharacters(in: .whitespaces).lowercased()
        return ["bearer ", "basic ", "token ", "digest ", "apikey ", "negotiate "].contains(where: lower.hasPrefix)
    }

    /// Parts that mark a credential wherever they stand in a name.
    static let secretParts = [
        "token", "secret", "password", "passwd", "passphrase", "auth", "apikey", "accesskey", "privatekey", "privkey",
        "signingkey", "clientkey", "credential", "session", "signature", "private", "jwt", "bearer", "cookie",
        "connectionstring", "connstr",
    ]

    /// Words too short to look for inside other words, which mark a credential when they are a word of the name.
    static let secretWords: Set<String> = ["pwd", "pin", "otp", "dsn", "key", "pass", "cert", "refresh"]

    /// The lower-cased words of a name: split at anything but letters and digits, and where a lower-case letter or
    /// digit meets an upper-case one (`privKey`: priv, key).
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var previousLower = false
        for scalar in name.unicodeScalars {
            guard CharacterSet.alphanumerics.contains(scalar) else {
                if !current.isEmpty { words.append(String(current).lowercased()) }
                current = String.UnicodeScalarView()
                previousLower = false
                continue
            }
            let upper = CharacterSet.uppercaseLetters.contains(scalar)
            if upper, previousLower, !current.isEmpty {
                words.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
            current.append(scalar)
            previousLower = !upper
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words
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

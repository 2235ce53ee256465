import Foundation

/// The scheme, host and port of an http(s) URL, checked in full: the one place that decides whether a URL may be
/// requested, and whether it stays on the configured server.
///
/// Every URL the project requests passes through here twice: when it is configured (server, spec URL) and again as
/// the final, built URL just before it is sent (spec paths, redirects and token fetches included). Foundation and
/// AsyncHTTPClient accept a port above 65535 and trap on it later, and a spec path such as `@other-host/x` appended
/// to a base URL changes its host, so checking the inputs alone is not enough.
public struct ServerOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`, lower-case.
    public let scheme: String
    /// The host, lower-case, brackets removed from IPv6 literals.
    public let host: String
    /// The port, explicit or the scheme's default.
    public let port: Int

    /// Longest URL accepted, in UTF-8 bytes; longer ones are refused rather than sent.
    public static let maxURLLength = 16 << 10

    /// The origin of `text`, or why it cannot be requested: not absolute http(s), no host, a port outside 1–65535,
    /// user info, control characters or spaces, or longer than `maxURLLength`.
    public init(validating text: String) throws(URLProblem) {
        guard text.utf8.count <= Self.maxURLLength else {
            throw URLProblem("is \(text.utf8.count) bytes long; at most \(Self.maxURLLength) are sent")
        }
        guard
            !text.unicodeScalars.contains(where: {
                $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" || SpecText.isHidden($0, keepLineBreaks: false)
            })
        else {
            throw URLProblem(
                "contains a space, a backslash, a control character or an invisible one (U+2028, U+202E, …)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw URLProblem("is not an absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw URLProblem("uses the scheme \"\(scheme)\"; only http and https are requested")
        }
        guard components.user == nil, components.password == nil else {
            throw URLProblem("carries user info before the host (\"…@host\"), which is refused")
        }
        guard var host = components.host, !host.isEmpty else { throw URLProblem("has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // URLComponents reads "http://h:99999" as port 99999 and "http://h:x" as no URL at all; check both.
        if let port = components.port {
            guard (1...65535).contains(port) else { throw URLProblem("has port \(port), outside 1–65535") }
            self.port = port
        } else {
            if let authority = Self.authority(of: text), authority.hasSuffix(":") {
                throw URLProblem("has an empty port")
            }
            self.port = scheme == "https" ? 443 : 80
        }
        self.scheme = scheme
        self.host = host.lowercased()
    }

    /// Whether `url` is a valid URL with exactly this scheme, host and port.
    public func admits(_ url: String) -> Bool {
        guard let other = try? ServerOrigin(validating: url) else { return false }
        return other == self
    }

    /// `scheme://host:port`.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)"
    }

    /// `text` as it may appear in a message: at most 200 characters, with whatever may be a credential masked.
    ///
    /// Masking does not depend on the URL parsing: a password may hold `#`, `/` or `?`, and a malformed URL
    /// (`http:u:pw@host`, `u:pw@host`) is exactly what gets reported. So everything between the scheme and the last
    /// `@` is masked whenever there is an `@`, and a query or fragment (which may carry a token) is never shown.
    public static func displayed(_ text: String) -> String {
        var shown = Substring(text)
        var head = ""
        // Only http and https count as a scheme to keep: in `user:password@host` the user is not one.
        if let colon = shown.firstIndex(of: ":"), ["http", "https"].contains(shown[..<colon].lowercased()) {
            let afterScheme = shown.index(after: colon)
            let start = shown[afterScheme...].firstIndex { $0 != "/" && $0 != "\\" } ?? shown.endIndex
            head = String(shown[..<start])
            shown = shown[start...]
        }
        if let at = shown.lastIndex(of: "@") {
            shown = "***" + shown[at...]
        }
        if let mark = shown.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            shown = shown[...mark] + "***"
        }
        let result = head + shown
        return result.count > 200 ? String(result.prefix(200)) + "…" : result
    }

    /// The text between `//` and the first `/`, `?` or `#`.
    private static func authority(of text: String) -> Substring? {
        guard let start = text.range(of: "//") else { return nil }
        let rest = text[start.upperBound...]
        return rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    }

    /// Why a URL was refused, in words that follow "the URL …".
    public struct URLProblem: Error, Sendable, Equatable {
        /// What is wrong, such as `has port 99999, outside 1–65535`.
        public let reason: String

        /// A problem.
        public init(_ reason: String) { self.reason = reason }
    }
}

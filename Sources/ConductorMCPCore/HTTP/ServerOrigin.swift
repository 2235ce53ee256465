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
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }) else {
            throw URLProblem("contains a space, a backslash or a control character")
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

    /// `text` as it may appear in a message: user info masked (`***@`), at most 200 characters.
    public static func displayed(_ text: String) -> String {
        var shown = text
        if let authority = authority(of: text), let at = authority.lastIndex(of: "@") {
            shown.replaceSubrange(authority.startIndex..<at, with: "***")
        }
        return shown.count > 200 ? String(shown.prefix(200)) + "…" : shown
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

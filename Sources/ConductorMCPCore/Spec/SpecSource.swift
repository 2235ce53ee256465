import BundledSpecs
public import Foundation

/// Where an OpenAPI document comes from.
public enum SpecSource: Sendable, Equatable, CustomStringConvertible {
    /// The Conductor OSS 3.x document compiled into the binary.
    case bundled
    /// A file on disk.
    case file(String)
    /// A live server's `/api-docs` (or any http(s) URL).
    case url(URL)

    /// Reads a `--spec` value: nil or empty means the bundled document, `http(s)://` a URL, anything else a path.
    public init(argument: String?) {
        guard let argument, !argument.isEmpty else {
            self = .bundled
            return
        }
        let lower = argument.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://"), let url = URL(string: argument) {
            self = .url(url)
        } else {
            self = .file(argument)
        }
    }

    /// Reads a `--spec` value as `init(argument:)` does, refusing what names no readable document: an empty value
    /// (which would silently mean the bundled document), a URL of another scheme (`file://`, `ftp://`, which would be
    /// read as a missing file) and an http(s) URL that cannot be requested as written (a space, a control character,
    /// a port out of range: `URL` would percent-encode the first two and fetch another URL).
    public init(validating argument: String?) throws(SpecLoadError) {
        guard let argument else {
            self = .bundled
            return
        }
        if argument.isEmpty { throw .invalidSource(argument: argument, problem: "is empty") }
        if let schemeEnd = argument.range(of: "://") {
            let scheme = argument[..<schemeEnd.lowerBound].lowercased()
            let isScheme =
                !scheme.isEmpty && scheme.first!.isLetter
                && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
            if isScheme, scheme != "http", scheme != "https" {
                throw .invalidSource(argument: argument, problem: "is a \(scheme) URL; only http and https are fetched")
            }
            if isScheme {
                do {
                    _ = try ServerOrigin(validating: argument)
                } catch {
                    throw .invalidSource(argument: ServerOrigin.displayed(argument), problem: error.reason)
                }
            }
        }
        self.init(argument: argument)
    }

    /// A file path as a message shows it: one with an `@` is most likely a mistyped URL with credentials
    /// (`http:/user:pw@host`, `ftp://…`), so it is masked like a URL.
    public static func shown(_ path: String) -> String {
        path.contains("@") ? ServerOrigin.displayed(path) : path
    }

    public var description: String {
        switch self {
        case .bundled: return BundledSpecs.conductorOSSName
        case .file(let path): return Self.shown(path)
        case .url(let url): return ServerOrigin.displayed(url.absoluteString)
        }
    }
}

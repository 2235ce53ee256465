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

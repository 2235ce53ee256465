public import Foundation

/// What is wrong with a configuration file or the settings it layers with; every message names the key path.
public enum ConfigurationError: LocalizedError, Sendable, Equatable {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON or YAML.
    case syntax(path: String, detail: String)
    /// One or more keys are unknown, of the wrong type, or out of range.
    case invalid(path: String, problems: [String])

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason):
            return
                "Cannot read the configuration file \(SpecText.quoted(path, limit: 200)): \(SpecText.quoted(reason)). Check its path."
        case .syntax(let path, let detail):
            return
                "The configuration file \(SpecText.quoted(path, limit: 200)) is not valid JSON or YAML: \(SpecText.quoted(detail, limit: 1_000))"
        case .invalid(let path, let problems):
            // A problem may quote a key or a value of the file: one printable line each.
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return
                (["The configuration \(SpecText.quoted(path, limit: 200)) has \(count):"]
                + problems.map { "- \(SpecText.quoted($0, limit: 2_000))" })
                .joined(separator: "\n")
        }
    }
}

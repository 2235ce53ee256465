import Foundation

/// One source of settings — the configuration file, the environment or the command line — with every setting
/// optional: `Settings(layers:)` stacks them, a later layer winning where it says something.
public struct SettingsLayer: Sendable {
    /// `--spec`: a file or URL of the OpenAPI document.
    public var spec: String?
    /// Seconds to fetch a spec URL.
    public var specTimeout: Double?
    /// The Conductor server URL.
    public var serverURL: String?
    /// Orkes key id.
    public var authKey: String?
    /// Orkes key secret.
    public var authSecret: String?
    /// Static headers, `Name: value`.
    public var headers: [String]?
    /// Seconds an upstream request may take.
    public var timeout: Double?
    /// Response bytes read at most.
    public var maxResponseBytes: Int?
    /// Log level name.
    public var logLevel: String?
    /// The stdio role (and every caller's when no mapping is configured).
    public var role: String?
    /// Read-only mode.
    public var readOnly: Bool?
    /// Reading POSTs allowed in read-only mode.
    public var readOnlyAllow: [PolicyRule]?
    /// Roles defined in the file, by name.
    public var roles: [String: AccessRole]?
    /// Token scope/claim → role.
    public var roleMapping: RoleMapping?
    /// Whether search marks or hides endpoints the caller may not invoke.
    public var policySearch: PolicyVisibility?
    /// Whether destructive calls need confirmation.
    public var confirmDestructive: Bool?
    /// Largest request body.
    public var maxBodyBytes: Int?
    /// Longest string.
    public var maxStringLength: Int?
    /// Longest array.
    public var maxArrayLength: Int?
    /// Read rate limit.
    public var readLimit: RateLimiter.Limit?
    /// Write rate limit.
    public var writeLimit: RateLimiter.Limit?
    /// Audit log path, or `-` for stderr.
    public var auditLog: String?
    /// Whether audit lines carry redacted bodies.
    public var auditBodies: Bool?
    /// Transport options for the HTTP mode (`type`, `host`, `port`), passed through as read.
    public var transport: JSONObject?

    /// An empty layer.
    /// Values `${NAME}` put into the file's strings; messages show them as `***`.
    public var interpolatedValues: [String] = []

    public init() {}

    /// Values shorter than this are replaced only where they stand alone (not inside a longer word): replacing a
    /// one-letter value everywhere would garble every message and, by the gaps, show the value.
    public static let shortValueLength = 4

    /// `text` with every interpolated value replaced by `***`, longest first.
    public func redacting(_ text: String) -> String {
        interpolatedValues.filter { !$0.isEmpty }.sorted { $0.count > $1.count }.reduce(text) { text, value in
            value.count >= Self.shortValueLength
                ? text.replacingOccurrences(of: value, with: "***") : Self.replacingStandalone(value, in: text)
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
                !(before?.isLetter ?? false) && !(before?.isNumber ?? false)
                && !(after?.isLetter ?? false) && !(after?.isNumber ?? false)
            result += rest[..<range.lowerBound] + (alone ? "***" : value)
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// `value` with `redacting` applied to every string and member name in it.
    public func redacting(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(redacting(text))
        case .array(let elements): return .array(elements.map(redacting))
        case .object(let object):
            return .object(JSONObject(object.map { (redacting($0.key), redacting($0.value)) }))
        default: return value
        }
    }
}

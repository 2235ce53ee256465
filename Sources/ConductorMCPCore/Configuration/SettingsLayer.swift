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

    /// `text` with every interpolated value replaced by `***`.
    public func redacting(_ text: String) -> String { SecretMask(interpolatedValues).masking(text) }

    /// `value` with every interpolated value replaced by `***` in its strings and member names.
    public func redacting(_ value: JSONValue) -> JSONValue { SecretMask(interpolatedValues).masking(value) }
}

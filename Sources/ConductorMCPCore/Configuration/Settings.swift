import Foundation

/// The effective settings: layers stacked in order, a later one winning wherever it says something, over the
/// defaults. The executable stacks file, environment, flags — so flags > environment > file > defaults.
public struct Settings: Sendable {
    /// Timeouts accepted, in seconds: finite, above zero, at most an hour (`inf` or `1e300` would overflow the
    /// conversion to a duration).
    public static let secondsRange = 0.001...3600.0
    /// Response byte caps accepted: 1 B to 256 MiB.
    public static let maxResponseBytesRange = 1...(256 << 20)

    /// The OpenAPI document; nil for the bundled one.
    public var spec: String?
    /// Seconds to fetch a spec URL.
    public var specTimeout: Double = 10
    /// The Conductor server URL; nil for the default.
    public var serverURL: String?
    /// Orkes key id.
    public var authKey: String?
    /// Orkes key secret.
    public var authSecret: String?
    /// Static headers, `Name: value`.
    public var headers: [String] = []
    /// Seconds an upstream request may take.
    public var timeout: Double = 30
    /// Response bytes read at most.
    public var maxResponseBytes: Int = 10 << 20
    /// Log level name.
    public var logLevel: String = "info"
    /// The stdio role.
    public var role: String = "admin"
    /// Read-only mode.
    public var readOnly = false
    /// Reading POSTs allowed in read-only mode.
    public var readOnlyAllow: [PolicyRule] = []
    /// Every role: built-in, then the configuration's (which may replace a built-in one).
    public var roles: [String: AccessRole] = AccessRole.builtIn
    /// Token scope/claim → role.
    public var roleMapping = RoleMapping()
    /// Search marks or hides refused endpoints.
    public var policySearch: PolicyVisibility = .mark
    /// Destructive calls need confirmation.
    public var confirmDestructive = false
    /// Input limits.
    public var limits = InputLimits()
    /// Read rate limit.
    public var readLimit: RateLimiter.Limit?
    /// Write rate limit.
    public var writeLimit: RateLimiter.Limit?
    /// Audit log path or `-`.
    public var auditLog: String?
    /// Audit lines carry redacted bodies.
    public var auditBodies = false
    /// Transport options for the HTTP mode, as read.
    public var transport: JSONObject?

    /// The defaults overlaid by `layers`, in order.
    public init(layers: [SettingsLayer] = []) {
        for layer in layers { apply(layer) }
    }

    /// Values that `${NAME}` put into the file; `problems` shows them as `***`.
    public private(set) var secrets = SettingsLayer()

    private mutating func apply(_ layer: SettingsLayer) {
        secrets.interpolatedValues += layer.interpolatedValues
        spec = layer.spec ?? spec
        specTimeout = layer.specTimeout ?? specTimeout
        serverURL = layer.serverURL ?? serverURL
        authKey = layer.authKey ?? authKey
        authSecret = layer.authSecret ?? authSecret
        headers = layer.headers ?? headers
        timeout = layer.timeout ?? timeout
        maxResponseBytes = layer.maxResponseBytes ?? maxResponseBytes
        logLevel = layer.logLevel ?? logLevel
        role = layer.role ?? role
        readOnly = layer.readOnly ?? readOnly
        readOnlyAllow = layer.readOnlyAllow ?? readOnlyAllow
        if let more = layer.roles { roles.merge(more) { $1 } }
        roleMapping = layer.roleMapping ?? roleMapping
        policySearch = layer.policySearch ?? policySearch
        confirmDestructive = layer.confirmDestructive ?? confirmDestructive
        limits.maxBodyBytes = layer.maxBodyBytes ?? limits.maxBodyBytes
        limits.maxStringLength = layer.maxStringLength ?? limits.maxStringLength
        limits.maxArrayLength = layer.maxArrayLength ?? limits.maxArrayLength
        readLimit = layer.readLimit ?? readLimit
        writeLimit = layer.writeLimit ?? writeLimit
        auditLog = layer.auditLog ?? auditLog
        auditBodies = layer.auditBodies ?? auditBodies
        transport = layer.transport ?? transport
    }

    /// The access policy these settings describe.
    public var policy: AccessPolicy {
        AccessPolicy(
            roles: roles, role: role, readOnly: readOnly, readOnlyAllow: readOnlyAllow, mapping: roleMapping,
            confirmDestructive: confirmDestructive)
    }

    /// A rate limiter, or nil when neither reads nor writes are limited.
    public func rateLimiter(now: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) -> RateLimiter? {
        guard readLimit != nil || writeLimit != nil else { return nil }
        return RateLimiter(reads: readLimit, writes: writeLimit, now: now)
    }

    /// Where and how `invoke` calls Conductor.
    public func invokeConfiguration() throws(ConfigurationError) -> InvokeConfiguration {
        var configuration = InvokeConfiguration()
        var problems: [String] = []
        do throws(InvokeError) {
            if let serverURL { configuration.serverURL = try InvokeConfiguration.parseServerURL(serverURL) }
        } catch {
            problems.append(error.detail)
        }
        configuration.authKey = authKey
        configuration.authSecret = authSecret
        for header in headers {
            do throws(InvokeError) {
                configuration.staticHeaders.append(try InvokeConfiguration.parseHeader(header))
            } catch {
                problems.append(error.detail)
            }
        }
        configuration.timeout = .milliseconds(Int(timeout * 1000))
        configuration.maxResponseBytes = maxResponseBytes
        if problems.isEmpty { problems += configuration.problems }
        if !problems.isEmpty { throw .invalid(path: "settings", problems: problems) }
        return configuration
    }

    /// Every problem that makes these settings unusable: the server, the credentials, the roles and rules.
    public var problems: [String] {
        var problems: [String] = []
        do throws(ConfigurationError) {
            _ = try invokeConfiguration()
        } catch {
            if case .invalid(_, let found) = error { problems += found }
        }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append(
                "log level \"\(logLevel)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        if !Self.secondsRange.contains(specTimeout) {
            problems.append("spec timeout must be above 0 and at most 3600 seconds, got \(specTimeout)")
        }
        if !Self.secondsRange.contains(timeout) {
            problems.append("timeout must be above 0 and at most 3600 seconds, got \(timeout)")
        }
        if !Self.maxResponseBytesRange.contains(maxResponseBytes) {
            problems.append("max response bytes must be between 1 and 268435456 (256 MiB), got \(maxResponseBytes)")
        }
        return (problems + policy.problems).map { secrets.redacting($0) }
    }

    /// The settings as JSON with secrets replaced by `***`: the key id and secret, every header value, user info
    /// in the server URL, and any value that came from `${NAME}`. What `check --config` prints.
    public var redactedJSON: JSONValue { secrets.redacting(settingsJSON) }

    private var settingsJSON: JSONValue {
        var object = JSONObject()
        object["spec"] = spec.map(JSONValue.string) ?? "(bundled Conductor OSS 3.x document)"
        object["specTimeout"] = .double(specTimeout)
        var server = JSONObject()
        server["url"] = .string(
            ServerOrigin.displayed(serverURL ?? InvokeConfiguration.defaultServerURL.absoluteString))
        server["authKey"] = authKey == nil ? .null : "***"
        server["authSecret"] = authSecret == nil ? .null : "***"
        // Every header value is masked: a configured header is a credential as often as not, whatever its name.
        server["headers"] = .object(
            JSONObject(
                headers.map { header -> (String, JSONValue) in
                    let name = header.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                    return (TextBounds.shortened(name.trimmingCharacters(in: .whitespaces), limit: 60), "***")
                }))
        server["timeout"] = .double(timeout)
        server["maxResponseBytes"] = .int(maxResponseBytes)
        object["server"] = .object(server)
        object["logLevel"] = .string(logLevel)
        object["policy"] = [
            "role": .string(role), "readOnly": .bool(readOnly), "readOnlyAllow": .int(readOnlyAllow.count),
            "search": .string(policySearch.rawValue), "confirmDestructive": .bool(confirmDestructive),
        ]
        object["roleMapping"] = [
            "scopes": .object(JSONObject(roleMapping.scopes.map { ($0.scope, JSONValue.string($0.role)) })),
            "claim": roleMapping.claim.map(JSONValue.string) ?? .null,
            "unmatched": roleMapping.unmatched.map(JSONValue.string) ?? .null,
        ]
        object["limits"] = [
            "maxBodyBytes": limits.maxBodyBytes.map(JSONValue.int) ?? .null,
            "maxStringLength": limits.maxStringLength.map(JSONValue.int) ?? .null,
            "maxArrayLength": limits.maxArrayLength.map(JSONValue.int) ?? .null,
        ]
        func limit(_ value: RateLimiter.Limit?) -> JSONValue {
            value.map { ["perMinute": .double($0.perMinute), "burst": .int($0.burst)] } ?? .null
        }
        object["rateLimits"] = ["reads": limit(readLimit), "writes": limit(writeLimit)]
        object["audit"] = ["path": auditLog.map(JSONValue.string) ?? .null, "bodies": .bool(auditBodies)]
        if let transport { object["transport"] = .object(transport) }
        return .object(object)
    }
}

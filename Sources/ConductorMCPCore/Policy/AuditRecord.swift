public import Foundation

/// One line of the audit log: who called which endpoint, what the policy decided and what came back.
///
/// Never holds a secret: no header value, no token, no key or secret; query values whose names look secret and body
/// members whose names look secret are written as `***` (the rule dry runs use for headers); bodies only on request.
public struct AuditRecord: Sendable, Hashable {
    /// When the call finished.
    public var time: Date
    /// The token subject, or `local` for the stdio user.
    public var caller: String
    /// The MCP session id in HTTP mode.
    public var session: String?
    /// The role the caller acted in.
    public var role: String
    /// The endpoint as named in the call, or its key when it resolved.
    public var endpoint: String
    /// The endpoint's operationId.
    public var operationId: String?
    /// The method sent or that would have been sent.
    public var method: String?
    /// The final URL's path and query, secret-looking query values masked.
    public var path: String?
    /// `allowed` or `refused`.
    public var decision: String
    /// The rule that decided.
    public var rule: String?
    /// True for a dry run.
    public var dryRun: Bool
    /// The upstream status.
    public var status: Int?
    /// Milliseconds the call took, in this process.
    public var durationMs: Int
    /// Bytes of the upstream response body.
    public var responseBytes: Int?
    /// The error class: a refusal kind, `invalid_arguments`, a transport failure class, or nil on success.
    public var error: String?
    /// The request body, redacted, when `--audit-bodies` is on.
    public var body: JSONValue?

    /// A record.
    public init(
        time: Date, caller: String, session: String?, role: String, endpoint: String, operationId: String?,
        method: String?, path: String?, decision: String, rule: String?, dryRun: Bool, status: Int?, durationMs: Int,
        responseBytes: Int?, error: String?, body: JSONValue? = nil
    ) {
        self.time = time
        self.caller = caller
        self.session = session
        self.role = role
        self.endpoint = endpoint
        self.operationId = operationId
        self.method = method
        self.path = path
        self.decision = decision
        self.rule = rule
        self.dryRun = dryRun
        self.status = status
        self.durationMs = durationMs
        self.responseBytes = responseBytes
        self.error = error
        self.body = body
    }

    /// The record as one line of compact JSON (no newline), members in a fixed order.
    public var jsonLine: String {
        var object = JSONObject()
        object["time"] = .string(time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        object["caller"] = .string(caller)
        object["session"] = session.map(JSONValue.string) ?? .null
        object["role"] = .string(role)
        object["endpoint"] = .string(endpoint)
        object["operationId"] = operationId.map(JSONValue.string) ?? .null
        object["method"] = method.map(JSONValue.string) ?? .null
        object["path"] = path.map(JSONValue.string) ?? .null
        object["decision"] = .string(decision)
        object["rule"] = rule.map(JSONValue.string) ?? .null
        object["dryRun"] = .bool(dryRun)
        object["status"] = status.map(JSONValue.int) ?? .null
        object["durationMs"] = .int(durationMs)
        object["responseBytes"] = responseBytes.map(JSONValue.int) ?? .null
        object["error"] = error.map(JSONValue.string) ?? .null
        if let body { object["body"] = body }
        return JSONValue.object(object).jsonText
    }

    /// `path` with the values of secret-looking query parameters replaced by `***`.
    public static func redactQuery(_ pathAndQuery: String) -> String {
        guard let mark = pathAndQuery.firstIndex(of: "?") else { return pathAndQuery }
        let query = pathAndQuery[pathAndQuery.index(after: mark)...].split(
            separator: "&", omittingEmptySubsequences: false)
        let redacted = query.map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = String(pair[..<equals]).removingPercentEncoding ?? String(pair[..<equals])
            return HeaderRules.isSecret(name) ? "\(pair[..<equals])=***" : String(pair)
        }
        return String(pathAndQuery[..<mark]) + "?" + redacted.joined(separator: "&")
    }

    /// `value` with every object member whose name looks secret replaced by `***`, at any depth.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(object.map { ($0.key, HeaderRules.isSecret($0.key) ? "***" : redact($0.value)) }))
        case .array(let elements):
            return .array(elements.map(redact))
        default:
            return value
        }
    }
}

public import Foundation

/// Everything a call passes before it is validated and sent, enforced in one place: the access policy, the input
/// limits, confirmation of destructive calls and the rate limits; and the audit line written after it.
///
/// `Invoker` calls `admit` once per call; the tool layer wraps each call in `audited`.
public final class InvokeGate: Sendable {
    /// The roles and how a caller gets one.
    public let policy: AccessPolicy
    /// Bounds on bodies, strings and arrays.
    public let limits: InputLimits
    /// Token buckets per caller; nil for no rate limit.
    public let rateLimiter: RateLimiter?
    /// Where audit lines go; nil for no audit log.
    public let auditLog: AuditLog?
    /// Whether audit lines carry the (redacted) request body and parameters.
    public let auditBodies: Bool
    private let now: @Sendable () -> Date

    /// A gate; the defaults admit every call, as before the policy existed.
    public init(
        policy: AccessPolicy = AccessPolicy(), limits: InputLimits = InputLimits(), rateLimiter: RateLimiter? = nil,
        auditLog: AuditLog? = nil, auditBodies: Bool = false, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.policy = policy
        self.limits = limits
        self.rateLimiter = rateLimiter
        self.auditLog = auditLog
        self.auditBodies = auditBodies
        self.now = now
    }

    /// nil when the call may go on to validation; else the refusal to answer with: the policy on the endpoint
    /// called, and the input limits. `Invoker` calls it first, then `clear` once the request is built.
    public func admit(_ endpoint: Endpoint, _ arguments: InvokeArguments, names: ToolNames = ToolNames())
        -> InvokeOutcome?
    {
        Self.outcome(admissionRefusal(endpoint, arguments), endpoint, names)
    }

    /// nil when the built request may be sent; else the refusal to answer with: the role's deny rules on the path
    /// the values built (`routedPath`, as the server routes it; see `RouteCheck`), confirmation, the rate limit.
    /// Dry runs are refused by the policy like real calls, but need no confirmation and take no rate-limit token.
    public func clear(
        _ endpoint: Endpoint, _ arguments: InvokeArguments, routedPath: String?, names: ToolNames = ToolNames()
    ) -> InvokeOutcome? {
        Self.outcome(sendingRefusal(endpoint, arguments, routedPath: routedPath), endpoint, names, path: routedPath)
    }

    /// The refusal as an outcome whose trace says nothing was sent, with the path the values built when known (the
    /// audit line shows it).
    private static func outcome(
        _ refusal: PolicyRefusal?, _ endpoint: Endpoint, _ names: ToolNames, path: String? = nil
    ) -> InvokeOutcome? {
        refusal.map { refusal in
            var outcome = refusal.outcome(names)
            outcome.trace = InvokeTrace(method: endpoint.method, pathAndQuery: path ?? "", sent: false)
            return outcome
        }
    }

    /// The refusal for a call of the endpoint with these arguments, before its request is built, or nil.
    public func admissionRefusal(_ endpoint: Endpoint, _ arguments: InvokeArguments) -> PolicyRefusal? {
        let decision = policy.decide(endpoint, role: policy.role(for: arguments.caller))
        guard decision.allowed else { return .notAllowed(endpoint: endpoint.key, decision: decision) }
        let problems = limits.problems(params: arguments.params, body: arguments.body)
        if !problems.isEmpty { return .inputLimits(endpoint: endpoint.key, problems: problems) }
        return nil
    }

    /// The refusal for a built request, or nil.
    public func sendingRefusal(_ endpoint: Endpoint, _ arguments: InvokeArguments, routedPath: String?)
        -> PolicyRefusal?
    {
        let role = policy.role(for: arguments.caller)
        if let routedPath, routedPath != endpoint.path,
            let decision = policy.concreteDenial(endpoint.at(path: routedPath), role: role)
        {
            return .notAllowed(endpoint: "\(endpoint.method) \(routedPath)", decision: decision)
        }
        if !arguments.dryRun, !arguments.confirmed, let reason = policy.confirmation(for: endpoint, role: role) {
            return .confirmationRequired(endpoint: endpoint.key, reason: reason)
        }
        if !arguments.dryRun, let rateLimiter {
            let kind: RateLimiter.Kind = ["GET", "HEAD", "OPTIONS"].contains(endpoint.method) ? .read : .write
            let caller = arguments.caller.label
            if let wait = rateLimiter.take(caller: caller, kind: kind) {
                return .rateLimited(kind: kind, retryAfterSeconds: wait)
            }
        }
        return nil
    }

    /// Runs `call`, reports an upstream `Retry-After` on 429 and 503 answers, and writes the audit line before
    /// returning the answer.
    public func audited(
        _ arguments: InvokeArguments, index: EndpointIndex, secrets: () async -> [String] = { [] },
        call: () async -> InvokeOutcome
    ) async -> InvokeOutcome {
        let started = ContinuousClock.now
        var outcome = await call()
        let elapsed = ContinuousClock.now - started
        if let trace = outcome.trace, let status = trace.status, status == 429 || status == 503,
            let header = trace.retryAfter, let seconds = Self.retryAfterSeconds(header, now: now())
        {
            outcome.text += "\nThe server asked to wait \(seconds) s before retrying (Retry-After: \(header))."
            if case .object(var structured) = outcome.structured {
                structured["retryAfterSeconds"] = .int(seconds)
                outcome.structured = .object(structured)
            }
        }
        if let auditLog {
            // A configured credential the caller put in a body or a path (an agent pasting a header value it saw)
            // is masked as in answers, before anything is cut.
            let configured = await secrets()
            let mask = configured.isEmpty ? nil : SecretMask(configured)
            var line = record(arguments, index: index, outcome: outcome, elapsed: elapsed, mask: mask)
            if let mask {
                line.body = line.body.map(mask.masking)
                line.endpoint = mask.masking(line.endpoint)
                line.path = line.path.map(mask.masking)
            }
            auditLog.write(line)
        }
        return outcome
    }

    /// The audit record of one finished call.
    func record(
        _ arguments: InvokeArguments, index: EndpointIndex, outcome: InvokeOutcome, elapsed: Duration,
        mask: SecretMask? = nil
    ) -> AuditRecord {
        let endpoint = index.endpoint(named: arguments.endpoint)
        let role = policy.role(for: arguments.caller)
        let decision = endpoint.map { policy.decide($0, role: role) }
        let errorKind = outcome.isError ? (outcome.structured["error"]?.stringValue ?? "http_status") : nil
        // A call the policy allows can still be refused before it is sent: the line says so, and why.
        // The policy's own refusal of the path the values built (the template was allowed) carries its rule.
        let gateRefusal: String? =
            decision?.allowed == false
            ? nil
            : errorKind == "policy_refused"
                ? outcome.structured["rule"]?.stringValue : errorKind.flatMap { Self.refusalRules[$0] }
        var body: JSONValue?
        if auditBodies {
            var object = JSONObject()
            if !arguments.params.isEmpty { object["params"] = AuditRecord.redact(.object(arguments.params)) }
            if let requestBody = arguments.body {
                // A bare string or number body has no member name to judge it by (a secret's value is one): only its
                // size is written.
                object["body"] =
                    requestBody.isContainer
                    ? AuditRecord.redact(requestBody) : .string("*** (\(requestBody.jsonText.utf8.count) bytes)")
            }
            if !object.isEmpty { body = .object(object) }
        }
        let trace = outcome.trace
        return AuditRecord(
            time: now(), caller: arguments.caller.subject ?? (arguments.caller.isRemote ? "anonymous" : "local"),
            session: arguments.caller.sessionID,
            role: role.name,
            // What the caller typed when it names no endpoint: cut, and secret-looking query values masked.
            endpoint: endpoint?.key
                ?? AuditRecord.redactQuery(
                    String((mask?.masking(arguments.endpoint) ?? arguments.endpoint).prefix(200))),
            operationId: endpoint?.operationId,
            method: trace.map(\.method).flatMap { $0.isEmpty ? nil : $0 } ?? endpoint?.method,
            path: trace.flatMap { $0.pathAndQuery.isEmpty ? nil : AuditRecord.redactQuery($0.pathAndQuery) },
            decision: gateRefusal != nil
                ? "refused"
                : decision.map { $0.allowed ? "allowed" : "refused" }
                    ?? "unknown_endpoint",
            rule: gateRefusal ?? decision?.rule, dryRun: arguments.dryRun, status: trace?.status,
            durationMs: Int((elapsed / .milliseconds(1)).rounded()), responseBytes: trace?.responseBytes,
            error: trace?.errorClass ?? errorKind, body: body)
    }

    /// The audit rule of each refusal that is not the policy's, by error kind.
    static let refusalRules: [String: String] = [
        "invalid_arguments": "the tool arguments are invalid", "input_limits": "past the input limits",
        "confirmation_required": "needs confirmation", "declined": "the user declined it",
        "rate_limited": "past the caller's rate limit",
    ]

    /// Whole seconds a `Retry-After` value asks for: delta-seconds or an HTTP date; nil when unreadable.
    static func retryAfterSeconds(_ value: String, now: Date) -> Int? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, Int(date.timeIntervalSince(now).rounded(.up)))
    }
}

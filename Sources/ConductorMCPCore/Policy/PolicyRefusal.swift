public import Foundation

/// Why the gate did not let a call through; each message says what the caller can do instead.
public enum PolicyRefusal: LocalizedError, Sendable, Equatable {
    /// The role may not invoke the endpoint.
    case notAllowed(endpoint: String, decision: PolicyDecision)
    /// The arguments break the configured input limits; nothing was sent.
    case inputLimits(endpoint: String, problems: [ValidationProblem])
    /// The call needs confirmation first.
    case confirmationRequired(endpoint: String, reason: String)
    /// The caller's bucket is empty; retry after the wait.
    case rateLimited(kind: RateLimiter.Kind, retryAfterSeconds: Double)

    /// The message for the agent, with the core's own names.
    public var message: String { message(ToolNames()) }

    /// The message for the agent, naming operations and arguments as the host does.
    public func message(_ names: ToolNames) -> String {
        switch self {
        case .notAllowed(let endpoint, let decision):
            return decision.refusal(for: endpoint)
                + ". Nothing was sent; \(names.search) marks the endpoints this role may call. Ask the operator for "
                + "another role if this call is needed."
        case .inputLimits(let endpoint, let problems):
            var lines = ["Not sent: the arguments for \(endpoint) exceed the configured input limits:"]
            lines += problems.map { "- \($0.location): \($0.message)" }
            lines.append("Send less (fewer elements, shorter strings, or several smaller calls).")
            return lines.joined(separator: "\n")
        case .confirmationRequired(let endpoint, let reason):
            return "\(endpoint) needs confirmation (\(reason)); nothing was sent. Check the exact request with "
                + "\(names.dryRun), then call \(names.invoke) again with the same arguments and \(names.confirm)."
        case .rateLimited(let kind, let seconds):
            return "Rate limit reached for \(kind == .read ? "reads" : "writes"); nothing was sent. Retry in "
                + "\(Self.seconds(seconds)) s."
        }
    }

    public var errorDescription: String? { message }

    /// A short machine-readable kind, for `structuredContent`.
    public var kind: String {
        switch self {
        case .notAllowed: return "policy_refused"
        case .inputLimits: return "input_limits"
        case .confirmationRequired: return "confirmation_required"
        case .rateLimited: return "rate_limited"
        }
    }

    /// The refusal as an `invoke` outcome, naming operations and arguments as the host does.
    public func outcome(_ names: ToolNames) -> InvokeOutcome {
        let message = message(names)
        var structured = JSONObject()
        structured["error"] = .string(kind)
        structured["message"] = .string(message)
        switch self {
        case .notAllowed(let endpoint, let decision):
            structured["endpoint"] = .string(endpoint)
            structured["role"] = .string(decision.role)
            structured["rule"] = .string(decision.rule)
        case .inputLimits(let endpoint, let problems):
            structured["endpoint"] = .string(endpoint)
            structured["problems"] = .array(
                problems.map { ["location": .string($0.location), "message": .string($0.message)] })
        case .confirmationRequired(let endpoint, let reason):
            structured["endpoint"] = .string(endpoint)
            structured["reason"] = .string(reason)
        case .rateLimited(_, let seconds):
            structured["retryAfterSeconds"] = .double((seconds * 10).rounded(.up) / 10)
        }
        return InvokeOutcome(text: message, structured: .object(structured), isError: true)
    }

    /// Seconds to one decimal, rounded up so that retrying then succeeds.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        let tenths = (value * 10).rounded(.up) / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths)
    }
}

public import ConductorMCPCore

/// Watches what sessions do, for metrics: every tool call's outcome and every protocol error.
///
/// A protocol because the Prometheus metrics implement it and tests record with a fake.
public protocol SessionObserver: Sendable {
    /// A `tools/call` finished (or was cancelled) after `elapsed`, with these arguments and (unless cancelled) this
    /// result.
    func toolCalled(
        _ tool: String, outcome: ToolCallOutcome, elapsed: Duration, arguments: JSONObject, result: ToolResult?)
    /// A message was answered with JSON-RPC error `code`.
    func protocolError(code: Int)
    /// A request was refused by authentication (401 or 403).
    func authRefused()
}

/// How a tool call ended.
public enum ToolCallOutcome: String, Sendable {
    /// A result without `isError`.
    case succeeded
    /// A result with `isError: true` (bad arguments, an upstream error).
    case failed
    /// Cancelled by the client; no result was sent.
    case cancelled
}

/// Asks the person behind the client to confirm one call, showing the exact request: through MCP elicitation when
/// the client supports it. When it cannot ask, the call needs `"confirm": true` in its arguments instead.
public struct UserConfirmation: Sendable {
    /// What the person said.
    public enum Answer: Sendable {
        /// Go ahead.
        case accepted
        /// Do not send it.
        case declined
        /// The client cannot ask (no elicitation support, or the request failed).
        case unavailable
    }

    /// Shows `message` and waits for the answer.
    public let ask: @Sendable (_ message: String) async -> Answer

    /// A confirmation that asks with `ask`.
    public init(ask: @escaping @Sendable (_ message: String) async -> Answer) { self.ask = ask }

    /// No way to ask: the stdio CLI, or a client without elicitation.
    public static let unavailable = UserConfirmation { _ in .unavailable }
}

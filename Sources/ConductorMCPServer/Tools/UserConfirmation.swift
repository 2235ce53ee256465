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
        /// Nobody answered within `UserConfirmation.timeout`.
        case timedOut
    }

    /// How long a confirmation waits for the person (2 minutes); past it the call is not sent.
    public static let timeout: Duration = .seconds(120)

    /// Shows `message` and waits for the answer.
    public let ask: @Sendable (_ message: String) async -> Answer

    /// A confirmation that asks with `ask`.
    public init(ask: @escaping @Sendable (_ message: String) async -> Answer) { self.ask = ask }

    /// No way to ask: the stdio CLI, or a client without elicitation.
    public static let unavailable = UserConfirmation { _ in .unavailable }
}

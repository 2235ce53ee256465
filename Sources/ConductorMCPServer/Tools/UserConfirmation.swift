/// Asks the person behind the client to confirm one call, showing the exact request: through MCP elicitation when
/// the client supports it. When it cannot ask, the call needs `"confirm": true` in its arguments instead.
public struct UserConfirmation: Sendable {
    /// What the person said.
    public enum Answer: Sendable {
        /// Go ahead.
        case accepted
        /// Do not send it.
        case declined
        /// The client cannot ask: it did not declare elicitation, or the transport cannot carry the request.
        case unavailable
        /// The client declared elicitation but answered with an error or without an `action`: the person was not
        /// asked, so the call is not sent (the agent's own `"confirm": true` does not stand in).
        case failed
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

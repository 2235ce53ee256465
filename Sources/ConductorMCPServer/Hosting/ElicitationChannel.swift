import MCP
import Synchronization

/// Confirmation through MCP elicitation: remembers whether the client declared the capability at `initialize` and
/// which server to send `elicitation/create` through.
final class ElicitationChannel: Sendable {
    private struct State {
        var supported = false
        weak var server: Server?
    }

    private let state = Mutex(State())

    /// Binds the channel to the server that talks to the client.
    func attach(_ server: Server) { state.withLock { $0.server = server } }

    /// Records what the client declared at `initialize`.
    func clientDeclared(_ capabilities: Client.Capabilities) {
        state.withLock { $0.supported = capabilities.elicitation != nil }
    }

    /// A confirmation that asks through elicitation, or says it cannot.
    var confirmation: UserConfirmation {
        UserConfirmation { [self] message in
            let (supported, server) = state.withLock { ($0.supported, $0.server) }
            guard supported, let server else { return .unavailable }
            // A client that never answers must not hold the call (and its request id) forever. The first of the answer
            // and the timeout wins; the request is not awaited past it (it may not heed cancellation).
            return await withCheckedContinuation { continuation in
                let pending = Mutex<CheckedContinuation<UserConfirmation.Answer, Never>?>(continuation)
                let finish: @Sendable (UserConfirmation.Answer) -> Void = { answer in
                    pending.withLock { waiting in
                        waiting?.resume(returning: answer)
                        waiting = nil
                    }
                }
                let request = Task {
                    do {
                        let result = try await server.requestElicitation(
                            message: message, requestedSchema: Elicitation.RequestSchema(title: "Confirm the request"))
                        finish(result.action == .accept ? .accepted : .declined)
                    } catch {
                        finish(.unavailable)
                    }
                }
                Task {
                    try? await Task.sleep(for: UserConfirmation.timeout)
                    finish(.timedOut)
                    request.cancel()
                }
            }
        }
    }
}

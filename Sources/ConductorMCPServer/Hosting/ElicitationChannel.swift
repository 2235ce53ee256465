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
            do {
                let result = try await server.requestElicitation(
                    message: message, requestedSchema: Elicitation.RequestSchema(title: "Confirm the request"))
                return result.action == .accept ? .accepted : .declined
            } catch {
                return .unavailable
            }
        }
    }
}

import ConductorMCPCore
import Hummingbird

/// The request context of the HTTP server: Hummingbird's core storage plus who is calling, set by authentication.
struct MCPRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The caller, `CallerIdentity()` (anonymous) until an authenticator sets it.
    var caller = CallerIdentity()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

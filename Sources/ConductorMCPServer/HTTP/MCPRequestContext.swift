import ConductorMCPCore
import Hummingbird
import NIOCore

/// The request context of the HTTP server: Hummingbird's core storage plus who is calling, set by authentication.
struct MCPRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The caller, `CallerIdentity()` (anonymous) until an authenticator sets it.
    var caller = CallerIdentity()
    /// The client's connection, watched while a request runs so that one whose client went away is cancelled
    /// (Hummingbird does not cancel a handler when its client disconnects).
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

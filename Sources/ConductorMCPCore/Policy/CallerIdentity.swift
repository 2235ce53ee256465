/// Who is calling a tool: the stdio user, or an HTTP client identified by its bearer token.
/// The access policy picks a role from it; the audit log and rate limiter key on it.
public struct CallerIdentity: Sendable, Hashable {
    /// Token subject (`sub`), or nil for the local stdio user.
    public var subject: String?
    /// Scopes granted by the token (`scope` / `scp` claims), empty for stdio.
    public var scopes: Set<String>
    /// String-valued claims the role mapping may read (e.g. `role`, `groups` joined by spaces).
    public var claims: [String: String]
    /// MCP session id in HTTP mode, nil in stdio mode.
    public var sessionID: String?

    public init(subject: String? = nil, scopes: Set<String> = [], claims: [String: String] = [:], sessionID: String? = nil) {
        self.subject = subject
        self.scopes = scopes
        self.claims = claims
        self.sessionID = sessionID
    }

    /// The local stdio user.
    public static let local = CallerIdentity()
}

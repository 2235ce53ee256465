/// Who is calling: the local stdio user, or an HTTP caller with what its bearer token says (nothing when the server
/// does not authenticate).
public struct CallerIdentity: Sendable, Hashable {
    /// Token subject (`sub`), or nil for the local stdio user and unauthenticated HTTP callers.
    public var subject: String?
    /// Scopes granted by the token (`scope` / `scp` claims), empty for stdio.
    public var scopes: Set<String>
    /// Claims the role mapping may read, each as its values: a string claim is one value, an array of strings its
    /// elements (`groups`), never joined into one text (a group called "readers of the admin guide" is no admin).
    public var claims: [String: [String]]
    /// MCP session id in HTTP mode, nil in stdio mode and for stateless HTTP requests.
    public var sessionID: String?
    /// True for a caller over the network, authenticated or not: it always goes through the role mapping. Only
    /// `local` (the stdio user) is not remote, so an anonymous stateless HTTP caller, which carries neither a
    /// subject nor a session, can never pass for the stdio user.
    public var isRemote: Bool

    /// A remote caller; `local` is the stdio user.
    public init(
        subject: String? = nil, scopes: Set<String> = [], claims: [String: [String]] = [:], sessionID: String? = nil
    ) {
        self.subject = subject
        self.scopes = scopes
        self.claims = claims
        self.sessionID = sessionID
        isRemote = true
    }

    /// The local stdio user.
    public static let local: CallerIdentity = {
        var identity = CallerIdentity()
        identity.isRemote = false
        return identity
    }()

    /// `text` as an identity compares it: ASCII as it is, every other scalar written `\u{XXXX}`. Swift compares
    /// strings by canonical equivalence, so "\u{212A}ate" (KELVIN SIGN) would equal "Kate" and "\u{212A}ops" a role
    /// named "Kops"; an identity provider tells them apart, and so must the sessions, rate limits, roles and the
    /// audit log. Printable too: a control character is escaped the same way.
    public static func exact(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value), scalar != "\\" {
                escaped.unicodeScalars.append(scalar)
            } else {
                escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return escaped
    }

    /// How the audit log and logs name the caller: its subject, else its session, else "anonymous" over HTTP and
    /// "local" for the stdio user.
    public var label: String { subject ?? sessionID ?? (isRemote ? "anonymous" : "local") }
}

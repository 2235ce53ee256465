/// How the person running the server names each setting that advice in an answer may point at.
///
/// The core words its advice with these names and never spells a flag or an environment variable: the command line
/// sets them to its flags (`--server (CONDUCTOR_SERVER_URL)`), another host to its own keys. The defaults are plain
/// words, for a host that has not named its settings.
public struct SettingNames: Sendable, Equatable {
    /// The Conductor server's base URL.
    public var serverURL: String
    /// The Orkes key id and secret.
    public var credentials: String
    /// A static header sent with every request.
    public var header: String
    /// The time one request may take.
    public var timeout: String
    /// The largest response body read.
    public var maxResponseBytes: String

    /// Names; every one has a plain default.
    public init(
        serverURL: String = "the server URL setting", credentials: String = "the key id and secret settings",
        header: String = "a static header setting", timeout: String = "the request timeout setting",
        maxResponseBytes: String = "the response size setting"
    ) {
        self.serverURL = serverURL
        self.credentials = credentials
        self.header = header
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// How an emulator instance is set up: where it listens, auth mode and faults.
public struct EmulatorConfiguration: Sendable {
    /// Interface to bind; loopback unless told otherwise.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// With credentials, Orkes-style token auth is required on every API call.
    public var credentials: APICredentials?
    /// Lifetime of issued tokens, in seconds.
    public var tokenTTLSeconds: Int
    /// Faults in force from the start.
    public var faults: [FaultRule]
    /// Time source for timestamps, token expiry and delayed retries.
    public var clock: EmulatorClock
    /// Runs HTTP and JSON_JQ_TRANSFORM tasks: the HTTP client and the hosts HTTP tasks may call.
    public var taskRunner: AsyncTaskRunner

    /// Creates a configuration; the defaults match `conductor-emulator` without flags.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, credentials: APICredentials? = nil,
        tokenTTLSeconds: Int = 3600, faults: [FaultRule] = [], clock: EmulatorClock = .system,
        taskRunner: AsyncTaskRunner = AsyncTaskRunner()
    ) {
        self.taskRunner = taskRunner
        self.host = host
        self.port = port
        self.credentials = credentials
        self.tokenTTLSeconds = tokenTTLSeconds
        self.faults = faults
        self.clock = clock
    }
}

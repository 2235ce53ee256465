import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// Assembles the emulator: engine, router with middleware, and the Hummingbird application.
public struct EmulatorServer: Sendable {
    /// The configuration the server was built with.
    public let configuration: EmulatorConfiguration
    /// The in-memory Conductor behind the routes.
    public let engine: ConductorEngine
    /// Faults in force, switchable at run time.
    public let faults: FaultPlan
    /// Token issuer in auth mode.
    public let issuer: TokenIssuer?
    /// Time added to the configured clock by `POST /emulator/clock/advance`.
    public let clockOffset: ClockOffset

    /// Creates a server with a fresh, empty engine.
    public init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        let offset = ClockOffset()
        let base = configuration.clock
        let clock = EmulatorClock { base.nowMillis() + offset.millis }
        self.clockOffset = offset
        self.engine = ConductorEngine(clock: clock, runner: configuration.taskRunner)
        self.faults = FaultPlan(rules: configuration.faults)
        self.issuer = configuration.credentials.map {
            TokenIssuer(credentials: $0, ttlSeconds: configuration.tokenTTLSeconds, clock: clock)
        }
    }

    /// The router with every route; middleware order is request log (debug), faults, error mapping, auth.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: FaultMiddleware(plan: faults))
        router.add(middleware: ErrorMiddleware(instance: Self.instanceName))
        router.add(middleware: SettleMiddleware(engine: engine))
        if let issuer {
            router.add(middleware: AuthMiddleware(issuer: issuer))
        }
        EmulatorRoutes(engine: engine, issuer: issuer, faults: faults, clockOffset: clockOffset).register(on: router)
        return router
    }

    /// The application; `onListening` receives the bound address once the socket is open.
    public func makeApplication(
        logger: Logger, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        let host = configuration.host
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "conductor-emulator"),
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? 0)
            },
            logger: logger)
    }

    /// The `instance` reported in error bodies: the host name, as Conductor reports its server id.
    static let instanceName: String = ProcessInfo.processInfo.hostName
}

import ArgumentParser
import CommandLineSupport
import ConductorEmulator
import Foundation
import Hummingbird
import Logging

/// `conductor-emulator`: an in-memory Conductor OSS server for tests and demos.
@main
struct ConductorEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conductor-emulator",
        abstract: "An in-memory Conductor OSS 3.x server for tests and for trying conductor-mcp-dynamic.",
        discussion: """
            Serves Conductor's REST API (/api/metadata, /api/workflow, /api/tasks, ...), GET /health and \
            GET /api-docs (the bundled OSS OpenAPI document). State lives in memory and is lost on exit.

            Once listening it prints one line on stdout, `listening on HOST:PORT`; logs go to stderr. \
            SIGINT or SIGTERM stop it cleanly.

            FAULTS (off by default), syntax MODE[=VALUE][@PATH_PREFIX]:
              latency=MS      delay answers by MS milliseconds
              html500         answer 500 with an HTML page
              invalid-json    answer 200 application/json with a truncated document
              large-body=MB   answer 200 with MB megabytes of valid JSON (default 20)
              drop            close the connection after the response head
            e.g. --fault latency=300 --fault html500@/api/workflow
            Per request: header `X-Emulator-Fault: html500` (comma-separated list).
            At run time: PUT /emulator/faults with a JSON list such as ["drop@/api/tasks"], \
            GET /emulator/faults to read, DELETE /emulator/faults to clear. /emulator/ is never faulted.

            HTTP TASKS call only loopback hosts (127.0.0.1, localhost, ::1) unless --http-task-host HOST adds one \
            (repeatable) or --http-task-any-host lifts the restriction. POST /emulator/clock/advance?seconds=N \
            moves the emulator's clock forward (retry delays, timeouts); running executions are swept every second.

            AUTH: with --auth KEY_ID:SECRET, POST /api/token {"keyId","keySecret"} answers {"token"}; every \
            other /api call then needs `X-Authorization: <token>` or gets 401 with error INVALID_TOKEN or \
            EXPIRED_TOKEN. /health, /api-docs and /emulator/ stay open.
            """)

    @Option(help: "Interface to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free port.")
    var port = 8080

    @Option(help: "Require Orkes-style token auth with this key pair (KEY_ID:SECRET).")
    var auth: String?

    @Option(name: .customLong("token-ttl"), help: "Lifetime of issued tokens, in seconds.")
    var tokenTTL: Int = 3600

    @Option(name: .customLong("fault"), help: "Fault rule in force from the start (repeatable); see FAULTS.")
    var faults: [String] = []

    @Option(name: .customLong("http-task-host"), help: "A host HTTP tasks may call besides loopback (repeatable).")
    var httpTaskHosts: [String] = []

    @Flag(name: .customLong("http-task-any-host"), help: "Let HTTP tasks call any host.")
    var httpTaskAnyHost = false

    @Option(help: "Log level on stderr.")
    var logLevel = LogLevelOption(.info)

    mutating func validate() throws {
        if let auth, APICredentials(parsing: auth) == nil {
            throw ValidationError("--auth expects KEY_ID:SECRET, got \(auth)")
        }
        for fault in faults where FaultRule(parsing: fault) == nil {
            throw ValidationError(
                "Unknown --fault \(fault); use latency=MS, html500, invalid-json, large-body=MB or drop, optionally @/path"
            )
        }
        for host in httpTaskHosts where host.isEmpty || host.contains("/") {
            throw ValidationError(
                "--http-task-host expects a host name or address such as api.example.com, got '\(host)'")
        }
        guard tokenTTL > 0 else { throw ValidationError("--token-ttl must be a positive number of seconds") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let logger = StandardErrorLogging.start(level: logLevel.level, label: "conductor-emulator")
        let server = EmulatorServer(
            configuration: EmulatorConfiguration(
                host: host, port: port, credentials: auth.flatMap(APICredentials.init(parsing:)),
                tokenTTLSeconds: tokenTTL, faults: faults.compactMap(FaultRule.init(parsing:)),
                taskRunner: AsyncTaskRunner(
                    allowedHosts: httpTaskAnyHost ? nil : AsyncTaskRunner.loopbackHosts.union(httpTaskHosts))))
        let app = server.makeApplication(logger: logger) { host, port in
            // The only stdout line: scripts and tests read the port from it.
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
        // Conductor's sweeper re-decides running executions in the background; once a second is enough here.
        let engine = server.engine
        let sweeper = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                await engine.sweep()
            }
        }
        defer { sweeper.cancel() }
        try await app.runService()
    }
}

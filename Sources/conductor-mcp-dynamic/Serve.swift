import ArgumentParser
import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging

/// Serve the MCP tools over stdio (the default) or Streamable HTTP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the search, inspect and invoke tools over MCP stdio (the default) or Streamable HTTP.")

    @OptionGroup var common: CommonOptions

    @Option(help: "stdio (the default) or http (Streamable HTTP, see the remote mode options).")
    var transport: TransportKind = .stdio

    @OptionGroup(title: "Remote mode (--transport http)") var remote: RemoteOptions

    /// How the server is reached.
    enum TransportKind: String, ExpressibleByArgument, CaseIterable {
        case stdio, http
    }

    @Option(
        name: .customLong("spec-refresh"),
        help: ArgumentHelp(
            "Read a URL --spec again this often (30s, 5m, 1h; 1s to 24h) and swap in the new endpoints when it changed. SIGHUP reloads a file or URL at any time.",
            valueName: "duration"))
    var specRefresh: RefreshInterval?

    /// A `--spec-refresh` value: a number of seconds, or with an `s`, `m` or `h` unit.
    struct RefreshInterval: ExpressibleByArgument {
        let duration: Duration

        init?(argument: String) {
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
            var text = Substring(argument.trimmingCharacters(in: .whitespaces))
            var unit = 1
            if let last = text.last, let factor = units[last] {
                unit = factor
                text = text.dropLast()
            }
            guard let value = Int(text), value > 0, value * unit <= 86_400 else { return nil }
            duration = .seconds(value * unit)
        }
    }

    func validate() throws {
        if transport == .http { try remote.validate() }
    }

    func run() async throws {
        let runtime = try Runtime(common)
        // Checked before the upstream client exists: it must be shut down on every way out.
        if specRefresh != nil {
            guard case .url = SpecSource(argument: runtime.settings.spec) else {
                throw ValidationError("--spec-refresh needs a URL --spec (a file is reloaded on SIGHUP)")
            }
        }
        let (document, validators) = try await SpecOptions.loadForServing(runtime.settings)
        let upstream = AsyncHTTPTransport(maxResponseBytes: runtime.settings.maxResponseBytes)
        let accessPolicy = runtime.settings.policy
        let logger = runtime.logger
        // The upstream client must be shut down on every way out, errors included (it traps if it is not).
        do {
            try await serve(runtime, document, validators, upstream, accessPolicy, logger)
        } catch {
            try? await upstream.shutdown()
            throw error
        }
        try? await upstream.shutdown()
    }

    private func serve(
        _ runtime: Runtime, _ document: SpecDocument, _ validators: SpecLoader.Validators,
        _ upstream: AsyncHTTPTransport, _ accessPolicy: AccessPolicy, _ logger: Logger
    ) async throws {
        switch transport {
        case .stdio:
            // Index and search tables are built beside the MCP handshake; tool calls wait for them.
            let toolbox = Task { runtime.toolbox(document, upstream) }
            let host = MCPHost(building: toolbox, logger: logger, policy: accessPolicy)
            let refresher = SpecRefresher(
                runtime: runtime, upstream: upstream, source: host.source, validators: validators, logger: logger)
            let refreshing = await refresher.start(every: specRefresh?.duration)
            defer { refreshing.cancel() }
            try await host.runStdio()
        case .http:
            var serverOptions = remote.serverOptions
            serverOptions.auth = try remote.authPolicy(transport: upstream)
            if !remote.host.isLoopback, serverOptions.auth == nil {
                logger.warning(
                    "serving on \(remote.host), not loopback, WITHOUT authentication (--allow-unauthenticated): anyone who can reach this port can call the API with this server's credentials"
                )
            }
            let toolbox = runtime.toolbox(document, upstream)
            let checksUpstream = remote.readyChecksUpstream
            let configuration = runtime.configuration
            let ready: @Sendable () async -> String? = {
                checksUpstream ? await upstreamAnswers(configuration, upstream) : nil
            }
            let host = MCPHost(toolbox: toolbox, logger: logger, policy: accessPolicy)
            let refresher = SpecRefresher(
                runtime: runtime, upstream: upstream, source: host.source, validators: validators, logger: logger)
            let refreshing = await refresher.start(every: specRefresh?.duration)
            defer { refreshing.cancel() }
            let server = MCPHTTPServer(
                host: host, options: serverOptions, logger: logger, metrics: ServerMetrics(index: toolbox.index),
                ready: ready)
            try await server.run()
        }
    }
}

/// Nil when `GET /health` on the upstream server gets any HTTP answer within 2 s, else why not (for `/ready`).
func upstreamAnswers(_ configuration: InvokeConfiguration, _ transport: AsyncHTTPTransport) async -> String? {
    var base = configuration.serverURL.absoluteString
    while base.hasSuffix("/") { base.removeLast() }
    if base.hasSuffix("/api") { base.removeLast(4) }
    do {
        _ = try await transport.send(
            UpstreamRequest(method: "GET", url: base + "/health"), timeout: .seconds(2), maxResponseBytes: 4096)
        return nil
    } catch {
        return "upstream \(base) did not answer: \(error.kind.rawValue)"
    }
}

import ArgumentParser
import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging

/// The command line: serve over stdio by default, or run one tool for a human.
@main
struct ConductorMCPDynamic: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conductor-mcp-dynamic",
        abstract: "An MCP server that reaches every endpoint of a Conductor server through three tools.",
        discussion: """
            Loads Conductor's OpenAPI document (the bundled OSS 3.x one by default, a file, or a live server's \
            /api-docs) and serves three MCP tools over stdio: search (find endpoints by intent), inspect (how to \
            call one) and invoke (call it). With no subcommand it serves, so an MCP client config needs only \
            `conductor-mcp-dynamic --spec URL-or-file`. The subcommands run the same tools once, for people.

            Environment: CONDUCTOR_MCP_SPEC (default for --spec), CONDUCTOR_SERVER_URL, CONDUCTOR_AUTH_KEY, \
            CONDUCTOR_AUTH_SECRET, CONDUCTOR_MCP_LOG_LEVEL, CONDUCTOR_MCP_ROLE, CONDUCTOR_MCP_READ_ONLY, \
            CONDUCTOR_MCP_AUDIT_LOG, CONDUCTOR_MCP_CONFIG. Precedence: flags > environment > config file > defaults. \
            Logs go to stderr; stdout is the MCP channel.
            """,
        version: MCPHost.serverVersion,
        subcommands: [Serve.self, Search.self, Inspect.self, Invoke.self, Check.self, Diff.self],
        defaultSubcommand: Serve.self)
}

/// Options every subcommand shares: where the spec is and how loud the logs are.
struct SpecOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "OpenAPI document: a JSON or YAML file, or a server's /api-docs URL. Default: the bundled Conductor OSS 3.x document.",
            valueName: "path-or-url"))
    var spec: String?

    @Option(
        name: .long, help: "Seconds a --spec URL may take, whole download included (0 < S <= 3600; default 10).")
    var specTimeout: Double?

    func validate() throws {
        if let specTimeout { try checkSeconds(specTimeout, flag: "--spec-timeout") }
    }

    @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    /// Sets up stderr logging at the settings' level and returns the logger.
    static func makeLogger(_ settings: Settings) throws -> Logger {
        let text = settings.logLevel
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError(
                "--log-level must be one of trace, debug, info, notice, warning, error, critical; got \(text)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "conductor-mcp-dynamic")
    }

    /// Loads and indexes the document, logging a summary and each diagnostic at debug level.
    static func loadIndex(_ settings: Settings, logger: Logger) async throws -> EndpointIndex {
        let document = try await loadDocument(settings)
        return Self.index(document, logger: logger)
    }

    /// Reads and parses the document: every fatal problem (unreadable, not OpenAPI) surfaces here.
    static func loadDocument(_ settings: Settings) async throws -> SpecDocument {
        try await loadForServing(settings).document
    }

    /// Reads and parses the document, with a URL's `ETag`/`Last-Modified` for later conditional reloads.
    static func loadForServing(_ settings: Settings) async throws -> (
        document: SpecDocument, validators: SpecLoader.Validators
    ) {
        let loader = SpecLoader(timeout: .milliseconds(Int(settings.specTimeout * 1000)))
        return try await loader.loadWithValidators(SpecSource(argument: settings.spec))
    }

    /// Indexes a parsed document, logging a summary and each diagnostic at debug level.
    static func index(_ document: SpecDocument, logger: Logger) -> EndpointIndex {
        let start = ContinuousClock.now
        let index = EndpointIndex(document: document)
        for diagnostic in index.diagnostics {
            logger.debug("\(diagnostic)")
        }
        let errors = index.diagnostics.filter { $0.severity == .error }.count
        let warnings = index.diagnostics.filter { $0.severity == .warning }.count
        let notes = index.diagnostics.count - warnings - errors
        let hint = warnings + errors > 0 ? " (run `conductor-mcp-dynamic check` to list them)" : ""
        let summary =
            "loaded \(document.source): \(index.title) \(index.version), \(index.endpoints.count) endpoints, "
            + "\(errors) errors, \(warnings) warnings, \(notes) notes, indexed in \(ContinuousClock.now - start)\(hint)"
        if errors > 0 { logger.warning("\(summary)") } else { logger.info("\(summary)") }
        return index
    }
}

/// Where `invoke` sends requests and how it authenticates.
struct ServerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Conductor server base URL, with or without a trailing /api. Default: $CONDUCTOR_SERVER_URL, else http://localhost:8080.",
            valueName: "url"))
    var server: String?

    @Option(
        name: .long,
        help:
            "Orkes application key id (default $CONDUCTOR_AUTH_KEY); with --auth-secret, tokens come from POST /api/token."
    )
    var authKey: String?

    @Option(name: .long, help: "Orkes application key secret (default $CONDUCTOR_AUTH_SECRET).")
    var authSecret: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A static header for every request, such as 'Authorization: Bearer …' (repeatable).",
            valueName: "Name: value"))
    var header: [String] = []

    @Option(name: .long, help: "Seconds an upstream request may take, body included (0 < S <= 3600; default 30).")
    var timeout: Double?

    @Option(
        name: .long,
        help: "Response bytes read at most (1 to 268435456; default 10 MiB); the rest is cut, and the answer says so.")
    var maxResponseBytes: Int?

    func validate() throws {
        if let timeout { try checkSeconds(timeout, flag: "--timeout") }
        if let maxResponseBytes, !Settings.maxResponseBytesRange.contains(maxResponseBytes) {
            throw ValidationError(
                "--max-response-bytes must be between 1 and 268435456 (256 MiB), got \(maxResponseBytes)")
        }
    }
}

/// Refuses a number of seconds that is not finite, not positive, or over an hour: `inf` or `1e300` would overflow
/// the conversion to a duration.
func checkSeconds(_ seconds: Double, flag: String) throws {
    guard Settings.secondsRange.contains(seconds) else {
        throw ValidationError("\(flag) must be a number of seconds above 0 and at most 3600, got \(seconds)")
    }
}

/// Serve the MCP tools over stdio (the default) or Streamable HTTP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the search, inspect and invoke tools over MCP stdio (the default) or Streamable HTTP.")

    @OptionGroup var options: SpecOptions
    @OptionGroup(title: "Upstream server") var server: ServerOptions
    @OptionGroup(title: "Access policy and audit") var policy: PolicyOptions

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
        let runtime = try Runtime(options, server, policy)
        let (document, validators) = try await SpecOptions.loadForServing(runtime.settings)
        let upstream = AsyncHTTPTransport()
        let accessPolicy = runtime.settings.policy
        let logger = runtime.logger
        if specRefresh != nil {
            guard case .url = SpecSource(argument: runtime.settings.spec) else {
                throw ValidationError("--spec-refresh needs a URL --spec (a file is reloaded on SIGHUP)")
            }
        }
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

/// Runs one tool as the server would, then prints its answer (see `emit`).
func runTool(
    _ name: String, _ arguments: JSONObject, options: SpecOptions, server: ServerOptions, policy: PolicyOptions,
    json: Bool
) async throws {
    let runtime = try Runtime(options, server, policy, forPeople: true)
    let transport = AsyncHTTPTransport()
    let toolbox = runtime.toolbox(try await SpecOptions.loadDocument(runtime.settings), transport)
    let result = await toolbox.call(name, arguments: arguments)
    try? await transport.shutdown()
    try emit(result, json: json)
}

/// Prints a tool's text: to stdout when it succeeds, to stderr with exit code 1 when it fails.
func emit(_ result: ToolResult, json: Bool) throws {
    let text = json ? (result.structured ?? .string(result.text)).prettyJSONText : result.text
    if result.isError {
        FileHandle.standardError.write(Data((text + "\n").utf8))
        throw ExitCode(1)
    }
    print(text)
}

/// `search`, for people.
struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find endpoints by what you want to do, as the search tool does.",
        discussion: "Example: conductor-mcp-dynamic search \"pause workflow\"")

    @OptionGroup var options: SpecOptions
    @OptionGroup(title: "Upstream server") var server: ServerOptions
    @OptionGroup(title: "Access policy and audit") var policy: PolicyOptions
    @Argument(help: "What you want to do. Empty: an overview of every tag.") var query: String = ""
    @Option(help: "Only endpoints with this tag.") var tag: String?
    @Option(help: "Only endpoints with this HTTP method.") var method: String?
    @Option(help: "How many results (1-50).") var limit: Int = 8
    @Flag(help: "Print the structured result as JSON.") var json = false

    func run() async throws {
        var arguments: JSONObject = JSONObject([("query", .string(query)), ("limit", .int(limit))])
        if let tag { arguments["tag"] = .string(tag) }
        if let method { arguments["method"] = .string(method) }
        try await runTool("search", arguments, options: options, server: server, policy: policy, json: json)
    }
}

/// `inspect`, for people.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how to call one endpoint, as the inspect tool does.",
        discussion: "Example: conductor-mcp-dynamic inspect \"PUT /api/workflow/{workflowId}/pause\"")

    @OptionGroup var options: SpecOptions
    @OptionGroup(title: "Upstream server") var server: ServerOptions
    @OptionGroup(title: "Access policy and audit") var policy: PolicyOptions
    @Argument(help: "\"METHOD /path\" or an operationId.") var endpoint: String
    @Option(help: "A type name to print in full (repeatable).") var expand: [String] = []
    @Flag(help: "Print the structured result as JSON.") var json = false

    func run() async throws {
        var arguments = JSONObject([("endpoint", .string(endpoint))])
        if !expand.isEmpty { arguments["expand"] = .array(expand.map(JSONValue.string)) }
        try await runTool("inspect", arguments, options: options, server: server, policy: policy, json: json)
    }
}

/// `invoke`, for people.
struct Invoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call one endpoint, as the invoke tool does, and print its answer.",
        discussion: """
            Example: conductor-mcp-dynamic invoke "GET /api/workflow/{workflowId}" --params '{"workflowId":"…"}'
            """)

    @OptionGroup var options: SpecOptions
    @OptionGroup(title: "Upstream server") var server: ServerOptions
    @OptionGroup(title: "Access policy and audit") var policy: PolicyOptions
    @Argument(help: "\"METHOD /path\" or an operationId.") var endpoint: String
    @Option(help: "Parameters as one JSON object.") var params: String?
    @Option(help: "The request body as JSON (a JSON string for text bodies).") var body: String?
    @Flag(name: .customLong("dry-run"), help: "Show the exact request without sending it.") var dryRun = false
    @Option(help: "A field path to keep, such as tasks[].status (repeatable).") var fields: [String] = []
    @Option(name: .customLong("max-chars"), help: "Answer budget in characters.") var maxChars: Int?
    @Flag(help: "Print the structured result as JSON.") var json = false

    func run() async throws {
        var arguments = JSONObject([("endpoint", .string(endpoint))])
        if let params { arguments["params"] = try parseJSON(params, flag: "--params") }
        if let body { arguments["body"] = try parseJSON(body, flag: "--body") }
        if dryRun { arguments["dry_run"] = true }
        if !fields.isEmpty { arguments["fields"] = .array(fields.map(JSONValue.string)) }
        if let maxChars { arguments["max_chars"] = .int(maxChars) }
        try await runTool("invoke", arguments, options: options, server: server, policy: policy, json: json)
    }

    private func parseJSON(_ text: String, flag: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw ValidationError("\(flag) is not valid JSON at column \(error.column): \(error.message)")
        }
    }
}

/// `check`: what the loader made of a document, and with `--config` the whole configuration.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a document and print its title, counts by method and tag, and every diagnostic.",
        discussion: """
            With --config FILE (or CONDUCTOR_MCP_CONFIG) it also validates the whole configuration and prints the \
            effective settings (secrets as ***), the role table, and per role how many endpoints of the document \
            it may invoke, by tag. Exit code 0 when everything is usable (warnings and notes included); 1 on any \
            problem, including error diagnostics (operations left out for safety, such as a path that does not \
            start with /).
            """)

    @OptionGroup var options: SpecOptions
    @OptionGroup(title: "Upstream server") var server: ServerOptions
    @OptionGroup(title: "Access policy and audit") var policy: PolicyOptions

    func run() async throws {
        let settings: Settings
        do {
            settings = try resolveSettings(options, server, policy, forPeople: true)
        } catch {
            FileHandle.standardError.write(Data(((error.errorDescription ?? "\(error)") + "\n").utf8))
            throw ExitCode(1)
        }
        let logger = try SpecOptions.makeLogger(settings)
        let index = try await SpecOptions.loadIndex(settings, logger: logger)
        let report = SpecReport(index: index)
        print(report.text)
        let configured = policy.config != nil || ProcessInfo.processInfo.environment["CONDUCTOR_MCP_CONFIG"] != nil
        guard configured || !settings.problems.isEmpty else {
            if report.hasErrors { throw ExitCode(1) }
            return
        }
        print("")
        print("Effective configuration (flags > environment > file > defaults; secrets as ***):")
        print(settings.redactedJSON.prettyJSONText)
        print("")
        print(PolicyReport(policy: settings.policy, index: index).text)
        var problems = settings.problems
        if let path = settings.auditLog, path != "-" {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.isWritableFile(atPath: directory) {
                problems.append(
                    settings.secrets.redacting(
                        "audit.path \(path): the directory \(directory) does not exist or is not writable"))
            }
        }
        if report.hasErrors { problems.append("the document has error diagnostics (listed above)") }
        if !problems.isEmpty {
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            let text = (["The configuration has \(count):"] + problems.map { "- \($0)" }).joined(separator: "\n")
            FileHandle.standardError.write(Data((text + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

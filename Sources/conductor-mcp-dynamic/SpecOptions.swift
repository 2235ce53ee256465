import ArgumentParser
import CommandLineSupport
import ConductorMCPCore
import Foundation
import Logging

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

    @Option(
        name: .long,
        help: "Log level on stderr (default info; warning for the search, inspect, invoke and check subcommands).")
    var logLevel: LogLevelOption?

    /// The flags of this group that were given, for a subcommand they do not apply to. `--spec-timeout` is left out:
    /// `diff` declares it too, so it is given to both.
    var givenFlags: [String] {
        (spec == nil ? [] : ["--spec"]) + (logLevel == nil ? [] : ["--log-level"])
    }

    /// Sets up stderr logging at the settings' level and returns the logger. The flag is checked when it is parsed;
    /// a level from the environment or the config file is checked here.
    static func makeLogger(_ settings: Settings) throws -> Logger {
        guard let level = LogLevelOption(argument: settings.logLevel)?.level else {
            throw ValidationError(
                "log level \"\(settings.logLevel)\" (CONDUCTOR_MCP_LOG_LEVEL or the config file's logLevel) is not one of "
                    + LogLevelOption.allValueStrings.joined(separator: ", "))
        }
        return StandardErrorLogging.start(level: level, label: "conductor-mcp-dynamic")
    }

    /// Loads and indexes the document, logging a summary and each diagnostic at debug level.
    static func loadIndex(_ settings: Settings, logger: Logger) async throws -> EndpointIndex {
        let document = try await loadDocument(settings)
        return Self.index(document, logger: logger, secrets: settings.secrets)
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
        do {
            return try await loader.loadWithValidators(try SpecSource(validating: settings.spec))
        } catch {
            // The document's name may hold a `${NAME}` value from the config file: redacted like every message.
            var message = error.errorDescription ?? "\(error)"
            if case .unreadableFile = error {
                message +=
                    " It came from --spec, CONDUCTOR_MCP_SPEC or the config file's spec; leave them all out to "
                    + "use the bundled Conductor OSS document."
            }
            throw CommandFailure(settings.secrets.redacting(message))
        }
    }

    /// Indexes a parsed document, logging a summary and each diagnostic at debug level.
    static func index(_ document: SpecDocument, logger: Logger, secrets: SettingsLayer) -> EndpointIndex {
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
        let line = secrets.redacting(summary)
        if errors > 0 { logger.warning("\(line)") } else { logger.info("\(line)") }
        return index
    }
}

/// A failure the command line words itself: ArgumentParser prints the message, without usage, and exits 1.
struct CommandFailure: LocalizedError {
    /// What went wrong and what to do.
    let message: String

    init(_ message: String) { self.message = message }

    var errorDescription: String? { message }
}

import ArgumentParser
import ConductorMCPCore
import ConductorMCPServer
import Logging

/// Everything a run needs from the settings: the logger, the upstream configuration and the gate, checked first.
struct Runtime {
    /// The effective settings: file, then environment, then flags.
    let settings: Settings
    /// The stderr logger at the settings' level.
    let logger: Logger
    /// Where and how `invoke` calls Conductor.
    let configuration: InvokeConfiguration
    /// The policy, limits, rate limits and audit log every call passes.
    let gate: InvokeGate

    /// Resolves the settings (file, environment, flags) and refuses to start on any problem.
    init(_ common: CommonOptions, forPeople: Bool = false) throws {
        do {
            settings = try common.resolveSettings(forPeople: forPeople)
        } catch {
            throw ValidationError(error.commandLineMessage)
        }
        // Problems first: they are redacted (no value from `${NAME}` is repeated) and say everything at once.
        let problems = settings.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        do {
            var configuration = try settings.invokeConfiguration()
            configuration.names = .commandLine
            configuration.tools = forPeople ? .commandLine : .mcp
            self.configuration = configuration
        } catch {
            throw ValidationError(settings.secrets.redacting(error.errorDescription ?? "\(error)"))
        }
        logger = try SpecOptions.makeLogger(settings)
        var auditLog: AuditLog?
        if let path = settings.auditLog {
            do throws(AuditLogError) {
                auditLog = try AuditLog(
                    path == "-" ? .standardError : .file(path), logger: Logger(label: "conductor-mcp-dynamic.audit"))
            } catch {
                throw ValidationError(
                    settings.secrets.redacting(error.errorDescription ?? "\(error)")
                        + " With --audit-log - it goes to stderr.")
            }
        }
        gate = InvokeGate(
            policy: settings.policy, limits: settings.limits, rateLimiter: settings.rateLimiter(), auditLog: auditLog,
            auditBodies: settings.auditBodies)
    }

    /// Indexes `document` and builds the three tools over it, calling the API through `transport`.
    func toolbox(_ document: SpecDocument, _ transport: AsyncHTTPTransport) -> Toolbox {
        let index = SpecOptions.index(document, logger: logger, secrets: settings.secrets)
        let invoker = Invoker(index: index, configuration: configuration, transport: transport, gate: gate)
        return Toolbox(
            index: index, invoker: invoker, visibility: settings.policySearch, names: configuration.tools)
    }
}

extension SettingNames {
    /// The command line's names: each flag with the environment variable behind it.
    static let commandLine = SettingNames(
        serverURL: "--server (CONDUCTOR_SERVER_URL)",
        credentials: "--auth-key/--auth-secret (CONDUCTOR_AUTH_KEY/CONDUCTOR_AUTH_SECRET)", header: "a --header",
        timeout: "--timeout", maxResponseBytes: "--max-response-bytes")
}

extension ToolNames {
    /// The human subcommands' names: a subcommand for each tool, a flag for each argument.
    static let commandLine: ToolNames = {
        var names = ToolNames()
        names.search = "conductor-mcp-dynamic search"
        names.inspect = "conductor-mcp-dynamic inspect"
        names.invoke = "conductor-mcp-dynamic invoke"
        names.maxChars = "--max-chars"
        names.fields = "--fields"
        names.params = "--params"
        names.expand = "--expand"
        names.dryRun = "--dry-run"
        names.confirm = "--confirm"
        // One call per process: nothing is kept to read again.
        names.handle = nil
        return names
    }()
}

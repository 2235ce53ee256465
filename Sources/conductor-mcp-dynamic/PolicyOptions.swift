public import ArgumentParser
import CommandLineSupport
import ConductorMCPCore
import Foundation
import Logging

/// Flags of the access policy, the audit log and the configuration file; each one, when given, wins over the
/// environment and the file.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Configuration file, JSON or YAML (default $CONDUCTOR_MCP_CONFIG). Precedence: flags > environment > file > defaults.",
            valueName: "file"))
    var config: String?

    @Option(
        name: .long, help: "Role of the stdio user: viewer, operator, admin or one from the config (default admin).")
    var role: String?

    @Flag(name: .long, help: "Only GET and HEAD (plus reading POSTs the config allows): safe exploration.")
    var readOnly = false

    @Option(name: .long, help: "Endpoints the role may not invoke: mark them in search results, or hide them.")
    var policySearch: PolicyVisibility?

    @Flag(name: .long, help: "DELETEs (and endpoints a role's confirm rules name) need \"confirm\": true.")
    var confirmDestructive = false

    @Option(
        name: .long,
        help: ArgumentHelp("Append one JSON line per invoke to this file, or - for stderr.", valueName: "path|-"))
    var auditLog: String?

    @Flag(name: .long, help: "Audit lines also carry the request's params and body, secret-looking members as ***.")
    var auditBodies = false

    /// The flags of this group that were given, for a subcommand they do not apply to.
    var givenFlags: [String] {
        var flags: [String] = []
        if config != nil { flags.append("--config") }
        if role != nil { flags.append("--role") }
        if readOnly { flags.append("--read-only") }
        if policySearch != nil { flags.append("--policy-search") }
        if confirmDestructive { flags.append("--confirm-destructive") }
        if auditLog != nil { flags.append("--audit-log") }
        if auditBodies { flags.append("--audit-bodies") }
        return flags
    }

    /// The layer these flags describe.
    var layer: SettingsLayer {
        var layer = SettingsLayer()
        layer.role = role
        if readOnly { layer.readOnly = true }
        layer.policySearch = policySearch
        if confirmDestructive { layer.confirmDestructive = true }
        layer.auditLog = auditLog
        if auditBodies { layer.auditBodies = true }
        return layer
    }
}

extension PolicyVisibility: ExpressibleByArgument {}

extension ConfigurationError {
    /// The message with the flag and variable that name the file, when the file is what could not be read.
    var commandLineMessage: String {
        let message = errorDescription ?? "\(self)"
        guard case .unreadable = self else { return message }
        return message + " It came from --config or CONDUCTOR_MCP_CONFIG."
    }
}

/// Reads the settings once: the file (`--config` or `CONDUCTOR_MCP_CONFIG`), then the environment, then the flags;
/// the environment is read here and nowhere else. `forPeople` makes warning the default log level: a subcommand run
/// from a terminal prints its answer, not info lines first.
func resolveSettings(
    _ spec: SpecOptions, _ server: ServerOptions?, _ policy: PolicyOptions, forPeople: Bool = false
) throws(ConfigurationError) -> Settings {
    let environment = ProcessInfo.processInfo.environment
    var layers: [SettingsLayer] = []
    if forPeople {
        var quiet = SettingsLayer()
        quiet.logLevel = "warning"
        layers.append(quiet)
    }
    let configPath = policy.config ?? environment["CONDUCTOR_MCP_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    if let configPath { layers.append(try SettingsLayer.file(configPath, environment: environment)) }
    layers.append(try SettingsLayer.environment(environment))
    var flags = policy.layer
    flags.spec = spec.spec
    flags.specTimeout = spec.specTimeout
    flags.logLevel = spec.logLevel?.level.rawValue
    if let server {
        flags.serverURL = server.server?.text
        flags.authKey = server.authKey
        flags.authSecret = server.authSecret
        if !server.header.isEmpty { flags.headers = server.header.map(\.text) }
        flags.timeout = server.timeout
        flags.maxResponseBytes = server.maxResponseBytes
    }
    layers.append(flags)
    return Settings(layers: layers)
}

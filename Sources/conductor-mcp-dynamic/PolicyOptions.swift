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

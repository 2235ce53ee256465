import Foundation

/// The environment variables this server reads, as a layer. The executable reads the environment once and passes it
/// here; nothing else in the core looks at it.
extension SettingsLayer {
    /// The variables and the setting each one fills.
    public static let environmentKeys = [
        "CONDUCTOR_MCP_SPEC", "CONDUCTOR_SERVER_URL", "CONDUCTOR_AUTH_KEY", "CONDUCTOR_AUTH_SECRET",
        "CONDUCTOR_MCP_LOG_LEVEL", "CONDUCTOR_MCP_ROLE", "CONDUCTOR_MCP_READ_ONLY", "CONDUCTOR_MCP_AUDIT_LOG",
    ]

    /// The layer `environment` describes; empty values count as unset.
    public static func environment(_ environment: [String: String]) throws(ConfigurationError) -> SettingsLayer {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var layer = SettingsLayer()
        layer.spec = value("CONDUCTOR_MCP_SPEC")
        layer.serverURL = value("CONDUCTOR_SERVER_URL")
        layer.authKey = environment["CONDUCTOR_AUTH_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        layer.authSecret = environment["CONDUCTOR_AUTH_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        layer.logLevel = value("CONDUCTOR_MCP_LOG_LEVEL")?.lowercased()
        layer.role = value("CONDUCTOR_MCP_ROLE")
        layer.auditLog = value("CONDUCTOR_MCP_AUDIT_LOG")
        if let text = value("CONDUCTOR_MCP_READ_ONLY") {
            switch text.lowercased() {
            case "1", "true", "yes", "on": layer.readOnly = true
            // A switch can only turn read-only on: "false" leaves what the file or a flag says (a file that asks for
            // read-only must not be loosened by a variable left over in the environment).
            case "0", "false", "no", "off": break
            default:
                throw .invalid(
                    path: "from the environment",
                    problems: ["CONDUCTOR_MCP_READ_ONLY must be true or false (or 1/0), got \"\(text)\""])
            }
        }
        return layer
    }
}

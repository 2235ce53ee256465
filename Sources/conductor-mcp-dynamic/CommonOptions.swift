import ArgumentParser
import CommandLineSupport
import ConductorMCPCore
import Foundation
import Logging

/// The options every subcommand but `diff` takes: the document, the upstream server, the policy and audit. Declared
/// by the root command too, so they may come before a subcommand's name (ArgumentParser gives a value to every group
/// that declares it).
struct CommonOptions: ParsableArguments {
    @OptionGroup var spec: SpecOptions
    @OptionGroup(title: "Upstream server") var server: ServerOptions
    @OptionGroup(title: "Access policy and audit") var policy: PolicyOptions

    /// The configuration file: `--config`, else a non-empty `CONDUCTOR_MCP_CONFIG`, else none.
    var configPath: String? {
        policy.config ?? ProcessInfo.processInfo.environment["CONDUCTOR_MCP_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The flags that were given, for a subcommand they do not apply to.
    var givenFlags: [String] { spec.givenFlags + server.givenFlags + policy.givenFlags }

    /// Reads the settings once: the file (`--config` or `CONDUCTOR_MCP_CONFIG`), then the environment, then the flags;
    /// the environment is read here and nowhere else. `forPeople` makes warning the default log level: a subcommand run
    /// from a terminal prints its answer, not info lines first.
    func resolveSettings(forPeople: Bool = false) throws(ConfigurationError) -> Settings {
        let environment = ProcessInfo.processInfo.environment
        var layers: [SettingsLayer] = []
        if forPeople {
            var quiet = SettingsLayer()
            quiet.logLevel = "warning"
            layers.append(quiet)
        }
        if let configPath { layers.append(try SettingsLayer.file(configPath, environment: environment)) }
        layers.append(try SettingsLayer.environment(environment))
        var flags = policy.layer
        flags.spec = spec.spec
        flags.specTimeout = spec.specTimeout
        flags.logLevel = spec.logLevel?.level.rawValue
        flags.serverURL = server.server?.text
        flags.authKey = server.authKey
        flags.authSecret = server.authSecret
        if !server.header.isEmpty { flags.headers = server.header.map(\.text) }
        flags.timeout = server.timeout
        flags.maxResponseBytes = server.maxResponseBytes
        layers.append(flags)
        return Settings(layers: layers)
    }
}

import ArgumentParser
import ConductorMCPServer

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

    // Declared here as well as in each subcommand so they may come before the subcommand's name.
    @OptionGroup var common: CommonOptions
}

public import Logging

/// The one logging set-up of both executables: swift-log's stream handler on stderr, at one level.
///
/// stdout is the MCP channel of `conductor-mcp-dynamic` and the port line of `conductor-emulator`, so nothing logs
/// there. swift-log allows one bootstrap per process: each executable calls this once, before its first log line.
public enum StandardErrorLogging {
    /// Sends every logger's output to stderr at `level` and returns a logger labelled `label`.
    public static func start(level: Logger.Level, label: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}

public import ArgumentParser
public import Logging

/// A `--log-level` value, checked when the command line is parsed: a bad level is a usage error that lists the
/// levels, never a silent fallback.
public struct LogLevelOption: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    /// The level the value names.
    public let level: Logger.Level

    /// Parses a level name in any case; nil (a usage error) for anything else.
    public init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    /// Wraps a level.
    public init(_ level: Logger.Level) { self.level = level }

    public static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }

    public var description: String { level.rawValue }

    public var defaultValueDescription: String { level.rawValue }
}

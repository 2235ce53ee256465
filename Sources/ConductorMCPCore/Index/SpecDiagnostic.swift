import Foundation

/// A problem in an OpenAPI document that the server lives with: logged, counted, and the operation kept with what is
/// known. Only a document that cannot be read at all is an error (`SpecLoadError`).
public struct SpecDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How much it matters.
    public enum Severity: String, Sendable, Comparable {
        /// Worth knowing, nothing lost (a schema cycle, which the renderer handles).
        case info
        /// Something was degraded (a broken `$ref`, a missing operationId).
        case warning
        /// Something was refused for safety and left out (a path that could change the request's host).
        case error

        private var rank: Int {
            switch self {
            case .info: return 0
            case .warning: return 1
            case .error: return 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How much it matters.
    public let severity: Severity
    /// A short stable kind, for counting (`broken-ref`, `missing-operation-id`, ...).
    public let kind: String
    /// JSON pointer of the place in the document.
    public let pointer: String
    /// What is wrong and what was done about it.
    public let message: String

    /// Builds a diagnostic.
    public init(_ severity: Severity, kind: String, at pointer: String, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(severity.rawValue) [\(kind)] \(pointer): \(message)" }
}

extension String {
    /// This string escaped as one JSON pointer token (`~` → `~0`, `/` → `~1`).
    var jsonPointerEscaped: String {
        // Most names need no escape; checking the bytes first keeps indexing fast.
        guard utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return self }
        return replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

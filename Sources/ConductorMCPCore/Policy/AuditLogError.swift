public import Foundation

/// Why the audit log cannot be opened.
public enum AuditLogError: LocalizedError, Sendable, Equatable {
    /// The file could not be opened for appending.
    case cannotOpen(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Cannot open the audit log \(path) for appending: \(reason). Check that its directory exists and is "
                + "writable, or write the log to stderr instead."
        }
    }
}

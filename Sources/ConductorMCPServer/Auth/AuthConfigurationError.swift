public import Foundation

/// A problem with the authentication flags or files, found at start-up.
public struct AuthConfigurationError: Error, Sendable, LocalizedError {
    /// What is wrong and what to do.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var errorDescription: String? { message }
}

public import ConductorMCPCore
public import Foundation

/// A failure answered the way Conductor's `ApplicationExceptionMapper` answers it.
///
/// The body is Conductor's `ErrorResponse` (the core's `ConductorErrorResponse`): `status`, `message`, `instance`,
/// `retryable` and, for constraint violations, `validationErrors`.
public struct ConductorError: Error, LocalizedError, Sendable {
    /// HTTP status code.
    public var status: Int
    /// Conductor's message, worded as the Java server words it.
    public var message: String
    /// Constraint violations, for a 400 from Bean Validation.
    public var validationErrors: [ConductorErrorResponse.ValidationError]
    /// Orkes-style error code for auth failures (`INVALID_TOKEN`, `EXPIRED_TOKEN`), sent as `error`.
    public var errorCode: String?

    /// Creates an error answer.
    public init(
        status: Int, message: String, validationErrors: [ConductorErrorResponse.ValidationError] = [],
        errorCode: String? = nil
    ) {
        self.status = status
        self.message = message
        self.validationErrors = validationErrors
        self.errorCode = errorCode
    }

    public var errorDescription: String? { "HTTP \(status): \(message)" }

    /// 404, Conductor's `NotFoundException`.
    static func notFound(_ message: String) -> ConductorError { .init(status: 404, message: message) }
    /// 409, Conductor's `ConflictException`.
    static func conflict(_ message: String) -> ConductorError { .init(status: 409, message: message) }
    /// 400, Conductor's `IllegalArgumentException`.
    static func badRequest(_ message: String) -> ConductorError { .init(status: 400, message: message) }
    /// 500, what Conductor answers for an unmapped exception such as `IllegalStateException`.
    static func internalError(_ message: String) -> ConductorError { .init(status: 500, message: message) }

    /// 400 with validation errors, as Conductor's `ValidationExceptionMapper` answers.
    /// Most validation errors an answer lists. Conductor lists every one, but a request of a million nulls would
    /// then answer with a million errors (tens of MB, held in memory while written); past this many the list is cut
    /// and the message says how many there were.
    static let maxListedValidationErrors = 1000

    static func validation(_ errors: [ConductorErrorResponse.ValidationError]) -> ConductorError {
        guard errors.count > maxListedValidationErrors else {
            return .init(
                status: 400, message: "Validation failed, check below errors for detail.", validationErrors: errors)
        }
        return .init(
            status: 400,
            message: "Validation failed, check below errors for detail (the first \(maxListedValidationErrors) of "
                + "\(errors.count)).",
            validationErrors: Array(errors.prefix(maxListedValidationErrors)))
    }

    /// The `ErrorResponse` body; `instance` is the host name, as Conductor's `Utils.getServerId()`.
    func body(instance: String) -> JSONValue {
        ConductorErrorResponse(
            status: status, message: message, error: errorCode, retryable: false, instance: instance,
            validationErrors: validationErrors
        ).json
    }
}

/// Conductor's error answer: OSS `ErrorResponse` (`status`, `code`, `message`, `instance`, `retryable`,
/// `validationErrors`) and the Orkes `{error, message}` form, in one type.
///
/// The one definition of the body's member names: the emulator writes it (`json`), the invoker reads it
/// (`init(json:)`).
public struct ConductorErrorResponse: Sendable, Hashable {
    /// The members of the body, in the order `json` writes them.
    public enum Member: String, CaseIterable, Sendable {
        /// The member names, spelled as Conductor spells them.
        case status, message, code, error, retryable, instance, validationErrors
    }

    /// One constraint violation, Conductor's `ValidationError`.
    public struct ValidationError: Sendable, Hashable {
        /// The members of a violation, in the order `json` writes them.
        public enum Member: String, CaseIterable, Sendable {
            /// The member names, spelled as Conductor spells them.
            case path, message, invalidValue
        }

        /// The property path, e.g. `registerWorkflowDef.workflowDef.name`.
        public var path: String?
        /// What is wrong, in Conductor's words.
        public var message: String
        /// The offending value, when the server reports it.
        public var invalidValue: JSONValue?

        /// A violation.
        public init(path: String?, message: String, invalidValue: JSONValue? = nil) {
            self.path = path
            self.message = message
            self.invalidValue = invalidValue
        }

        /// Reads a violation; nil without a string `message`.
        public init?(json: JSONValue) {
            guard let message = json[Member.message.rawValue]?.stringValue else { return nil }
            self.init(
                path: json[Member.path.rawValue]?.stringValue, message: message,
                invalidValue: json[Member.invalidValue.rawValue])
        }

        /// The violation as Conductor writes it; absent members stay out.
        public var json: JSONValue {
            var object = JSONObject()
            if let path { object[Member.path.rawValue] = .string(path) }
            object[Member.message.rawValue] = .string(message)
            if let invalidValue { object[Member.invalidValue.rawValue] = invalidValue }
            return .object(object)
        }
    }

    /// The HTTP status the body repeats.
    public var status: Int?
    /// The server's message.
    public var message: String?
    /// OSS Conductor's error code.
    public var code: String?
    /// Orkes's error code (`INVALID_TOKEN`, `EXPIRED_TOKEN`).
    public var error: String?
    /// Whether the server says a retry may succeed.
    public var retryable: Bool?
    /// The answering server's id (its host name in Conductor).
    public var instance: String?
    /// Constraint violations, for a 400 from Bean Validation.
    public var validationErrors: [ValidationError]

    /// An error body; absent members stay out of `json`.
    public init(
        status: Int? = nil, message: String? = nil, code: String? = nil, error: String? = nil,
        retryable: Bool? = nil, instance: String? = nil, validationErrors: [ValidationError] = []
    ) {
        self.status = status
        self.message = message
        self.code = code
        self.error = error
        self.retryable = retryable
        self.instance = instance
        self.validationErrors = validationErrors
    }

    /// Reads a body; nil unless it is an object with a string `message`, `code` or `error`. Validation errors
    /// without a message are skipped.
    public init?(json: JSONValue) {
        guard case .object(let object) = json else { return nil }
        func string(_ member: Member) -> String? { object[member.rawValue]?.stringValue }
        message = string(.message)
        code = string(.code)
        error = string(.error)
        guard message != nil || code != nil || error != nil else { return nil }
        status = object[Member.status.rawValue]?.intValue
        retryable = object[Member.retryable.rawValue]?.boolValue
        instance = string(.instance)
        validationErrors = (object[Member.validationErrors.rawValue]?.arrayValue ?? []).compactMap(
            ValidationError.init(json:))
    }

    /// The body as Conductor writes it: present members in `Member` order, `validationErrors` only when there are
    /// some.
    public var json: JSONValue {
        var object = JSONObject()
        if let status { object[Member.status.rawValue] = .int(status) }
        if let message { object[Member.message.rawValue] = .string(message) }
        if let code { object[Member.code.rawValue] = .string(code) }
        if let error { object[Member.error.rawValue] = .string(error) }
        if let retryable { object[Member.retryable.rawValue] = .bool(retryable) }
        if let instance { object[Member.instance.rawValue] = .string(instance) }
        if !validationErrors.isEmpty {
            object[Member.validationErrors.rawValue] = .array(validationErrors.map(\.json))
        }
        return .object(object)
    }
}

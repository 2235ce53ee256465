/// Conductor's `ErrorResponse` (`status`, `message`, `code`, `retryable`, `validationErrors`) or Orkes's
/// `{error, message}`, read from an error answer.
struct ConductorErrorBody: Equatable {
    var message: String?
    var code: String?
    var retryable: Bool?
    var validationErrors: [(path: String?, message: String, invalidValue: JSONValue?)]
    let json: JSONValue

    /// Nil unless the body is a JSON object with a `message` or `error` member.
    init?(_ body: [UInt8]) {
        guard let value = try? JSONParser.parse(body, maxValues: 10_000).value, case .object(let object) = value
        else { return nil }
        message = object["message"]?.stringValue
        code = object["code"]?.stringValue ?? object["error"]?.stringValue
        guard message != nil || code != nil else { return nil }
        retryable = object["retryable"]?.boolValue
        validationErrors = (object["validationErrors"]?.arrayValue ?? []).compactMap { entry in
            guard let message = entry["message"]?.stringValue else { return nil }
            return (entry["path"]?.stringValue, message, entry["invalidValue"])
        }
        var kept = JSONObject()
        for key in ["status", "message", "code", "error", "retryable", "instance", "validationErrors"] {
            if let member = object[key], member != .null { kept[key] = member }
        }
        json = .object(kept)
    }

    /// One line: the message and the code.
    var summary: String {
        var parts: [String] = []
        if let message { parts.append(message) }
        if let code { parts.append("(\(code))") }
        return parts.joined(separator: " ")
    }

    /// The lines shown to the agent.
    var lines: [String] {
        var first = "Conductor says: \(summary)"
        if let retryable { first += retryable ? " · retryable" : " · not retryable" }
        var lines = [first]
        for error in validationErrors.prefix(50) {
            var line = "- " + (error.path.map { "\($0): " } ?? "") + error.message
            if let invalid = error.invalidValue, invalid != .null {
                line += " (got \(SchemaValidator.preview(invalid)))"
            }
            lines.append(line)
        }
        if validationErrors.count > 50 { lines.append("- … and \(validationErrors.count - 50) more") }
        return lines
    }

    static func == (lhs: ConductorErrorBody, rhs: ConductorErrorBody) -> Bool { lhs.json == rhs.json }
}

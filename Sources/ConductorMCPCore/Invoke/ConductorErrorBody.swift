/// A Conductor error answer as the invoker shows it: the parsed `ConductorErrorResponse`, and the body's own members
/// of that type (nulls dropped) for structured output.
struct ConductorErrorBody: Equatable {
    /// The parsed body.
    let response: ConductorErrorResponse
    /// The body's `ConductorErrorResponse` members as the server wrote their values, in `Member` order.
    let json: JSONValue

    /// Nil unless the body is a JSON object with a `message`, `code` or `error` member.
    init?(_ body: [UInt8]) {
        guard let value = try? JSONParser.parse(body, maxValues: 10_000).value, case .object(let object) = value,
            let response = ConductorErrorResponse(json: value)
        else { return nil }
        self.response = response
        var kept = JSONObject()
        for key in ConductorErrorResponse.Member.allCases.map(\.rawValue) {
            if let member = object[key], member != .null { kept[key] = member }
        }
        json = .object(kept)
    }

    /// The server's message.
    var message: String? { response.message }
    /// OSS `code`, else Orkes `error`.
    var code: String? { response.code ?? response.error }
    /// Whether the server says a retry may succeed.
    var retryable: Bool? { response.retryable }
    /// Constraint violations.
    var validationErrors: [ConductorErrorResponse.ValidationError] { response.validationErrors }

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

    /// Equal when the kept members are.
    static func == (lhs: ConductorErrorBody, rhs: ConductorErrorBody) -> Bool { lhs.json == rhs.json }
}

import Foundation

/// Converts a parameter value to its schema's type where the wire form makes the difference meaningless.
///
/// Path, query, header and cookie values all travel as text, so `"42"` for an integer parameter and `42` for a
/// string parameter mean the same request: both are accepted (`"42"` becomes 42, then checked as an integer;
/// 42 becomes `"42"`). A text that is not a number stays an error, and so does an object or array where a scalar is
/// expected. A single scalar for an array parameter is taken as a one-element array. Body values are never coerced.
struct ParameterCoercion {
    let validator: SchemaValidator

    /// The value to check and send, or why it cannot be one.
    func coerce(_ value: JSONValue, to schema: OpenAPISchema, at location: String) -> Result<JSONValue, CoercionFailure>
    {
        let view = validator.view(of: schema)
        let types = SchemaValidator.expectedTypes(view)
        if types.contains("array") {
            let elements: [JSONValue]
            if case .array(let given) = value { elements = given } else { elements = [value] }
            guard let items = view.items else { return .success(.array(elements)) }
            var converted: [JSONValue] = []
            for (offset, element) in elements.enumerated() {
                switch coerce(element, to: items, at: "\(location)/\(offset)") {
                case .failure(let failure): return .failure(failure)
                case .success(let value): converted.append(value)
                }
            }
            return .success(.array(converted))
        }
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if types.contains("integer"), !types.contains("string") {
                if let number = Int(trimmed) { return .success(.int(number)) }
                return .failure(mismatch(value, view, at: location))
            }
            if types.contains("number"), !types.contains("string") {
                if let number = Int(trimmed) { return .success(.int(number)) }
                if let number = Double(trimmed), number.isFinite { return .success(.double(number)) }
                return .failure(mismatch(value, view, at: location))
            }
            if types.contains("boolean"), !types.contains("string") {
                switch trimmed.lowercased() {
                case "true": return .success(.bool(true))
                case "false": return .success(.bool(false))
                default: return .failure(mismatch(value, view, at: location))
                }
            }
            return .success(value)
        case .int, .double, .bool:
            if types == ["string"] { return .success(.string(ParameterEncoding.plainText(value))) }
            return .success(value)
        case .array, .object:
            if types.isEmpty || types.contains("object") { return .success(value) }
            return .failure(mismatch(value, view, at: location))
        case .null:
            return .success(value)
        }
    }

    private func mismatch(_ value: JSONValue, _ view: SchemaValidator.View, at location: String) -> CoercionFailure {
        CoercionFailure(
            problem: ValidationProblem(
                location, "expected \(validator.label(view)), got \(value.typeName) \(SchemaValidator.preview(value))"))
    }

    /// A value that cannot be converted.
    struct CoercionFailure: Error {
        var problem: ValidationProblem
    }
}

/// Renders schemas in a compact TypeScript-like notation: `name: string`, `tasks?: WorkflowTask[]`,
/// `status?: "RUNNING" | "FAILED"`, `{ [key: string]: object }`.
///
/// Component schemas are referred to by name and defined once, by the caller, in the order they are first met; so a
/// recursive type such as `WorkflowTask` is printed once and never expanded forever. Inline objects are printed in
/// place, up to a depth, since they have no name to refer to.
public struct SchemaRenderer: Sendable {
    /// How many enum values are listed before `| …`.
    public var maxEnumValues = 12
    /// Longest property comment, in characters.
    public var maxCommentLength = 90
    /// Inline objects deeper than this are shown as `object`.
    public var maxInlineDepth = 3

    private let index: EndpointIndex

    /// A renderer resolving names in `index`.
    public init(index: EndpointIndex) { self.index = index }

    /// The type expression of `schema`, appending every component name it mentions to `referenced`.
    public func expression(_ schema: OpenAPISchema, referenced: inout [String], depth: Int = 0, indent: String = "")
        -> String
    {
        var text = baseExpression(schema, referenced: &referenced, depth: depth, indent: indent)
        if schema.nullable { text += " | null" }
        return text
    }

    private func baseExpression(_ schema: OpenAPISchema, referenced: inout [String], depth: Int, indent: String)
        -> String
    {
        if let name = schema.refName {
            if !referenced.contains(name) { referenced.append(name) }
            return name
        }
        if let ref = schema.brokenRef { return "unknown /* unresolved $ref \(ref) */" }
        if let values = schema.enumValues, !values.isEmpty {
            var shown = values.prefix(maxEnumValues).map(\.jsonText)
            if values.count > maxEnumValues { shown.append("…(+\(values.count - maxEnumValues))") }
            return shown.joined(separator: " | ")
        }
        if !schema.allOf.isEmpty {
            let own =
                schema.properties.isEmpty
                ? [] : [objectLiteral(schema, referenced: &referenced, depth: depth, indent: indent)]
            return (schema.allOf.map { wrapped($0, referenced: &referenced, depth: depth, indent: indent) } + own)
                .joined(separator: " & ")
        }
        let alternatives = schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf
        if !alternatives.isEmpty {
            return alternatives.map { wrapped($0, referenced: &referenced, depth: depth, indent: indent) }
                .joined(separator: " | ")
        }
        let types = schema.types.isEmpty ? inferredTypes(schema) : schema.types
        let rendered = types.map { type -> String in
            switch type {
            case "array":
                let element = schema.items ?? .any
                return wrapped(element, referenced: &referenced, depth: depth, indent: indent) + "[]"
            case "object":
                return objectLiteral(schema, referenced: &referenced, depth: depth, indent: indent)
            case "integer", "number", "string", "boolean":
                return type
            default:
                return type
            }
        }
        return rendered.isEmpty ? "any" : rendered.joined(separator: " | ")
    }

    private func inferredTypes(_ schema: OpenAPISchema) -> [String] {
        if !schema.properties.isEmpty { return ["object"] }
        if schema.items != nil { return ["array"] }
        if case .schema = schema.additionalProperties { return ["object"] }
        return []
    }

    /// An expression safe to suffix with `[]` or join with `|`/`&`.
    private func wrapped(_ schema: OpenAPISchema, referenced: inout [String], depth: Int, indent: String) -> String {
        let text = expression(schema, referenced: &referenced, depth: depth, indent: indent)
        return text.contains(" | ") || text.contains(" & ") ? "(\(text))" : text
    }

    private func objectLiteral(_ schema: OpenAPISchema, referenced: inout [String], depth: Int, indent: String)
        -> String
    {
        if schema.properties.isEmpty {
            if case .schema(let values) = schema.additionalProperties {
                return
                    "{ [key: string]: \(expression(values, referenced: &referenced, depth: depth + 1, indent: indent)) }"
            }
            return "object"
        }
        guard depth < maxInlineDepth else { return "object" }
        let inner = indent + "  "
        let lines = propertyLines(schema, referenced: &referenced, depth: depth + 1, indent: inner, limit: nil).lines
        return "{\n" + lines.joined(separator: "\n") + "\n\(indent)}"
    }

    /// One line per property (`name?: type; // comment`), required first when `requiredFirst`, cut after `limit`
    /// lines (required properties are never cut). Returns the lines and how many optional ones were left out.
    public func propertyLines(
        _ schema: OpenAPISchema, referenced: inout [String], depth: Int = 1, indent: String = "  ", limit: Int?
    ) -> (lines: [String], omitted: [String]) {
        let required = Set(schema.required)
        var lines: [String] = []
        var omitted: [String] = []
        var optionalShown = 0
        for property in schema.properties {
            let isRequired = required.contains(property.name)
            if !isRequired, let limit, optionalShown >= limit {
                omitted.append(property.name)
                continue
            }
            if !isRequired { optionalShown += 1 }
            let type = expression(property.schema, referenced: &referenced, depth: depth, indent: indent)
            var line = "\(indent)\(Self.memberName(property.name))\(isRequired ? "" : "?"): \(type);"
            let comment = self.comment(for: property.schema, required: isRequired)
            if !comment.isEmpty { line += " // \(comment)" }
            lines.append(line)
        }
        switch schema.additionalProperties {
        case .schema(let values):
            lines.append(
                "\(indent)[key: string]: \(expression(values, referenced: &referenced, depth: depth, indent: indent));")
        default:
            break
        }
        return (lines, omitted)
    }

    /// Format, bounds, default, deprecation, read-only and a trimmed description, for a property comment.
    public func comment(for schema: OpenAPISchema, required: Bool = false) -> String {
        var parts: [String] = []
        if required { parts.append("required") }
        if let format = schema.format { parts.append(format) }
        if let minimum = schema.minimum, let maximum = schema.maximum {
            parts.append("\(JSONValue.format(minimum))..\(JSONValue.format(maximum))")
        } else if let minimum = schema.minimum {
            parts.append("≥ \(JSONValue.format(minimum))")
        } else if let maximum = schema.maximum {
            parts.append("≤ \(JSONValue.format(maximum))")
        }
        if let pattern = schema.pattern { parts.append("pattern \(pattern)") }
        if let value = schema.defaultValue { parts.append("default \(value.jsonText)") }
        if schema.readOnly { parts.append("read-only") }
        if schema.deprecated { parts.append("deprecated") }
        if let description = schema.description.map({ Self.oneLine($0) }), !description.isEmpty {
            parts.append(description)
        }
        let text = parts.joined(separator: ", ")
        return text.count > maxCommentLength ? String(text.prefix(maxCommentLength - 1)) + "…" : text
    }

    /// A property name as TypeScript would write it: quoted when it is not an identifier.
    static func memberName(_ name: String) -> String {
        let isIdentifier =
            !name.isEmpty && name.first.map { $0.isLetter || $0 == "_" || $0 == "$" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        return isIdentifier ? name : JSONValue.string(name).jsonText
    }

    /// Untrusted text (a document's summary, an agent's query) on one line for an answer: whitespace runs become one
    /// space, and control characters (NUL, ESC, …) and bidirectional overrides, which could fake lines or reorder what
    /// a reader sees, become U+FFFD. Past `limit` characters the text is cut with an ellipsis.
    public static func oneLine(_ text: String, limit: Int? = nil) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        var line = String.UnicodeScalarView()
        for (position, word) in words.enumerated() {
            if position > 0 { line.append(" ") }
            for scalar in word.unicodeScalars {
                line.append(SpecText.isHidden(scalar, keepLineBreaks: false) ? "\u{FFFD}" : scalar)
            }
        }
        let result = String(line)
        guard let limit, result.count > limit else { return result }
        return String(result.prefix(max(limit - 1, 0))) + "…"
    }

}

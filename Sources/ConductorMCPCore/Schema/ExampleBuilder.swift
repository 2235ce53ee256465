/// Builds ready-to-fill example values from schemas: required members with placeholders, so an agent can copy the
/// arguments of `invoke` and fill in the blanks.
///
/// Recursion stops at a type already being built and at a fixed depth, so `WorkflowDef` → `WorkflowTask` → ...
/// yields a finite example.
public struct ExampleBuilder: Sendable {
    /// Deeper members are left as `{}`.
    public var maxDepth = 4
    /// When an object has no required members, this many of its members are shown instead.
    public var membersWhenNoneRequired = 3

    private let index: EndpointIndex

    /// A builder resolving names in `index`.
    public init(index: EndpointIndex) { self.index = index }

    /// An example of `schema`; `name` (the member or parameter name) makes string placeholders readable.
    public func example(_ schema: OpenAPISchema, name: String? = nil) -> JSONValue {
        var visiting: [String] = []
        return build(schema, name: name, depth: 0, visiting: &visiting)
    }

    private func build(_ schema: OpenAPISchema, name: String?, depth: Int, visiting: inout [String]) -> JSONValue {
        if let refName = schema.refName {
            guard !visiting.contains(refName), let target = index.schema(named: refName) else {
                return .object(JSONObject())
            }
            visiting.append(refName)
            defer { visiting.removeLast() }
            return build(target, name: name, depth: depth, visiting: &visiting)
        }
        if let example = schema.example, example != .null { return example }
        if let value = schema.defaultValue, value != .null { return value }
        if let first = schema.enumValues?.first { return first }
        if let first = schema.allOf.first, schema.properties.isEmpty, schema.allOf.count == 1 {
            return build(first, name: name, depth: depth, visiting: &visiting)
        }
        if let first = schema.oneOf.first ?? schema.anyOf.first {
            return build(first, name: name, depth: depth, visiting: &visiting)
        }
        let type = schema.types.first ?? (schema.properties.isEmpty ? (schema.items == nil ? "" : "array") : "object")
        switch type {
        case "string":
            switch schema.format {
            case "date-time": return "2025-01-01T00:00:00Z"
            case "date": return "2025-01-01"
            default: return .string("<\(name ?? "string")>")
            }
        case "integer", "number": return .int(schema.minimum.flatMap { Int(exactly: $0) } ?? 0)
        case "boolean": return .bool(false)
        case "array":
            guard depth < maxDepth else { return .array([]) }
            return .array([build(schema.items ?? .any, name: name, depth: depth + 1, visiting: &visiting)])
        case "object":
            guard depth < maxDepth else { return .object(JSONObject()) }
            var object = JSONObject()
            let required = schema.required.filter { name in schema.properties.contains { $0.name == name } }
            let chosen =
                required.isEmpty
                ? schema.properties.filter { !$0.schema.readOnly }.prefix(membersWhenNoneRequired).map(\.name)
                : required
            for property in schema.properties where chosen.contains(property.name) {
                object[property.name] = build(
                    property.schema, name: property.name, depth: depth + 1, visiting: &visiting)
            }
            return .object(object)
        default:
            return .string("<\(name ?? "value")>")
        }
    }
}

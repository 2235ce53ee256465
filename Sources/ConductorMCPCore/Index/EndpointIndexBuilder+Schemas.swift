import Foundation

extension EndpointIndexBuilder {
    // MARK: Schemas

    /// Converts one schema; `$ref`s to component schemas stay names, anything else is inlined or diagnosed.
    mutating func convertSchema(_ value: JSONValue, pointer: String, depth: Int = 0) -> OpenAPISchema {
        if case .bool(let allowed) = value {
            // 3.1 boolean schemas: true accepts anything; false is rare enough to treat the same but say so.
            if !allowed { note(.info, "false-schema", pointer, "schema `false` is shown as any value") }
            return .any
        }
        guard let members = value.objectValue else {
            note(.warning, "invalid-schema", pointer, "schema is \(value.typeName), not an object; taken as any value")
            return .any
        }
        let object = members
        if let ref = object["$ref"]?.stringValue {
            let prefix = "#/components/schemas/"
            if ref.hasPrefix(prefix) {
                let name = String(ref.dropFirst(prefix.count)).replacingOccurrences(of: "~1", with: "/")
                    .replacingOccurrences(of: "~0", with: "~")
                if schemaDefinitions[name] != nil {
                    return OpenAPISchema(refName: name, description: text(object["description"]))
                }
            }
            if reportedBrokenRefs.insert(pointer).inserted {
                note(
                    .warning, "broken-ref", pointer,
                    "$ref \"\(ref)\" does not resolve to a component schema; the value is taken as any JSON")
            }
            return OpenAPISchema(brokenRef: ref, description: text(object["description"]))
        }
        guard depth < 64 else {
            note(.warning, "deep-schema", pointer, "inline schema nested deeper than 64 levels; cut there")
            return .any
        }
        var types: [String] = []
        var nullable = object["nullable"]?.boolValue ?? false
        switch object["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap(\.stringValue)
        case nil: break
        case let other?:
            note(
                .warning, "invalid-schema-type", pointer + "/type",
                "type is \(other.typeName), not a type name; ignored")
        }
        let unknownTypes = types.filter { !Self.schemaTypes.contains($0) }
        if !unknownTypes.isEmpty || object["type"]?.arrayValue?.isEmpty == true {
            let shown = unknownTypes.map { "\"\(TextBounds.shortened($0, limit: 40))\"" }.joined(separator: ", ")
            note(
                .warning, "invalid-schema-type", pointer + "/type",
                unknownTypes.isEmpty
                    ? "type is an empty list; taken as any value"
                    : "\(shown) is not an OpenAPI type (string, number, integer, boolean, array, object, null); ignored"
            )
            types.removeAll { !Self.schemaTypes.contains($0) }
        }
        if types.contains("null") {
            nullable = true
            types.removeAll { $0 == "null" }
        }
        var properties: [OpenAPISchema.Property] = []
        for (name, propertyValue) in object["properties"]?.objectValue ?? JSONObject() {
            properties.append(
                OpenAPISchema.Property(
                    name: name,
                    schema: convertSchema(
                        propertyValue, pointer: "\(pointer)/properties/\(name.jsonPointerEscaped)", depth: depth + 1)))
        }
        if types.isEmpty, !properties.isEmpty { types = ["object"] }
        var additional = OpenAPISchema.AdditionalProperties.unspecified
        switch object["additionalProperties"] {
        case .bool(false)?: additional = .forbidden
        case .object(let extra)? where !extra.isEmpty:
            additional = .schema(
                convertSchema(.object(extra), pointer: pointer + "/additionalProperties", depth: depth + 1))
        default: break
        }
        func list(_ key: String) -> [OpenAPISchema] {
            var converted: [OpenAPISchema] = []
            for (offset, element) in (object[key]?.arrayValue ?? []).enumerated() {
                converted.append(convertSchema(element, pointer: "\(pointer)/\(key)/\(offset)", depth: depth + 1))
            }
            return converted
        }
        let allOf = list("allOf")
        let oneOf = list("oneOf")
        let anyOf = list("anyOf")
        var items: OpenAPISchema?
        if let itemsValue = object["items"] {
            items = convertSchema(itemsValue, pointer: pointer + "/items", depth: depth + 1)
        } else if types == ["array"] {
            items = .any
        }
        var enumValues = object["enum"]?.arrayValue
        if enumValues == nil, let constant = object["const"] { enumValues = [constant] }
        return OpenAPISchema(
            types: types, nullable: nullable, format: object["format"]?.stringValue, enumValues: enumValues,
            defaultValue: object["default"], example: object["example"] ?? object["examples"]?.arrayValue?.first,
            description: text(object["description"]), properties: properties,
            required: (object["required"]?.arrayValue ?? []).compactMap(\.stringValue),
            additionalProperties: additional, items: items, allOf: allOf, oneOf: oneOf, anyOf: anyOf,
            minimum: object["minimum"]?.doubleValue, maximum: object["maximum"]?.doubleValue,
            minLength: object["minLength"]?.intValue, maxLength: object["maxLength"]?.intValue,
            pattern: object["pattern"]?.stringValue, readOnly: object["readOnly"]?.boolValue ?? false,
            deprecated: object["deprecated"]?.boolValue ?? false)
    }
}

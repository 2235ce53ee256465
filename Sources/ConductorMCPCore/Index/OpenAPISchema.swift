/// One JSON Schema as the index keeps it: the parts an agent needs to call an endpoint, with `$ref`s kept by name.
///
/// References are not dereferenced at load time. Conductor's documents are full of cycles (`WorkflowTask` refers to
/// itself, 62 protobuf descriptor types refer to each other), so every consumer resolves names through
/// `EndpointIndex.schema(named:)` and carries its own visited set. An immutable final class, so trees share nodes.
public final class OpenAPISchema: Sendable {
    /// What `additionalProperties` allows.
    public enum AdditionalProperties: Sendable {
        /// Not given, or `true`: any extra member.
        case unspecified
        /// `false`: no extra member.
        case forbidden
        /// Extra members of this schema (a map).
        case schema(OpenAPISchema)
    }

    /// A named member of an object schema.
    public struct Property: Sendable {
        /// The member name.
        public let name: String
        /// The member's schema.
        public let schema: OpenAPISchema
    }

    /// The component name for `#/components/schemas/NAME` references.
    public let refName: String?
    /// A `$ref` that could not be resolved (external, or pointing at nothing); the schema is otherwise empty.
    public let brokenRef: String?
    /// JSON types (`type`, or the 3.1 list), without "null".
    public let types: [String]
    /// True when null is allowed (3.0 `nullable`, or "null" in a 3.1 type list).
    public let nullable: Bool
    /// `format`, such as int64 or date-time.
    public let format: String?
    /// Allowed values.
    public let enumValues: [JSONValue]?
    /// `default`.
    public let defaultValue: JSONValue?
    /// `example`, or the first of 3.1 `examples`.
    public let example: JSONValue?
    /// `description`.
    public let description: String?
    /// Object members in document order.
    public let properties: [Property]
    /// Required member names.
    public let required: [String]
    /// `additionalProperties`.
    public let additionalProperties: AdditionalProperties
    /// Array element schema.
    public let items: OpenAPISchema?
    /// `allOf` parts.
    public let allOf: [OpenAPISchema]
    /// `oneOf` alternatives.
    public let oneOf: [OpenAPISchema]
    /// `anyOf` alternatives.
    public let anyOf: [OpenAPISchema]
    /// Numeric bounds.
    public let minimum: Double?
    /// Numeric bounds.
    public let maximum: Double?
    /// String length bounds.
    public let minLength: Int?
    /// String length bounds.
    public let maxLength: Int?
    /// String pattern.
    public let pattern: String?
    /// `readOnly`: sent by the server, never by the client.
    public let readOnly: Bool
    /// `deprecated`.
    public let deprecated: Bool

    /// Builds a schema node; every part defaults to absent.
    public init(
        refName: String? = nil, brokenRef: String? = nil, types: [String] = [], nullable: Bool = false,
        format: String? = nil, enumValues: [JSONValue]? = nil, defaultValue: JSONValue? = nil,
        example: JSONValue? = nil, description: String? = nil, properties: [Property] = [], required: [String] = [],
        additionalProperties: AdditionalProperties = .unspecified, items: OpenAPISchema? = nil,
        allOf: [OpenAPISchema] = [],
        oneOf: [OpenAPISchema] = [], anyOf: [OpenAPISchema] = [], minimum: Double? = nil, maximum: Double? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, readOnly: Bool = false,
        deprecated: Bool = false
    ) {
        self.refName = refName
        self.brokenRef = brokenRef
        self.types = types
        self.nullable = nullable
        self.format = format
        self.enumValues = enumValues
        self.defaultValue = defaultValue
        self.example = example
        self.description = description
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.items = items
        self.allOf = allOf
        self.oneOf = oneOf
        self.anyOf = anyOf
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.readOnly = readOnly
        self.deprecated = deprecated
    }

    /// A schema that accepts anything (`{}`), used where a document gives none.
    public static let any = OpenAPISchema()

    /// True for `{}`: no constraint at all.
    public var isUnconstrained: Bool {
        refName == nil && brokenRef == nil && types.isEmpty && enumValues == nil && properties.isEmpty
            && items == nil && allOf.isEmpty && oneOf.isEmpty && anyOf.isEmpty
    }

    /// The property named `name`, if any.
    public func property(_ name: String) -> OpenAPISchema? {
        properties.first { $0.name == name }?.schema
    }
}

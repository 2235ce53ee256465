import Foundation

/// One operation of the API: everything the tools show about it and everything `invoke` needs to call it.
public struct Endpoint: Sendable {
    /// The stable name of the endpoint, `METHOD /path`; operationIds shift between Conductor versions, paths do not.
    public let key: String
    /// Upper-case HTTP method.
    public let method: String
    /// The path template as the document writes it, with `{name}` placeholders.
    public let path: String
    /// `operationId`, when the document gives one.
    public let operationId: String?
    /// `summary`.
    public let summary: String?
    /// `description`.
    public let description: String?
    /// Tags in document order.
    public let tags: [String]
    /// `deprecated`.
    public let deprecated: Bool
    /// Path-level and operation-level parameters merged (the operation's win), in document order.
    public let parameters: [EndpointParameter]
    /// The request body, if the operation takes one.
    public let requestBody: RequestBody?
    /// Responses by status code in document order.
    public let responses: [EndpointResponse]
    /// API-key headers the document's security requirements name for this operation.
    public let securityHeaders: [String]

    /// Builds an endpoint; `key` is derived from method and path.
    public init(
        method: String, path: String, operationId: String?, summary: String?, description: String?, tags: [String],
        deprecated: Bool, parameters: [EndpointParameter], requestBody: RequestBody?, responses: [EndpointResponse],
        securityHeaders: [String] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.key = "\(self.method) \(path)"
        self.operationId = operationId
        self.summary = summary
        self.description = description
        self.tags = tags
        self.deprecated = deprecated
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.securityHeaders = securityHeaders
    }

    /// The parameters the caller must give.
    public var requiredParameters: [EndpointParameter] { parameters.filter(\.required) }
}

/// One parameter of an operation.
public struct EndpointParameter: Sendable {
    /// Where a parameter goes in the request.
    public enum Location: String, Sendable, CaseIterable {
        case path, query, header, cookie
    }

    /// The parameter name as sent.
    public let name: String
    /// Where it goes.
    public let location: Location
    /// True when the caller must give it (always for path parameters).
    public let required: Bool
    /// Its schema (`OpenAPISchema.any` when the document gives none).
    public let schema: OpenAPISchema
    /// `description`.
    public let description: String?
    /// `deprecated`.
    public let deprecated: Bool
    /// Serialisation style; nil means the default for its location (form for query, simple for path and header).
    public let style: String?
    /// `explode`; nil means the default for its style (true for form).
    public let explode: Bool?

    /// Builds a parameter.
    public init(
        name: String, location: Location, required: Bool, schema: OpenAPISchema, description: String? = nil,
        deprecated: Bool = false, style: String? = nil, explode: Bool? = nil
    ) {
        self.name = name
        self.location = location
        self.required = required || location == .path
        self.schema = schema
        self.description = description
        self.deprecated = deprecated
        self.style = style
        self.explode = explode
    }
}

/// A media type and its schema, in a request body or a response.
public struct MediaType: Sendable {
    /// Such as `application/json`, `text/plain` or `*/*`.
    public let name: String
    /// Its schema (`OpenAPISchema.any` when none is given).
    public let schema: OpenAPISchema

    /// Builds a media type entry.
    public init(name: String, schema: OpenAPISchema) {
        self.name = name
        self.schema = schema
    }
}

/// The request body of an operation.
public struct RequestBody: Sendable {
    /// True when the operation needs a body.
    public let required: Bool
    /// `description`.
    public let description: String?
    /// Media types in document order.
    public let content: [MediaType]

    /// Builds a request body.
    public init(required: Bool, description: String?, content: [MediaType]) {
        self.required = required
        self.description = description
        self.content = content
    }

    /// The media type `invoke` sends: JSON when offered, else the first one given.
    public var preferred: MediaType? {
        content.first { MediaType.isJSON($0.name) } ?? content.first
    }
}

/// One documented response of an operation.
public struct EndpointResponse: Sendable {
    /// Status code as written (`200`, `4XX`, `default`).
    public let status: String
    /// `description`.
    public let description: String?
    /// Media types in document order.
    public let content: [MediaType]

    /// Builds a response.
    public init(status: String, description: String?, content: [MediaType]) {
        self.status = status
        self.description = description
        self.content = content
    }
}

extension MediaType {
    /// True for `application/json`, `application/*+json` and springdoc's `*/*` (which Conductor fills with JSON).
    public static func isJSON(_ name: String) -> Bool {
        let base = name.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return base == "application/json" || base.hasSuffix("+json") || base == "*/*"
    }
}

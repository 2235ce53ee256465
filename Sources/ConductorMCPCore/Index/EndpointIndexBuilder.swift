import Foundation

/// Builds an `EndpointIndex` from a parsed document, turning every problem it can live with into a diagnostic.
///
/// Tolerance is the point: a new Conductor version may add vendor extensions, drop an operationId or break one
/// `$ref`, and the server must still offer every other endpoint and what is known of the broken one.
struct EndpointIndexBuilder {
    /// The type names of JSON Schema as OpenAPI uses them.
    static let schemaTypes: Set<String> = ["string", "number", "integer", "boolean", "array", "object", "null"]

    private static let methods = EndpointIndex.methods.map { $0.lowercased() }

    private let document: SpecDocument
    private let components: JSONObject
    let schemaDefinitions: [String: JSONValue]
    var diagnostics: [SpecDiagnostic] = []
    var reportedBrokenRefs: Set<String> = []

    init(document: SpecDocument) {
        self.document = document
        diagnostics = document.diagnostics
        components = document.root["components"]?.objectValue ?? JSONObject()
        var definitions: [String: JSONValue] = [:]
        // Only the schemas `build` reads (see `maxSchemas`).
        for (name, value) in (components["schemas"]?.objectValue ?? JSONObject()).prefix(Self.maxSchemas) {
            definitions[name] = value
        }
        schemaDefinitions = definitions
    }

    mutating func build() -> EndpointIndex {
        var schemas: [String: OpenAPISchema] = [:]
        schemas.reserveCapacity(schemaDefinitions.count)
        let allSchemaNames = components["schemas"]?.objectValue?.keys ?? []
        let schemaNames = Array(allSchemaNames.prefix(Self.maxSchemas))
        if allSchemaNames.count > Self.maxSchemas {
            note(
                .error, "too-many-schemas", "/components/schemas",
                "the document has \(allSchemaNames.count) component schemas; the first \(Self.maxSchemas) are read and "
                    + "references to the rest are unconstrained")
        }
        for name in schemaNames {
            schemas[name] = convertSchema(
                schemaDefinitions[name] ?? .null, pointer: "/components/schemas/\(name.jsonPointerEscaped)")
        }
        let chained = SchemaCycles.tooLongChains(schemas: schemas, order: schemaNames, limit: Self.maxSchemaChain)
        for name in chained { schemas[name] = .any }
        if let first = chained.first {
            let others = chained.count > 1 ? " (and \(chained.count - 1) more schemas like it)" : ""
            note(
                .error, "schema-chain-too-long", "/components/schemas/\(first.jsonPointerEscaped)",
                "more than \(Self.maxSchemaChain) schemas follow one another from here for the same value ($ref, allOf, "
                    + "oneOf, anyOf); it is read as unconstrained\(others)")
        }
        let globalSecurity = securityHeaders(document.root["security"])
        var endpoints: [Endpoint] = []
        var seenOperationIds: [String: String] = [:]
        var leftOut = 0
        for (path, item) in document.root["paths"]?.objectValue ?? JSONObject() {
            let pathPointer = "/paths/\(path.jsonPointerEscaped)"
            if endpoints.count >= Self.maxOperations {
                // A path item by $ref is not read: it counts as one.
                let object = item.objectValue ?? JSONObject()
                leftOut += object["$ref"] != nil ? 1 : object.keys.filter { Self.methods.contains($0) }.count
                continue
            }
            if let problem = Self.pathProblem(path) {
                note(.error, "unsafe-path", pathPointer, "the path \(problem); its operations are left out")
                continue
            }
            guard let pathItem = resolveObject(item, pointer: pathPointer, section: nil) else { continue }
            let shared = parameters(pathItem["parameters"], pointer: pathPointer + "/parameters")
            for (method, _) in pathItem
            where !Self.methods.contains(method) && Self.methods.contains(method.lowercased()) {
                // OpenAPI's method fields are lower-case: "Get" beside "get" would make two endpoints of one key.
                note(
                    .warning, "invalid-method-key", "\(pathPointer)/\(method.jsonPointerEscaped)",
                    "\"\(SpecText.quoted(method, limit: 20))\" is not an operation field (methods are lower-case: "
                        + "\"\(method.lowercased())\"); ignored")
            }
            for (method, operationValue) in pathItem where Self.methods.contains(method) {
                let pointer = "\(pathPointer)/\(method)"
                guard let operation = operationValue.objectValue else {
                    note(.warning, "invalid-operation", pointer, "the operation is \(operationValue.typeName); skipped")
                    continue
                }
                var endpoint = makeEndpoint(
                    method: method, path: path, operation: operation, shared: shared, pointer: pointer,
                    globalSecurity: globalSecurity)
                if let operationId = endpoint.operationId {
                    if let other = seenOperationIds[operationId] {
                        note(
                            .warning, "duplicate-operation-id", pointer + "/operationId",
                            "operationId \"\(operationId)\" is also used by \(other); "
                                + "this endpoint answers only to \"\(endpoint.key)\"")
                        endpoint = endpoint.withoutOperationId()
                    } else {
                        seenOperationIds[operationId] = endpoint.key
                    }
                }
                guard endpoints.count < Self.maxOperations else {
                    leftOut += 1
                    continue
                }
                endpoints.append(endpoint)
            }
        }
        if leftOut > 0 {
            // First, so the cap on diagnostics cannot drop it.
            diagnostics.insert(
                SpecDiagnostic(
                    .error, kind: "too-many-operations", at: "/paths",
                    "the document has more than \(Self.maxOperations) operations; the first \(endpoints.count) in "
                        + "document order are indexed and \(leftOut) more are left out"), at: 0)
        }
        diagnostics += SchemaCycles.diagnostics(schemas: schemas, order: schemaNames)
        if diagnostics.count > Self.maxDiagnostics {
            let more = diagnostics.count - Self.maxDiagnostics
            diagnostics.removeLast(more)
            note(.warning, "more-diagnostics", "", "\(more) more diagnostics are not listed")
        }
        return EndpointIndex(
            // YAML reads `version: 1` as a number: its text, not nothing.
            title: document.root["info"]?["title"]?.scalarText ?? "(untitled)",
            version: document.root["info"]?["version"]?.scalarText ?? "",
            openAPIVersion: document.openAPIVersion, source: document.source,
            serverURLs: (document.root["servers"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue },
            endpoints: endpoints, schemas: schemas, schemaOrder: schemaNames, diagnostics: diagnostics)
    }

    // MARK: Operations

    private mutating func makeEndpoint(
        method: String, path: String, operation: JSONObject, shared: [EndpointParameter], pointer: String,
        globalSecurity: [String]
    ) -> Endpoint {
        // Keyed by name and location so that merging stays linear in the parameter count.
        var merged = shared
        var positions: [String: Int] = [:]
        for (offset, parameter) in merged.enumerated() {
            positions["\(parameter.location)\u{0}\(parameter.name)"] = offset
        }
        for parameter in parameters(operation["parameters"], pointer: pointer + "/parameters") {
            let key = "\(parameter.location)\u{0}\(parameter.name)"
            if let index = positions[key] {
                merged[index] = parameter
            } else {
                positions[key] = merged.count
                merged.append(parameter)
            }
        }
        for name in Set(pathPlaceholders(path)) where positions["\(EndpointParameter.Location.path)\u{0}\(name)"] == nil
        {
            note(
                .warning, "undeclared-path-parameter", pointer,
                "path parameter {\(name)} is not declared; it is taken as a required string")
            merged.append(
                EndpointParameter(name: name, location: .path, required: true, schema: OpenAPISchema(types: ["string"]))
            )
        }
        // `invoke` takes parameters by name in one object: two of one name (a path and a query `id`) get one value.
        var locationsByName: [String: [String]] = [:]
        for parameter in merged { locationsByName[parameter.name, default: []].append(parameter.location.rawValue) }
        for (name, locations) in locationsByName.sorted(by: { $0.key < $1.key }) where locations.count > 1 {
            note(
                .warning, "ambiguous-parameter", pointer,
                "parameter \"\(TextBounds.shortened(name))\" is declared in \(locations.joined(separator: " and ")); "
                    + "invoke's params name it once, so each gets the same value")
        }
        let operationId = operation["operationId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if operationId == nil {
            note(
                .warning, "missing-operation-id", pointer,
                "no operationId; the endpoint answers to \"\(method.uppercased()) \(path)\"")
        }
        let security = operation["security"].map { securityHeaders($0) } ?? globalSecurity
        return Endpoint(
            method: method, path: path, operationId: operationId, summary: text(operation["summary"]),
            description: text(operation["description"]),
            tags: (operation["tags"]?.arrayValue ?? []).compactMap(\.stringValue),
            deprecated: operation["deprecated"]?.boolValue ?? false, parameters: merged,
            requestBody: requestBody(operation["requestBody"], pointer: pointer + "/requestBody"),
            responses: responses(operation["responses"], pointer: pointer + "/responses"),
            securityHeaders: security)
    }

    /// Operations indexed at most (Conductor's largest document has 272): a 16 MB document of 640,000 took 11 s and
    /// 1.4 GB before its first search. Past it the rest are left out with an error diagnostic.
    static let maxOperations = 5_000

    /// Component schemas read at most (Orkes has 196): 1.2 million empty ones took 5.7 s and 824 MB.
    static let maxSchemas = 20_000

    /// Schemas that may follow one another for one value (a `$ref` to a `$ref` to …): the tools follow such a chain
    /// by recursion, and 10,000 links overflowed the stack. The three real Conductor documents are far below it.
    static let maxSchemaChain = 64

    /// Diagnostics kept at most; past it one more says how many were not listed.
    static let maxDiagnostics = 1_000

    /// Why a path cannot be appended to the server URL safely, or nil. A path must start with `/` (`@host/x` or
    /// `.evil.example/x` appended to `http://server` names another host) and hold only characters a URL path may
    /// carry, besides `{name}` placeholders; dot segments are refused since servers resolve them.
    static func pathProblem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "does not start with \"/\", so it could change the server's host" }
        guard path.utf8.count <= 2048 else { return "is \(path.utf8.count) bytes long (at most 2048)" }
        let allowed = Set("-._~!$&'()*+,;=:@/{}%".unicodeScalars)
        for scalar in path.unicodeScalars
        where !(scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
            && !allowed.contains(scalar)
        {
            let shown =
                scalar.value < 0x20 || scalar.value >= 0x7F
                ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "\"\(scalar)\""
            return "contains \(shown), which a URL path cannot carry unencoded"
        }
        // Servers decode before they resolve: `%2e%2e` is as much a dot segment as `..`.
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.contains(where: {
            let decoded = String($0).removingPercentEncoding ?? String($0)
            return decoded == "." || decoded == ".."
        }) {
            return "contains a dot segment (\".\" or \"..\", percent-encoded or not)"
        }
        if segments.dropLast().contains(where: \.isEmpty) { return "contains an empty segment (\"//\")" }
        // The access policy judges the path as written; a server decodes escapes and drops matrix parameters before
        // it routes (`/api/%73ecrets`, `/api;v=1/secrets` reach `/api/secrets`), so such a path would pass rules
        // written for the path it reaches.
        if path.utf8.contains(UInt8(ascii: "%")) {
            return "contains a percent-escape, which the server decodes before routing (the access policy could not "
                + "judge the path it reaches)"
        }
        if path.utf8.contains(UInt8(ascii: ";")) {
            return "contains \";\", whose matrix parameters the server drops before routing (the access policy could "
                + "not judge the path it reaches)"
        }
        // Placeholders are `{name}`: a stray or nested brace would be sent as text around an encoded value.
        var open = false
        var nameLength = 0
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "{"):
                if open { return "nests a \"{\" inside a placeholder" }
                open = true
                nameLength = 0
            case UInt8(ascii: "}"):
                if !open { return "has a \"}\" that closes no placeholder" }
                if nameLength == 0 { return "has an empty placeholder \"{}\"" }
                open = false
            case UInt8(ascii: "/") where open:
                return "has a placeholder that does not close before the next \"/\""
            default:
                if open { nameLength += 1 }
            }
        }
        if open { return "has a placeholder that does not close" }
        return nil
    }

    private func pathPlaceholders(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                names.append(name)
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return names
    }

    private mutating func parameters(_ value: JSONValue?, pointer: String) -> [EndpointParameter] {
        guard let value else { return [] }
        guard let list = value.arrayValue else {
            note(.warning, "invalid-parameters", pointer, "parameters is \(value.typeName), not an array; ignored")
            return []
        }
        var result: [EndpointParameter] = []
        for (offset, element) in list.enumerated() {
            let itemPointer = "\(pointer)/\(offset)"
            guard let object = resolveObject(element, pointer: itemPointer, section: "parameters") else { continue }
            guard let name = object["name"]?.stringValue, !name.isEmpty else {
                note(.warning, "invalid-parameter", itemPointer, "parameter without a name; ignored")
                continue
            }
            let locationText = object["in"]?.stringValue ?? ""
            guard let location = EndpointParameter.Location(rawValue: locationText) else {
                note(
                    .warning, "invalid-parameter", itemPointer,
                    "parameter \"\(name)\" has location \"\(locationText)\"; expected path, query, header or cookie; "
                        + "ignored")
                continue
            }
            var schema = OpenAPISchema.any
            if let schemaValue = object["schema"] {
                schema = convertSchema(schemaValue, pointer: itemPointer + "/schema")
            } else if let content = object["content"]?.objectValue, let first = content.members.first,
                let schemaValue = first.value["schema"]
            {
                schema = convertSchema(schemaValue, pointer: itemPointer + "/content/\(first.key.jsonPointerEscaped)")
            }
            result.append(
                EndpointParameter(
                    name: name, location: location, required: object["required"]?.boolValue ?? false, schema: schema,
                    description: text(object["description"]), deprecated: object["deprecated"]?.boolValue ?? false,
                    style: object["style"]?.stringValue, explode: object["explode"]?.boolValue))
        }
        return result
    }

    private mutating func requestBody(_ value: JSONValue?, pointer: String) -> RequestBody? {
        guard let value else { return nil }
        guard let object = resolveObject(value, pointer: pointer, section: "requestBodies") else {
            // The body exists but its definition is lost: keep it as "any JSON" so invoke can still send one.
            return RequestBody(
                required: false, description: nil, content: [MediaType(name: "application/json", schema: .any)])
        }
        return RequestBody(
            required: object["required"]?.boolValue ?? false, description: text(object["description"]),
            content: content(object["content"], pointer: pointer + "/content"))
    }

    private mutating func responses(_ value: JSONValue?, pointer: String) -> [EndpointResponse] {
        guard let object = value?.objectValue else { return [] }
        var result: [EndpointResponse] = []
        for (status, responseValue) in object where !status.hasPrefix("x-") {
            let responsePointer = "\(pointer)/\(status.jsonPointerEscaped)"
            guard let response = resolveObject(responseValue, pointer: responsePointer, section: "responses") else {
                result.append(EndpointResponse(status: status, description: "(definition not found)", content: []))
                continue
            }
            result.append(
                EndpointResponse(
                    status: status, description: text(response["description"]),
                    content: content(response["content"], pointer: responsePointer + "/content")))
        }
        return result
    }

    private mutating func content(_ value: JSONValue?, pointer: String) -> [MediaType] {
        guard let object = value?.objectValue else { return [] }
        return object.map { name, media in
            let schema = media["schema"].map {
                convertSchema($0, pointer: "\(pointer)/\(name.jsonPointerEscaped)/schema")
            }
            return MediaType(name: name, schema: schema ?? .any)
        }
    }

    private func securityHeaders(_ value: JSONValue?) -> [String] {
        let schemes = components["securitySchemes"]?.objectValue ?? JSONObject()
        var headers: [String] = []
        for requirement in value?.arrayValue ?? [] {
            for (schemeName, _) in requirement.objectValue ?? JSONObject() {
                guard let scheme = schemes[schemeName], scheme["type"]?.stringValue == "apiKey",
                    scheme["in"]?.stringValue == "header", let header = scheme["name"]?.stringValue,
                    !headers.contains(header)
                else { continue }
                headers.append(header)
            }
        }
        return headers
    }

    /// Follows a `$ref` to `#/components/SECTION/NAME` (one or more hops) and returns the object, or nil with a
    /// diagnostic when it leads nowhere.
    private mutating func resolveObject(_ value: JSONValue, pointer: String, section: String?) -> JSONObject? {
        var current = value
        var hops = 0
        while let ref = current["$ref"]?.stringValue {
            hops += 1
            guard hops < 16, let target = lookup(ref) else {
                note(
                    .warning, "broken-ref", pointer,
                    "$ref \"\(ref)\" does not resolve\(hops >= 16 ? " (reference loop)" : ""); that part is left out")
                return nil
            }
            current = target
        }
        guard let object = current.objectValue else {
            note(.warning, "invalid-object", pointer, "expected an object, found \(current.typeName); ignored")
            return nil
        }
        return object
    }

    /// The value at a local JSON pointer `#/...`, or nil.
    private func lookup(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var current: JSONValue = .object(document.root)
        for rawToken in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let token = String(rawToken).replacingOccurrences(of: "~1", with: "/")
                .replacingOccurrences(of: "~0", with: "~").removingPercentEncodingIfNeeded
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    func text(_ value: JSONValue?) -> String? {
        guard let string = value?.stringValue else { return nil }
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    mutating func note(
        _ severity: SpecDiagnostic.Severity, _ kind: String, _ pointer: String, _ message: String
    ) {
        diagnostics.append(SpecDiagnostic(severity, kind: kind, at: pointer, message))
    }
}

extension Endpoint {
    /// The same endpoint, answering only to its `METHOD /path` key.
    func withoutOperationId() -> Endpoint {
        Endpoint(
            method: method, path: path, operationId: nil, summary: summary, description: description, tags: tags,
            deprecated: deprecated, parameters: parameters, requestBody: requestBody, responses: responses,
            securityHeaders: securityHeaders)
    }

    /// The same endpoint at a concrete `path` (its values filled in), for rules judged on the path a server routes.
    func at(path concrete: String) -> Endpoint {
        Endpoint(
            method: method, path: concrete, operationId: operationId, summary: summary, description: description,
            tags: tags, deprecated: deprecated, parameters: parameters, requestBody: requestBody, responses: responses,
            securityHeaders: securityHeaders)
    }
}

extension String {
    /// Percent-decoded when the text holds an escape (JSON pointers in `$ref`s may be URI-encoded).
    fileprivate var removingPercentEncodingIfNeeded: String {
        contains("%") ? (removingPercentEncoding ?? self) : self
    }
}

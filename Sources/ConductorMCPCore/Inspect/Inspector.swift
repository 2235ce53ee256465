/// Describes one endpoint for an agent: parameters, body and responses in compact type notation, the named types
/// they use (each once), and example arguments for `invoke`, all within a character budget.
///
/// The budget decides how many named types are printed in full: types are printed in the order they are first met
/// (request body first, then responses), and those that do not fit are listed by name with how to expand them.
public struct Inspector: Sendable {
    /// Target size of a report, in characters.
    public var budget = 6000
    /// Optional members listed per type before the rest are named in a `// +N more` line.
    public var optionalMembersPerType = 40
    /// Description text kept, in characters.
    public var descriptionLimit = 600

    private let index: EndpointIndex
    private let renderer: SchemaRenderer
    private let examples: ExampleBuilder
    /// What the report calls the operations and arguments it points at.
    public let names: ToolNames

    /// An inspector over `index`, naming operations and arguments as `names` says.
    public init(index: EndpointIndex, names: ToolNames = ToolNames()) {
        self.index = index
        self.names = names
        renderer = SchemaRenderer(index: index)
        examples = ExampleBuilder(index: index)
    }

    /// The endpoint `name` names (`METHOD /path` or operationId), or an error naming the three nearest.
    public func endpoint(named name: String) throws(InspectError) -> Endpoint {
        if let endpoint = index.endpoint(named: name) { return endpoint }
        throw .unknownEndpoint(name, nearest: index.nearest(to: name).map(Self.label))
    }

    /// `METHOD /path (operationId)`.
    static func label(_ endpoint: Endpoint) -> String {
        endpoint.key + (endpoint.operationId.map { " (\($0))" } ?? "")
    }

    /// The report for `name`, with the types in `expand` printed in full whatever the budget.
    public func inspect(_ name: String, expand: [String] = []) throws(InspectError) -> InspectReport {
        let endpoint = try endpoint(named: name)
        let unknown = expand.filter { index.schema(named: $0) == nil }
        if !unknown.isEmpty {
            // Distances computed once per schema name, for the first few unknown names only.
            var nearest: [String] = []
            for name in unknown.prefix(3) {
                let target = name.lowercased()
                let scored = index.schemaOrder.map { ($0, EditDistance.between($0.lowercased(), target)) }
                for (candidate, _) in scored.sorted(by: { $0.1 < $1.1 }).prefix(3) where !nearest.contains(candidate) {
                    nearest.append(candidate)
                }
            }
            throw .unknownTypes(unknown, nearest: nearest)
        }
        return report(endpoint, expand: expand)
    }

    private func report(_ endpoint: Endpoint, expand: [String]) -> InspectReport {
        var referenced: [String] = []
        var head: [String] = []
        head.append(endpoint.key + (endpoint.summary.map { " — \(SchemaRenderer.oneLine($0))" } ?? ""))
        var facts: [String] = []
        if let operationId = endpoint.operationId { facts.append("operationId: \(operationId)") }
        if !endpoint.tags.isEmpty { facts.append("tags: \(endpoint.tags.joined(separator: ", "))") }
        if endpoint.deprecated { facts.append("DEPRECATED") }
        if !endpoint.securityHeaders.isEmpty {
            facts.append("auth: \(endpoint.securityHeaders.joined(separator: ", ")) header (added by the server)")
        }
        if !facts.isEmpty { head.append(facts.joined(separator: " · ")) }
        if let description = endpoint.description.map({ SchemaRenderer.oneLine($0) }), description != endpoint.summary {
            head.append(
                description.count > descriptionLimit
                    ? String(description.prefix(descriptionLimit)) + "… (description cut)" : description)
        }

        head.append("")
        if endpoint.parameters.isEmpty {
            head.append("Parameters: none")
        } else {
            head.append("Parameters (all go in \(names.invoke)'s \(names.params)):")
            for parameter in endpoint.parameters {
                var line = "  \(parameter.name) (\(parameter.location.rawValue)"
                line += parameter.required ? ", required" : ""
                line += "): " + renderer.expression(parameter.schema, referenced: &referenced)
                var notes = renderer.comment(for: parameter.schema)
                if parameter.deprecated { notes = notes.isEmpty ? "deprecated" : "deprecated, " + notes }
                if let description = parameter.description.map({ SchemaRenderer.oneLine($0) }), !description.isEmpty,
                    parameter.schema.description == nil
                {
                    let short = description.count > 90 ? String(description.prefix(89)) + "…" : description
                    notes = notes.isEmpty ? short : notes + ", " + short
                }
                if !notes.isEmpty { line += " // \(notes)" }
                head.append(line)
            }
        }

        if let body = endpoint.requestBody {
            let media = body.preferred
            let mediaName = media?.name ?? "application/json"
            var line = "Body (\(mediaName)\(body.required ? ", required" : ", optional")): "
            line += media.map { renderer.expression($0.schema, referenced: &referenced, indent: "  ") } ?? "any"
            head.append(line)
            if let description = body.description.map({ SchemaRenderer.oneLine($0) }) {
                head.append("  // \(description)")
            }
        } else {
            head.append("Body: none")
        }

        head.append("Responses:")
        if endpoint.responses.isEmpty { head.append("  (none documented)") }
        for response in endpoint.responses {
            var line = "  \(response.status)"
            if let description = response.description { line += " \(SchemaRenderer.oneLine(description))" }
            if let media = response.content.first {
                let type =
                    media.schema.isUnconstrained
                    ? "any" : renderer.expression(media.schema, referenced: &referenced, indent: "  ")
                line += ": \(type)"
                if !MediaType.isJSON(media.name) { line += " (\(media.name))" }
            } else {
                line += ": no body"
            }
            head.append(line)
        }

        let exampleArguments = exampleArguments(for: endpoint)
        let tail = ["", "Example \(names.invoke) arguments (fill in the <placeholders>):", exampleArguments.jsonText]

        // Named types, breadth-first from what the endpoint mentions, each printed once.
        var typeBlocks: [String] = []
        var shown: [String] = []
        var notShown: [String] = []
        var queue = referenced
        for name in expand where !queue.contains(name) { queue.insert(name, at: 0) }
        var position = 0
        let fixedLength = (head + tail).reduce(0) { $0 + $1.count + 1 } + 400
        var used = fixedLength
        while position < queue.count {
            let name = queue[position]
            position += 1
            guard let schema = index.schema(named: name) else { continue }
            var mentions: [String] = []
            let forced = expand.contains(name)
            let block = typeBlock(name, schema, referenced: &mentions, limit: forced ? nil : optionalMembersPerType)
            if !forced, used + block.count + 1 > budget {
                notShown.append(name)
                continue
            }
            used += block.count + 1
            typeBlocks.append(block)
            shown.append(name)
            for mention in mentions where !queue.contains(mention) { queue.append(mention) }
        }

        var lines = head
        if !typeBlocks.isEmpty {
            lines.append("")
            lines.append("Types:")
            lines.append(contentsOf: typeBlocks)
        }
        lines.append(contentsOf: tail)
        if !notShown.isEmpty {
            let list = notShown.prefix(12).joined(separator: ", ") + (notShown.count > 12 ? ", …" : "")
            lines.append("")
            lines.append(
                "Not shown (size budget): \(notShown.count) type\(notShown.count == 1 ? "" : "s"): \(list). "
                    + "Call \(names.inspect) again with \(names.expand): [\"\(notShown[0])\"] to see one.")
        }
        return InspectReport(
            text: lines.joined(separator: "\n"), endpoint: endpoint, exampleArguments: exampleArguments,
            typesShown: shown, typesNotShown: notShown)
    }

    private func typeBlock(_ name: String, _ schema: OpenAPISchema, referenced: inout [String], limit: Int?) -> String {
        let isObject = !schema.properties.isEmpty
        guard isObject else {
            return "type \(name) = \(renderer.expression(schema, referenced: &referenced, indent: "  "));"
        }
        var header = "type \(name) = {"
        if let description = schema.description.map({ SchemaRenderer.oneLine($0) }), !description.isEmpty {
            header = "// \(description.count > 100 ? String(description.prefix(99)) + "…" : description)\n" + header
        }
        let (lines, omitted) = renderer.propertyLines(schema, referenced: &referenced, limit: limit)
        var block = [header] + lines
        if !omitted.isEmpty {
            let list = omitted.prefix(10).joined(separator: ", ") + (omitted.count > 10 ? ", …" : "")
            block.append("  // +\(omitted.count) more optional: \(list) (\(names.expand): [\"\(name)\"] shows all)")
        }
        block.append("}")
        return block.joined(separator: "\n")
    }

    /// `{endpoint, params, body}` with every required parameter and the body's required members as placeholders.
    public func exampleArguments(for endpoint: Endpoint) -> JSONValue {
        var arguments = JSONObject()
        arguments["endpoint"] = .string(endpoint.key)
        var params = JSONObject()
        for parameter in endpoint.parameters where parameter.required {
            params[parameter.name] = examples.example(parameter.schema, name: parameter.name)
        }
        if !params.isEmpty { arguments["params"] = .object(params) }
        if let body = endpoint.requestBody, let media = body.preferred {
            if media.name.lowercased().hasPrefix("text/") {
                arguments["body"] = "<text>"
            } else {
                arguments["body"] = examples.example(media.schema, name: "body")
            }
        }
        return .object(arguments)
    }
}

public import ConductorMCPCore
import Foundation

/// The `search` tool: natural-language query → ranked endpoints; an empty query → an overview by tag.
public struct SearchTool: Sendable {
    /// The tool's name in `tools/list`.
    public static let name = "search"

    /// Results per call unless `limit` says otherwise.
    public static let defaultLimit = 8
    /// The most results one call returns.
    public static let maxLimit = 50

    private let index: EndpointIndex
    private let engine: SearchEngine
    private let policy: AccessPolicy?
    private let visibility: PolicyVisibility

    /// The tool over `index`; with a `policy`, endpoints the caller may not invoke are marked or hidden.
    public init(
        index: EndpointIndex, engine: SearchEngine, policy: AccessPolicy? = nil, visibility: PolicyVisibility = .mark
    ) {
        self.index = index
        self.engine = engine
        self.policy = policy
        self.visibility = visibility
    }

    /// How `tools/list` shows it.
    public static let definition = ToolDefinition(
        name: Self.name, title: "Search Conductor endpoints",
        description: """
            Step 1 of 3. Find endpoints by intent, in plain words ("pause a workflow"). Returns ranked \
            `METHOD /path — summary` lines with required params; an empty query gives an overview by tag. Then \
            inspect one.
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "query": ["type": "string", "description": "What you want to do; empty for an overview"],
                "tag": ["type": "string", "description": "Only endpoints with this tag"],
                "method": ["type": "string", "enum": .array(EndpointIndex.methods.map(JSONValue.string))],
                "limit": ["type": "integer", "minimum": 1, "maximum": 50, "default": 8],
            ],
            "required": ["query"],
        ],
        readOnly: true, destructive: false, openWorld: false)

    /// Runs the tool on MCP arguments for `caller`.
    public func call(_ arguments: JSONObject, caller: CallerIdentity = .local) -> ToolResult {
        var reader = ToolArguments(tool: "search", values: arguments, accepted: ["query", "tag", "method", "limit"])
        let query = reader.string("query", required: true)
        let tag = reader.string("tag")
        let method = reader.string("method")
        let limit = reader.integer("limit", in: 1...Self.maxLimit) ?? Self.defaultLimit
        if let method, !EndpointIndex.methods.contains(method.uppercased()) {
            return .failure(
                "Invalid arguments for search:\n- \"method\" must be one of "
                    + EndpointIndex.methods.joined(separator: ", "))
        }
        if let failure = reader.failure(usage: #"{"query": "pause a workflow", "limit": 8}"#) { return failure }
        var tagProblem: ToolResult?
        if let tag, !index.endpoints.contains(where: { $0.tags.contains { $0.lowercased() == tag.lowercased() } }) {
            let tags = Set(index.endpoints.flatMap(\.tags)).sorted {
                EditDistance.between($0, tag) < EditDistance.between($1, tag)
            }
            tagProblem = .failure(
                "Unknown tag \"\(tag)\". Nearest tags: \(tags.prefix(3).joined(separator: ", ")). "
                    + "Call search with an empty query to list every tag.")
        }
        if let tagProblem { return tagProblem }
        let text = (query ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let role = policy?.role(for: caller)
        if text.isEmpty, tag == nil, method == nil { return overview(role: role) }
        return results(query: text, tag: tag, method: method, limit: limit, role: role)
    }

    /// The refusal for `endpoint`, or nil when the role may invoke it (or there is no policy).
    private func refusal(_ endpoint: Endpoint, role: AccessRole?) -> PolicyDecision? {
        guard let policy, let role else { return nil }
        let decision = policy.decide(endpoint, role: role)
        return decision.allowed ? nil : decision
    }

    private func results(query: String, tag: String?, method: String?, limit: Int, role: AccessRole?) -> ToolResult {
        var hits = engine.search(query, tag: tag, method: method, limit: limit)
        var hidden = 0
        if visibility == .hide, role != nil {
            // Hidden endpoints must not use up the limit: rank the whole index, keep what the role may call.
            let all = engine.search(query, tag: tag, method: method, limit: index.endpoints.count)
            let allowed = all.filter { refusal($0.endpoint, role: role) == nil }
            hidden = all.count - allowed.count
            hits = Array(allowed.prefix(limit))
        }
        var filters: [String] = []
        if let tag { filters.append("tag \(tag)") }
        if let method { filters.append(method.uppercased()) }
        let scope = filters.isEmpty ? "" : " (\(filters.joined(separator: ", ")))"
        // The query as the answer shows it: one line, no control characters (the structured part keeps it as sent).
        let shown = SchemaRenderer.oneLine(query)
        guard !hits.isEmpty else {
            let note = hidden > 0 ? " " + Self.hiddenNote(hidden, more: false, role: role) : ""
            return ToolResult(
                text: "No endpoint matches \"\(shown)\"\(scope) among \(index.endpoints.count). Try other words, "
                    + "or an empty query for the overview by tag.\(note)",
                structured: ["query": .string(query), "results": []])
        }
        // Nothing matched the words: say so, and show what is spelled nearest rather than nothing.
        let nearest = hits.allSatisfy(\.isNearest)
        // Spelled like nothing at all ("?", an emoji, another script): the endpoints shown are no nearer than others.
        let resembles = !nearest || hits.contains { $0.score > 0 }
        let heading =
            !resembles
            ? "Nothing in \"\(shown)\"\(scope) resembles an endpoint's words. The first \(hits.count) of the document:"
            : nearest
                ? "No endpoint matches \"\(shown)\"\(scope) well. Nearest \(hits.count) by spelling:"
                : "\(hits.count) endpoint\(hits.count == 1 ? "" : "s") for \"\(shown)\"\(scope), best first:"
        var lines = [heading]
        var structured: [JSONValue] = []
        for hit in hits {
            var line = Self.line(hit.endpoint)
            var summary = Self.summary(hit.endpoint)
            if let refused = refusal(hit.endpoint, role: role) {
                line += " · NOT ALLOWED for role \(refused.role)"
                if case .object(var object) = summary {
                    object["allowed"] = false
                    summary = .object(object)
                }
            }
            lines.append(line)
            structured.append(summary)
        }
        if hidden > 0 { lines.append(Self.hiddenNote(hidden, more: true, role: role)) }
        lines.append(
            nearest
                ? "Try other words, or an empty query for the overview by tag; inspect one of these if it fits."
                : "Next: inspect {\"endpoint\": \"\(hits[0].endpoint.key)\"}")
        var object: JSONObject = ["query": .string(query), "results": .array(structured)]
        if nearest { object["nearest"] = true }
        if !resembles { object["resembles"] = false }
        if hidden > 0 { object["hidden"] = .int(hidden) }
        return ToolResult(text: lines.joined(separator: "\n"), structured: .object(object))
    }

    /// "3 matching endpoints are hidden: role viewer may not invoke them." (`more`: "3 more matching …").
    private static func hiddenNote(_ hidden: Int, more: Bool, role: AccessRole?) -> String {
        "\(hidden)\(more ? " more" : "") matching endpoint\(hidden == 1 ? " is" : "s are") hidden: "
            + "role \(role?.name ?? "") may not invoke them."
    }

    private func overview(role: AccessRole?) -> ToolResult {
        let overview = engine.overview()
        var lines = [
            "\(overview.title) \(index.version): \(overview.endpointCount) endpoints in \(overview.tags.count) tags. "
                + "Search with words for what you want to do, or pass tag to list one group."
        ]
        if let role {
            let allowed = index.endpoints.filter { refusal($0, role: role) == nil }.count
            if allowed < index.endpoints.count {
                lines.append(
                    "Role \(role.name) may invoke \(allowed) of these \(index.endpoints.count) endpoints; "
                        + (visibility == .hide ? "search leaves out the others." : "search marks the others."))
            }
        }
        var structured: [JSONValue] = []
        for tag in overview.tags {
            let examples = tag.examples.map { $0.key }.joined(separator: "; ")
            lines.append("\(tag.tag) (\(tag.count)): \(examples)\(tag.count > tag.examples.count ? "; …" : "")")
            structured.append(
                [
                    "tag": .string(tag.tag), "count": .int(tag.count),
                    "examples": .array(tag.examples.map { .string($0.key) }),
                ])
        }
        return ToolResult(
            text: lines.joined(separator: "\n"),
            structured: [
                "title": .string(overview.title), "endpoints": .int(overview.endpointCount), "tags": .array(structured),
            ])
    }

    /// `METHOD /path — summary · operationId · required: a, b`.
    static func line(_ endpoint: Endpoint) -> String {
        var line = endpoint.key
        if let summary = endpoint.summary { line += " — " + SchemaRenderer.oneLine(summary, limit: 100) }
        if let operationId = endpoint.operationId { line += " · \(operationId)" }
        var required = endpoint.requiredParameters.map(\.name)
        if endpoint.requestBody?.required == true { required.append("body") }
        if !required.isEmpty { line += " · required: \(required.joined(separator: ", "))" }
        if endpoint.deprecated { line += " · DEPRECATED" }
        return line
    }

    static func summary(_ endpoint: Endpoint) -> JSONValue {
        var object = JSONObject()
        object["endpoint"] = .string(endpoint.key)
        object["method"] = .string(endpoint.method)
        object["path"] = .string(endpoint.path)
        if let operationId = endpoint.operationId { object["operationId"] = .string(operationId) }
        if let summary = endpoint.summary { object["summary"] = .string(summary) }
        object["required"] = .array(endpoint.requiredParameters.map { .string($0.name) })
        if endpoint.requestBody?.required == true { object["bodyRequired"] = true }
        if endpoint.deprecated { object["deprecated"] = true }
        return .object(object)
    }
}

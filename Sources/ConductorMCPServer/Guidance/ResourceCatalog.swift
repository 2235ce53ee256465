import ConductorMCPCore
import Foundation

/// The loaded document as MCP resources: `conductor://overview` (title, version, tags with counts) and
/// `conductor://tags/{tag}` (each tag's endpoints), read without a tool call.
struct ResourceCatalog {
    let index: EndpointIndex
    /// What the last reload changed; `conductor://diff/last` exists once there is one.
    var lastDiff: SpecDiff?
    /// Why the caller may not invoke an endpoint (nil when it may): such endpoints are marked, or left out when
    /// `hide` (tags left empty go too), as search does.
    var refusal: (Endpoint) -> PolicyDecision? = { _ in nil }
    var hide = false

    /// Tags in the document's order of first appearance, with the endpoints the caller is shown.
    private var tags: [(name: String, endpoints: [Endpoint])] {
        var order: [String] = []
        var byTag: [String: [Endpoint]] = [:]
        for endpoint in index.endpoints where !hide || refusal(endpoint) == nil {
            for tag in endpoint.tags.isEmpty ? ["untagged"] : endpoint.tags {
                if byTag[tag] == nil { order.append(tag) }
                byTag[tag, default: []].append(endpoint)
            }
        }
        return order.map { ($0, byTag[$0] ?? []) }
    }

    /// RFC 3986's unreserved characters: everything else in a tag name is percent-encoded.
    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// The URI of a tag's list; the tag is percent-encoded so that any tag name makes one path segment.
    static func uri(tag: String) -> String {
        "conductor://tags/" + (tag.addingPercentEncoding(withAllowedCharacters: unreserved) ?? tag)
    }

    /// `resources/list`.
    var listJSON: JSONValue {
        var resources: [JSONValue] = [
            [
                "uri": "conductor://overview", "name": "overview", "title": .string("\(index.title) \(index.version)"),
                "description": "The document's title, version and tags with their endpoint counts",
                "mimeType": "text/plain",
            ]
        ]
        if lastDiff != nil {
            resources.append([
                "uri": "conductor://diff/last", "name": "last reload",
                "description": "What the last reload of the API document changed, endpoint by endpoint",
                "mimeType": "text/plain",
            ])
        }
        for tag in tags {
            resources.append([
                "uri": .string(Self.uri(tag: tag.name)), "name": .string(tag.name),
                "description": .string("The \(tag.endpoints.count) endpoints tagged \(tag.name)"),
                "mimeType": "text/plain",
            ])
        }
        return ["resources": .array(resources)]
    }

    /// `resources/read` for `uri`, or why not.
    func read(_ uri: String) -> Result<JSONValue, JSONRPCError> {
        let text: String
        if uri == "conductor://diff/last", let lastDiff {
            text = lastDiff.text
        } else if uri == "conductor://overview" {
            var lines = [
                "\(index.title) \(index.version) (OpenAPI \(index.openAPIVersion)): "
                    + "\(tags.reduce(Set<String>()) { $0.union($1.endpoints.map(\.key)) }.count) endpoints"
            ]
            lines += tags.map { "\($0.name): \($0.endpoints.count) — \(Self.uri(tag: $0.name))" }
            text = lines.joined(separator: "\n")
        } else if let tag = tags.first(where: { Self.uri(tag: $0.name) == uri }) {
            text = tag.endpoints.map { endpoint in
                endpoint.key + (endpoint.summary.map { " — \($0)" } ?? "")
                    + (endpoint.operationId.map { " · \($0)" } ?? "")
                    + (refusal(endpoint).map { " · NOT ALLOWED for role \($0.role)" } ?? "")
            }.joined(separator: "\n")
        } else {
            return .failure(
                .invalidParams(
                    "unknown resource \"\(TextBounds.shortened(uri, limit: 80))\"; resources/list names them all"))
        }
        return .success(["contents": [["uri": .string(uri), "mimeType": "text/plain", "text": .string(text)]]])
    }
}

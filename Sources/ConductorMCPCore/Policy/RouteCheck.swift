import Foundation

/// What a server does with a built path before it routes it, and which endpoint that reaches.
///
/// The access policy judges the endpoint called (its path template); the server routes the path the values filled
/// in. The two differ when a value is a sibling endpoint's literal path word (Spring prefers `/tasks/backPopulate…` to
/// `/tasks/{taskId}`), or when what was built loses segments on the server's side: matrix parameters (`;m=x`) are
/// stripped, empty segments merged, dot segments resolved. A call whose path the server would route elsewhere is
/// refused; the policy's rules are also applied to the concrete path, for a document that puts a variable where a
/// rule names a word (`/api/{kind}/{key}` with kind "secrets").
public enum RouteCheck {
    /// How the server would see `path` (no query): each segment with matrix parameters dropped and escapes decoded
    /// (an encoded `/` stays encoded: it is no separator to the server); nil, with why, when that view loses a
    /// segment or resolves a dot segment.
    static func serverView(of path: String) -> (path: String?, problem: String?) {
        var segments: [String] = []
        let raw = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (offset, segment) in raw.enumerated() {
            let withoutMatrix =
                segment.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first
                .map(String.init) ?? ""
            let decoded = withoutMatrix.removingPercentEncoding ?? withoutMatrix
            if decoded == "." || decoded == ".." {
                return (
                    nil,
                    "the segment \"\(TextBounds.shortened(String(segment), limit: 40))\" is a dot segment to the server"
                )
            }
            if decoded.isEmpty, offset < raw.count - 1 || !segment.isEmpty {
                return (
                    nil,
                    "the segment \"\(TextBounds.shortened(String(segment), limit: 40))\" is empty once the server drops "
                        + "its matrix parameters, so the server would merge it away"
                )
            }
            segments.append(decoded.contains("/") ? withoutMatrix : decoded)
        }
        return ("/" + segments.joined(separator: "/"), nil)
    }

    /// How a server ranks templates that match one path, as Spring does (`PathPattern` and `AntPathMatcher` alike):
    /// fewer variables first, then the longer template with each variable counted as one character. The lower
    /// ranks first.
    static func rank(_ endpoint: Endpoint) -> (variables: Int, negativeLength: Int) {
        var variables = 0
        var length = 0
        var inVariable = false
        for character in endpoint.path {
            if character == "{" {
                inVariable = true
                variables += 1
                length += 1
            } else if character == "}" {
                inVariable = false
            } else if !inVariable {
                length += 1
            }
        }
        return (variables, -length)
    }

    /// The endpoint of `index` a server routes `path` to instead of `called`: one with the same method whose template
    /// matches and ranks first (see `rank`); a tie is ambiguous to the server too and counts. Nil when `called`
    /// ranks first.
    static func shadowingEndpoint(of called: Endpoint, path: String, in index: EndpointIndex) -> Endpoint? {
        var best: (endpoint: Endpoint, rank: (Int, Int))?
        let calledRank = rank(called)
        for endpoint in index.endpoints where endpoint.method == called.method && endpoint.key != called.key {
            let candidate = rank(endpoint)
            guard candidate <= calledRank, best.map({ candidate < $0.rank }) ?? true,
                let pattern = pattern(of: endpoint), pattern.matches(method: endpoint.method, path: path)
            else { continue }
            best = (endpoint, candidate)
        }
        return best?.endpoint
    }

    /// `endpoint`'s template as a glob: each `{name}` matches any characters within its segment.
    static func pattern(of endpoint: Endpoint) -> EndpointPattern? {
        var glob = ""
        var inVariable = false
        for character in endpoint.path {
            if character == "{" {
                inVariable = true
                glob.append("*")
            } else if character == "}" {
                inVariable = false
            } else if !inVariable {
                glob.append(character)
            }
        }
        return EndpointPattern("\(endpoint.method) \(glob)")
    }

    /// The path the server routes for a call of `endpoint` whose values built `path` (no query), and why the call
    /// would not reach `endpoint` (nil when it would).
    public static func route(endpoint: Endpoint, path: String, index: EndpointIndex) -> (
        path: String?, problem: String?
    ) {
        let view = serverView(of: path)
        if let problem = view.problem {
            return (nil, problem + "; the request would reach another path than the one called")
        }
        guard let routed = view.path else { return (nil, nil) }
        if let other = shadowingEndpoint(of: endpoint, path: routed, in: index) {
            return (
                routed,
                "the values make the path \(TextBounds.shortened(routed, limit: 120)), which the server routes to "
                    + "\(other.key) (a literal path word wins over a variable), not to this endpoint: this value cannot "
                    + "be sent in this position. Call \(other.key) if it is what you mean; else look for an endpoint "
                    + "that takes the value in its body or query"
            )
        }
        return (routed, nil)
    }
}

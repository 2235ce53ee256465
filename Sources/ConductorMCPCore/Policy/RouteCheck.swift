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

    /// The endpoint of `index` with more literal segments than `called` whose template matches `method path`: the
    /// one a server routes to instead (a literal beats a variable), the most literal first; nil when none.
    static func shadowingEndpoint(of called: Endpoint, path: String, in index: EndpointIndex) -> Endpoint? {
        func literals(_ endpoint: Endpoint) -> Int {
            endpoint.path.split(separator: "/").filter { !$0.contains("{") }.count
        }
        var best: (endpoint: Endpoint, literals: Int) = (called, literals(called))
        for endpoint in index.endpoints where endpoint.method == called.method && endpoint.key != called.key {
            let count = literals(endpoint)
            guard count > best.literals, let pattern = pattern(of: endpoint),
                pattern.matches(method: endpoint.method, path: path)
            else { continue }
            best = (endpoint, count)
        }
        return best.endpoint.key == called.key ? nil : best.endpoint
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

    /// Why a call of `endpoint` whose values built `path` would not reach `endpoint`, or nil when it would.
    public static func problem(endpoint: Endpoint, path: String, index: EndpointIndex) -> String? {
        let view = serverView(of: path)
        if let problem = view.problem { return problem + "; the request would reach another path than the one called" }
        guard let routed = view.path else { return nil }
        if let other = shadowingEndpoint(of: endpoint, path: routed, in: index) {
            return "the values make the path \(TextBounds.shortened(routed, limit: 120)), which the server routes to "
                + "\(other.key) (a literal path word wins over a variable); call that endpoint if it is what you mean"
        }
        return nil
    }

    /// The concrete path as the server sees it, for the policy's rules; nil when it cannot be built.
    public static func routedPath(_ path: String) -> String? { serverView(of: path).path }
}

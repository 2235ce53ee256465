/// A `METHOD /path` glob that matches endpoint keys, such as `DELETE /api/metadata/**` or `* /api/workflow/*/pause`.
///
/// The method is a name or `*`. In the path, `*` matches any characters within one segment (so `{workflowId}` and
/// `bulk` alike) and a whole `**` segment matches zero or more segments. Matching is against the path template the
/// document writes, case-sensitive for the path and not for the method.
public struct EndpointPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    private let method: String
    private let segments: [Substring]

    /// Parses `text`; nil when it is not `METHOD /path`.
    public init?(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[1].hasPrefix("/") else { return nil }
        self.text = text
        method = parts[0].uppercased()
        var segments = parts[1].split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
        // A trailing slash is no segment, in a pattern as in a path (see `matches`).
        if segments.count > 1, segments.last?.isEmpty == true { segments.removeLast() }
        self.segments = segments
    }

    public var description: String { text }

    /// True when `endpoint`'s method and path template match. A GET pattern covers HEAD too (a Spring server answers
    /// HEAD with the GET handler, which runs), and a path's trailing slash is not a segment of its own (servers
    /// that match `/pause/` as `/pause` would otherwise let `/**/pause` miss it).
    public func matches(method endpointMethod: String, path: String) -> Bool {
        let upper = endpointMethod.uppercased()
        guard method == "*" || method == upper || (method == "GET" && upper == "HEAD") else { return false }
        var pathSegments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
        if pathSegments.count > 1, pathSegments.last?.isEmpty == true { pathSegments.removeLast() }
        return Self.match(segments[...], pathSegments[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, wildcard(first.utf8[...], segment.utf8[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `*` within one segment: matches any run of characters.
    private static func wildcard(_ pattern: Substring.UTF8View.SubSequence, _ text: Substring.UTF8View.SubSequence)
        -> Bool
    {
        guard let first = pattern.first else { return text.isEmpty }
        if first == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            var remaining = text
            while true {
                if wildcard(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let character = text.first, character == first else { return false }
        return wildcard(pattern.dropFirst(), text.dropFirst())
    }
}

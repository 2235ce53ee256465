/// An OpenAPI path template such as `/workflow/{workflowId}/rerun`, split into its segments.
///
/// One model for two questions: does a concrete request path match the template (the emulator tells 404 from 405 by
/// it), and do two templates have the same shape whatever their placeholders are called (`{id}` vs `{workflowId}`, how
/// the index finds an endpoint named by a caller).
public struct PathTemplate: Sendable, Hashable {
    /// One `/`-separated segment of a template.
    public enum Segment: Sendable, Hashable {
        /// Text that must appear as it is.
        case literal(String)
        /// A placeholder, `{name}`, standing for any one non-empty segment.
        case variable(String)
    }

    /// The template as written.
    public let text: String
    /// The segments between slashes, empty ones included (a leading slash gives an empty first segment), so that
    /// `/queue/` and `/queue` keep different shapes as they are different templates.
    public let segments: [Segment]

    /// Parses a template; a segment is a variable when it is wholly `{…}`.
    public init(_ text: String) {
        self.text = text
        segments = text.split(separator: "/", omittingEmptySubsequences: false).map { part in
            if part.count >= 2, part.hasPrefix("{"), part.hasSuffix("}") {
                return .variable(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// Whether the concrete `path` matches: the same number of segments, literals equal, a variable matching any
    /// segment. Empty segments (a doubled or trailing slash) are ignored on both sides, as a servlet container
    /// tokenizes paths.
    public func matches(path: String) -> Bool {
        let parts = path.split(separator: "/")
        let pattern = segments.filter { $0 != .literal("") }
        guard pattern.count == parts.count else { return false }
        return zip(pattern, parts).allSatisfy { segment, part in
            switch segment {
            case .variable: true
            case .literal(let literal): literal == part
            }
        }
    }

    /// Whether `other` has the same segments, placeholder names aside.
    public func hasSameShape(as other: PathTemplate) -> Bool {
        guard segments.count == other.segments.count else { return false }
        return zip(segments, other.segments).allSatisfy { left, right in
            switch (left, right) {
            case (.variable, .variable): true
            case (.literal(let a), .literal(let b)): a == b
            default: false
            }
        }
    }
}

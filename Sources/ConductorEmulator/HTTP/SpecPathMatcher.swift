import BundledSpecs
import Foundation

/// Which HTTP methods the OSS document declares for a concrete request path.
///
/// Lets an unrouted request be told apart as Spring does: a path Conductor serves with other
/// methods is 405, any other path 404.
struct SpecPathMatcher: Sendable {
    private let templates: [(segments: [Substring], methods: Set<String>)]

    /// The matcher for the bundled OSS document, read once.
    static let oss = SpecPathMatcher(document: BundledSpecs.conductorOSS)

    /// Reads the paths of an OpenAPI document (Foundation's parser: fast, and only keys are needed).
    init(document: String) {
        let root = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any]
        let paths = root?["paths"] as? [String: Any] ?? [:]
        templates = paths.map { path, operations in
            let methods = (operations as? [String: Any] ?? [:]).keys.map { $0.uppercased() }
            return (path.split(separator: "/"), Set(methods))
        }
    }

    /// The declared methods of every template matching `path`; empty when none matches.
    func methods(for path: String) -> Set<String> {
        let segments = path.split(separator: "/")
        var methods: Set<String> = []
        for template in templates where template.segments.count == segments.count {
            let matches = zip(template.segments, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
            if matches { methods.formUnion(template.methods) }
        }
        return methods
    }
}

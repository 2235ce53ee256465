import BundledSpecs
import ConductorMCPCore

/// Which HTTP methods the OSS document declares for a concrete request path.
///
/// Lets an unrouted request be told apart as Spring does: a path Conductor serves with other
/// methods is 405, any other path 404.
struct SpecPathMatcher: Sendable {
    private let templates: [(template: PathTemplate, methods: Set<String>)]

    /// The matcher for the bundled OSS document, read once.
    static let oss = SpecPathMatcher(document: BundledSpecs.conductorOSS)

    /// Reads the paths of an OpenAPI document and the methods declared under each.
    init(document: String) {
        let paths = (try? JSONParser.parse(document))?["paths"]?.objectValue ?? [:]
        templates = paths.map { path, operations in
            let methods = (operations.objectValue?.keys ?? []).map { $0.uppercased() }
            return (PathTemplate(path), Set(methods))
        }
    }

    /// The declared methods of every template matching `path`; empty when none matches.
    func methods(for path: String) -> Set<String> {
        var methods: Set<String> = []
        for entry in templates where entry.template.matches(path: path) { methods.formUnion(entry.methods) }
        return methods
    }
}

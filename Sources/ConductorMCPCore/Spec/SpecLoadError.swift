public import Foundation

/// Why an OpenAPI document could not be used at all. Each message names the document, where it went wrong and what to
/// do; problems inside a readable document are `SpecDiagnostic`s instead.
public enum SpecLoadError: LocalizedError, Sendable, Equatable {
    /// The file does not exist or cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The URL could not be fetched, or answered with an error status.
    case fetchFailed(url: String, reason: String)
    /// Neither valid JSON nor valid YAML.
    case syntax(source: String, format: String, line: Int?, column: Int?, problem: String)
    /// Parsed, but not an OpenAPI 3.0/3.1 document.
    case notOpenAPI(source: String, problem: String)
    /// A Swagger 2.0 document.
    case swagger2(source: String)
    /// The setting names no document that can be read: empty, a URL of another scheme, an http(s) URL that cannot
    /// be requested.
    case invalidSource(argument: String, problem: String)

    /// Every piece a document or a server wrote (a problem quoting the document, a server's reason) is one printable
    /// line: a message cannot forge a log line.
    public var errorDescription: String? {
        switch self {
        case .unreadableFile(let path, let reason):
            return
                "Cannot read the OpenAPI document at \(SpecText.quoted(SpecSource.shown(path), limit: 200)): \(SpecText.quoted(reason)). "
                + "Check the path."
        case .fetchFailed(let url, let reason):
            return
                "Cannot fetch the OpenAPI document from \(SpecText.quoted(url, limit: 200)): \(SpecText.quoted(reason)). Check that the server is up and that "
                + "the URL is its /api-docs (for example http://localhost:8080/api-docs)."
        case .syntax(let source, let format, let line, let column, let problem):
            let position = line.map { " at line \($0)" + (column.map { ", column \($0)" } ?? "") } ?? ""
            return
                "\(SpecText.quoted(source, limit: 200)) is not valid \(format)\(position): \(SpecText.quoted(problem, limit: 1_000)). "
                + "Fix the document, or download it again from the server's /api-docs."
        case .notOpenAPI(let source, let problem):
            return
                "\(SpecText.quoted(source, limit: 200)) is not an OpenAPI document: \(SpecText.quoted(problem, limit: 1_000)). Expected a JSON or YAML object with "
                + "\"openapi\": \"3.0.x\" or \"3.1.x\" and a \"paths\" object, such as a Conductor server's /api-docs."
        case .swagger2(let source):
            return
                "\(SpecText.quoted(source, limit: 200)) is a Swagger 2.0 document, which is not supported. Expected OpenAPI 3.0.x or 3.1.x: "
                + "Conductor 3.x serves that at /api-docs, or convert the file (for example with swagger2openapi)."
        case .invalidSource(let argument, let problem):
            let shown =
                argument.isEmpty
                ? "The OpenAPI document's name" : SpecText.quoted(SpecSource.shown(argument), limit: 200)
            return
                "\(shown) \(problem). Give a file path or an http(s) URL (a server's /api-docs); leave it out for the "
                + "bundled Conductor OSS document."
        }
    }
}

import ArgumentParser
import ConductorMCPCore
import Foundation

/// `diff OLD NEW`: what changed between two Conductor versions, endpoint by endpoint.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two OpenAPI documents (files or URLs) endpoint by endpoint.",
        discussion: """
            Lists endpoints removed, renamed (same operationId, new path or method) and added, and for each endpoint \
            in both the parameters and request-body fields added, removed, made required or changed in type. \
            Exit code 0 when nothing an existing client relies on was removed or made stricter, 1 when something \
            was (every such line is marked [breaking]), 2 when a document cannot be read. \
            --spec-timeout S (before or after `diff`; 0 < S <= 3600, default 10) bounds each URL's whole download.
            Example: conductor-mcp-dynamic diff specs/netflix-conductor-3.x-2024-01.json \
            specs/conductor-oss-3.x-2025-08.json
            """)

    @Argument(help: "The old document: a JSON or YAML file, or a server's /api-docs URL.") var old: String
    @Argument(help: "The new document.") var new: String
    @Flag(help: "Print the diff as JSON.") var json = false
    @ParentCommand var root: ConductorMCPDynamic

    /// Seconds a URL may take: `--spec-timeout`, which the root's shared options parse wherever it stands (a second
    /// declaration here would never receive the value), checked there.
    private var specTimeout: Double { root.common.spec.specTimeout ?? 10 }

    func validate() throws {
        // Options the other subcommands share may come before a subcommand's name; none of them applies here, and
        // ignoring one would be a silent fallback.
        let ignored = root.common.givenFlags
        if !ignored.isEmpty {
            throw ValidationError(
                "diff compares the two documents it is given; \(ignored.joined(separator: ", ")) does not apply to it")
        }
    }

    func run() async throws {
        let loader = SpecLoader(timeout: .milliseconds(Int(specTimeout * 1000)))
        var indexes: [EndpointIndex] = []
        for argument in [old, new] {
            do {
                indexes.append(
                    EndpointIndex(document: try await loader.load(try SpecSource(validating: argument))))
            } catch {
                FileHandle.standardError.write(Data(((error.errorDescription ?? "\(error)") + "\n").utf8))
                throw ExitCode(2)
            }
        }
        let diff = SpecDiff(old: indexes[0], new: indexes[1])
        print(json ? diff.json.prettyJSONText : diff.text)
        if diff.breakingCount > 0 { throw ExitCode(1) }
    }
}

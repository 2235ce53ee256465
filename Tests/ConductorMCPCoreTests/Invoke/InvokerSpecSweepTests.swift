import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Invoker over the real documents")
struct InvokerSpecSweepTests {
    static let documents = [
        "specs/conductor-oss-3.x-2025-08.json", "specs/netflix-conductor-3.x-2024-01.json",
        "specs/orkes-conductor-v2-2025-10.json",
    ]

    /// ExampleBuilder stops at depth 4 and leaves `{}` there; this body's required members sit deeper
    /// (`body/0/apis/0/inputSchema/name`), so its example is incomplete and refusing it is right.
    static let incompleteExamples: Set<String> = ["POST /api/integrations/def/register"]

    @Test("inspect's example arguments for every endpoint build a request (no false refusals)", arguments: documents)
    func examplesBuild(document: String) async {
        let index = Fixtures.cached(document)
        let inspector = Inspector(index: index)
        let invoker = InvokeTest.invoker(index)
        var failures: [String] = []
        for endpoint in index.endpoints where !Self.incompleteExamples.contains(endpoint.key) {
            let example = inspector.exampleArguments(for: endpoint)
            let arguments = InvokeArguments(
                endpoint: endpoint.key, params: example["params"]?.objectValue ?? JSONObject(), body: example["body"],
                dryRun: true)
            let outcome = await invoker.invoke(arguments)
            if outcome.isError { failures.append(outcome.text) }
        }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(index.endpoints.count):\n\(failures.prefix(10).joined(separator: "\n\n"))")
    }
}

import ConductorMCPCore
import Foundation
import TestSupport
import Testing

/// The ranking knows no endpoint of any particular API: the same operations under other names rank the same.
@Suite("Search under renamed tags and paths")
struct SearchRenamingTests {
    /// `text` with the API's words renamed: workflow → flow (any case), and the `/api/` prefix → `/v2/`.
    static func renamed(_ text: String) -> String {
        text.replacingOccurrences(of: "/api/", with: "/v2/").replacingOccurrences(of: "workflow", with: "flow")
            .replacingOccurrences(of: "Workflow", with: "Flow").replacingOccurrences(of: "WORKFLOW", with: "FLOW")
    }

    /// The original set is ranked on both documents; the larger SDK set on the document each query was written
    /// for (on the other one, a query for an operation it lacks meets only near-ties of stray words).
    @Test(
        "every development query ranks the renamed endpoints first in the renamed OSS and Orkes documents",
        arguments: [("Fixtures/eval/search-dev.jsonl", false), ("Fixtures/eval/search-sdk-dev.jsonl", true)])
    func renamedDocuments(file: String, ownDocumentOnly: Bool) throws {
        let rows = try String(decoding: Fixtures.bytes(file), as: UTF8.self)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        for spec in ["oss", "orkes"] {
            let original = SearchEngine(index: try Fixtures.real(spec))
            let text = String(decoding: try Fixtures.bytes(Fixtures.realSpecs[spec]!), as: UTF8.self)
            let document = try SpecParser.parse(Array(Self.renamed(text).utf8), source: "renamed \(spec)")
            let renamedEngine = SearchEngine(index: EndpointIndex(document: document))
            var compared = 0
            for row in rows where !ownDocumentOnly || row["spec"]?.stringValue == spec {
                let query = row["q"]!.stringValue!
                let before = original.search(query, limit: 3).map { Self.renamed($0.endpoint.key) }
                let after = renamedEngine.search(Self.renamed(query), limit: 3).map(\.endpoint.key)
                #expect(after.first == before.first, "[\(spec)] \(query)")
                #expect(after.first?.contains("/api/") == false)
                compared += 1
            }
            #expect(compared >= 35)
        }
    }

    @Test("a renamed query finds the renamed endpoint: flow instead of workflow, /v2/ instead of /api/")
    func renamedExamples() throws {
        let text = String(decoding: try Fixtures.bytes(Fixtures.realSpecs["oss"]!), as: UTF8.self)
        let index = EndpointIndex(document: try SpecParser.parse(Array(Self.renamed(text).utf8), source: "renamed"))
        let engine = SearchEngine(index: index)
        #expect(engine.search("pause a flow").first?.endpoint.key == "PUT /v2/flow/{flowId}/pause")
        #expect(engine.search("terminate several flows at once").first?.endpoint.key == "POST /v2/flow/bulk/terminate")
        #expect(
            engine.search("delete a flow definition").first?.endpoint.key == "DELETE /v2/metadata/flow/{name}/{version}"
        )
    }
}

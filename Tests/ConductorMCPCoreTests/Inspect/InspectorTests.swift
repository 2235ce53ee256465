import ConductorMCPCore
import TestSupport
import Testing

@Suite("Inspect")
struct InspectorTests {
    @Test(
        "golden: create a workflow definition, with WorkflowTask defined once",
        arguments: [
            ("oss", "POST /api/metadata/workflow", "oss-create-workflow-def.txt"),
            ("oss", "GET /api/workflow/{workflowId}", "oss-get-workflow.txt"),
            ("oss", "POST /api/workflow", "oss-start-workflow.txt"),
            ("orkes", "PUT /api/groups/{id}", "orkes-upsert-group.txt"),
            ("netflix", "POST /api/workflow/test", "netflix-test-workflow.txt"),
        ])
    func golden(spec: String, endpoint: String, file: String) throws {
        let report = try Inspector(index: try Fixtures.real(spec)).inspect(endpoint)
        Fixtures.expectGolden(report.text, "inspect/\(file)")
    }

    @Test("golden: a YAML fixture with a text/plain body and a recursive type")
    func goldenFixture() throws {
        let inspector = Inspector(index: try Fixtures.index("Fixtures/specs/petstore-3.0.yaml"))
        Fixtures.expectGolden(try inspector.inspect("createTree").text, "inspect/fixture-create-tree.txt")
        Fixtures.expectGolden(try inspector.inspect("addNote").text, "inspect/fixture-add-note.txt")
    }

    @Test("every operation of the three documents fits 6,000 characters with every required field visible")
    func budget() throws {
        for spec in ["oss", "orkes", "netflix"] {
            let index = try Fixtures.real(spec)
            let inspector = Inspector(index: index)
            for endpoint in index.endpoints {
                let report = try inspector.inspect(endpoint.key)
                #expect(report.text.count <= 6000, "\(spec) \(endpoint.key): \(report.text.count) chars")
                for parameter in endpoint.parameters {
                    #expect(report.text.contains("  \(parameter.name) ("), "\(endpoint.key) hides \(parameter.name)")
                }
                // The body's own required members are shown: in its type block, or inline.
                if let body = endpoint.requestBody?.preferred?.schema, let root = index.resolve(body.items ?? body) {
                    for name in root.required {
                        #expect(report.text.contains("  \(name): "), "\(spec) \(endpoint.key) hides body.\(name)")
                    }
                }
                if !report.typesNotShown.isEmpty {
                    #expect(report.text.contains("expand: [\"\(report.typesNotShown.first ?? "")\"]"))
                }
            }
        }
    }

    @Test("expand prints a type that the budget left out, and unknown types are named with the nearest")
    func expand() throws {
        let index = try Fixtures.real("oss")
        let inspector = Inspector(index: index)
        let reports = try index.endpoints.map { try inspector.inspect($0.key) }
        let crowded = try #require(reports.first { !$0.typesNotShown.isEmpty })
        let name = try #require(crowded.typesNotShown.first)
        let expanded = try inspector.inspect(crowded.endpoint.key, expand: [name])
        #expect(expanded.text.contains("type \(name) = "))
        #expect(!expanded.typesNotShown.contains(name))
        #expect(
            throws: InspectError.unknownTypes(["WorkflowTsk"], nearest: ["WorkflowTask", "WorkflowDef", "Workflow"])
        ) {
            try inspector.inspect("POST /api/metadata/workflow", expand: ["WorkflowTsk"])
        }
    }

    @Test("an unknown endpoint names the three nearest")
    func unknown() throws {
        let inspector = Inspector(index: try Fixtures.real("oss"))
        let error = #expect(throws: InspectError.self) { try inspector.inspect("GET /api/workflow/{workflowId}/tasks") }
        guard case .unknownEndpoint(_, let nearest)? = error else { return }
        #expect(nearest.count == 3)
        #expect(error?.errorDescription?.hasPrefix("Unknown endpoint \"GET /api/workflow/{workflowId}/tasks\"") == true)
    }

    @Test("example arguments carry every required parameter and body member, finite despite recursion")
    func example() throws {
        let inspector = Inspector(index: try Fixtures.real("oss"))
        let report = try inspector.inspect("POST /api/metadata/workflow")
        #expect(
            report.exampleArguments.jsonText
                == #"{"endpoint":"POST /api/metadata/workflow","body":{"name":"<name>","tasks":[{"name":"<name>","taskReferenceName":"<taskReferenceName>"}],"timeoutSeconds":0}}"#
        )
        let pause = try inspector.inspect("PUT /api/workflow/{workflowId}/pause")
        #expect(
            pause.exampleArguments.jsonText
                == #"{"endpoint":"PUT /api/workflow/{workflowId}/pause","params":{"workflowId":"<workflowId>"}}"#)
    }

    @Test("untrusted text is shown on one line without control characters or bidirectional overrides")
    func oneLine() {
        #expect(SchemaRenderer.oneLine("a\n\tb  c") == "a b c")
        #expect(
            SchemaRenderer.oneLine("x\u{0}y\u{1B}[31mz\u{202E}w\u{2066}") == "x\u{FFFD}y\u{FFFD}[31mz\u{FFFD}w\u{FFFD}")
        #expect(SchemaRenderer.oneLine("👩‍💻 ok") == "👩‍💻 ok")
        #expect(SchemaRenderer.oneLine("abcdef", limit: 4) == "abc…")
    }
}

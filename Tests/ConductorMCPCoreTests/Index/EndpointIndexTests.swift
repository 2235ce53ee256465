import ConductorMCPCore
import TestSupport
import Testing

@Suite("Endpoint index")
struct EndpointIndexTests {
    @Test("finds an endpoint by METHOD /path, by operationId, and by forgiving spellings of the path")
    func lookup() throws {
        let index = try Fixtures.real("oss")
        let pause = "PUT /api/workflow/{workflowId}/pause"
        #expect(index.endpoint(named: pause)?.key == pause)
        #expect(index.endpoint(named: "pauseWorkflow")?.key == pause)
        #expect(index.endpoint(named: "put /api/workflow/{workflowId}/pause/")?.key == pause)
        #expect(index.endpoint(named: "PUT /workflow/{workflowId}/pause")?.key == pause)
        #expect(index.endpoint(named: "PUT /api/workflow/{id}/pause")?.key == pause)
        #expect(index.endpoint(named: "PUT /api/workflow/{workflowId}/unknown") == nil)
    }

    @Test("suggests the three nearest endpoints for an unknown name")
    func nearest() throws {
        let index = try Fixtures.real("oss")
        let nearest = index.nearest(to: "PUT /api/workflow/{workflowId}/pauze").map(\.key)
        #expect(nearest.count == 3)
        #expect(nearest.first == "PUT /api/workflow/{workflowId}/pause")
        #expect(index.nearest(to: "pauseWorkflo").first?.operationId == "pauseWorkflow")
    }

    @Test("a path written with values, or with another method, suggests the template it fits first")
    func nearestTemplate() throws {
        let index = try Fixtures.real("oss")
        let pause = "PUT /api/workflow/{workflowId}/pause"
        #expect(index.nearest(to: "PUT /api/workflow/abc/pause").first?.key == pause)
        #expect(index.nearest(to: "POST /api/workflow/{id}/pause").first?.key == pause)
        #expect(index.nearest(to: "post workflow/0f74bf11/pause").first?.key == pause)
        // The named method first, then the most literal template ("bulk" is a literal, not a workflow id).
        #expect(index.nearest(to: "GET /api/workflow/abc").first?.key == "GET /api/workflow/{workflowId}")
        #expect(index.nearest(to: "PUT /api/workflow/bulk/pause").first?.key == "PUT /api/workflow/bulk/pause")
        #expect(index.nearest(to: "DELETE /api/workflow/abc").first?.key == "DELETE /api/workflow/{workflowId}")
        // A typo is a typo, though the misspelt word fits a variable: the spelling comes first.
        #expect(index.nearest(to: "GET /api/workflow/serach").first?.key == "GET /api/workflow/search")
        #expect(
            index.nearest(to: "GET /api/workflow/serach").dropFirst().first?.key == "GET /api/workflow/{workflowId}")
    }

    @Test("merges path-level parameters and marks path parameters required")
    func parameters() throws {
        let index = try Fixtures.index("Fixtures/specs/petstore-3.0.yaml")
        let delete = try #require(index.endpoint(named: "DELETE /trees/{treeId}"))
        #expect(delete.parameters.map(\.name) == ["treeId"])
        #expect(delete.requiredParameters.map(\.name) == ["treeId"])
    }

    @Test("reads the Orkes api-key security scheme as the X-Authorization header")
    func security() throws {
        let index = try Fixtures.real("orkes")
        #expect(index.endpoints.allSatisfy { $0.securityHeaders == ["X-Authorization"] })
        #expect(try Fixtures.real("oss").endpoints.allSatisfy { $0.securityHeaders.isEmpty })
    }

    @Test("check reports counts by method and tag and every diagnostic")
    func report() throws {
        let text = SpecReport(index: try Fixtures.real("oss")).text
        #expect(text.contains("80 endpoints, 134 schemas"))
        #expect(text.contains("by method: GET 37, POST 26, PUT 9, DELETE 8"))
        #expect(text.contains("  workflow-resource: 24"))
        #expect(text.contains("diagnostics: 7 (0 errors, 0 warnings, 7 notes): schema-cycle 7"))
    }
}

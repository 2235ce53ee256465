import ConductorMCPCore
import Testing

@Suite("Conductor error bodies")
struct ConductorErrorResponseTests {
    @Test("what is written reads back the same")
    func roundTrip() throws {
        let response = ConductorErrorResponse(
            status: 400, message: "Validation failed, check below errors for detail.", retryable: false,
            instance: "host",
            validationErrors: [.init(path: "registerWorkflowDef.workflowDef.name", message: "name cannot be empty")])
        #expect(response.json.jsonText.hasPrefix(#"{"status":400,"message":"Validation failed"#))
        #expect(ConductorErrorResponse(json: try JSONParser.parse(response.json.jsonText)) == response)
    }

    @Test("the Orkes form is read too; a body without a message or code is not an error body")
    func forms() throws {
        let orkes = try #require(
            ConductorErrorResponse(json: ["error": "EXPIRED_TOKEN", "message": "Token has expired"]))
        #expect(orkes.error == "EXPIRED_TOKEN")
        #expect(orkes.json == ["message": "Token has expired", "error": "EXPIRED_TOKEN"])
        #expect(ConductorErrorResponse(json: ["status": 500]) == nil)
        #expect(ConductorErrorResponse(json: ["message"]) == nil)
    }
}

import ConductorMCPCore
import Testing

@Suite("Path templates")
struct PathTemplateTests {
    @Test("parses literals and variables")
    func segments() {
        #expect(
            PathTemplate("/workflow/{workflowId}").segments == [
                .literal(""), .literal("workflow"), .variable("workflowId"),
            ])
    }

    @Test("matches concrete paths segment by segment, ignoring empty segments")
    func matching() {
        let template = PathTemplate("/api/workflow/{workflowId}/rerun")
        #expect(template.matches(path: "/api/workflow/abc/rerun"))
        #expect(template.matches(path: "/api/workflow/abc/rerun/"))
        #expect(!template.matches(path: "/api/workflow/abc"))
        #expect(!template.matches(path: "/api/workflow/abc/restart"))
        #expect(!template.matches(path: "/api/workflow//rerun"))
    }

    @Test("compares shapes whatever the placeholders are called")
    func shapes() {
        let template = PathTemplate("/workflow/{workflowId}/rerun")
        #expect(template.hasSameShape(as: PathTemplate("/workflow/{id}/rerun")))
        #expect(!template.hasSameShape(as: PathTemplate("/workflow/{id}/restart")))
        #expect(!template.hasSameShape(as: PathTemplate("/workflow/abc/rerun")))
        #expect(!PathTemplate("/queue/").hasSameShape(as: PathTemplate("/queue")))
    }
}

import ConductorEmulator
import ConductorMCPCore
import HTTPTypes
import Testing

@Suite("Dry runs and external payload locations")
struct DryRunRoutesTests {
    @Test("POST /api/workflow/test runs the flow on mocked task results and answers the execution")
    func testWorkflow() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerTaskDefs(["task_a", "task_b"], retryCount: 1)
            let reply = try await client.call(
                .post, "/api/workflow/test",
                json: [
                    "name": "dry", "workflowDef": twoTaskWorkflow(name: "dry"), "input": ["who": "mock"],
                    "taskRefToMockOutput": [
                        "first": [["status": "FAILED"], ["status": "COMPLETED", "output": ["greeting": "hey"]]],
                        "second": [["status": "COMPLETED", "output": ["result": "ok"]]],
                    ],
                ])
            #expect(reply.status == 200)
            #expect(reply.json.status == "COMPLETED")
            #expect(reply.json.tasks.map(\.status) == ["FAILED", "COMPLETED", "COMPLETED"])
            #expect(reply.json["output"] == ["result": "ok", "greeting": "hey"])
            // Dry-run tasks sit in a private domain: no worker of the default domain sees them.
            #expect(try await client.call(.get, "/api/tasks/queue/size?taskType=task_a").json == 0)
        }
    }

    @Test("external-storage-location answers a fresh path; a bad operation is Conductor's 500")
    func externalStorage() async throws {
        try await EmulatorHarness().run { client in
            for prefix in ["/api/workflow", "/api/tasks"] {
                let reply = try await client.call(
                    .get, "\(prefix)/externalstoragelocation?path=in/&operation=WRITE&payloadType=WORKFLOW_INPUT")
                #expect(reply.status == 200)
                #expect(reply.json["path"]?.stringValue?.hasPrefix("in/") == true)
                #expect(reply.json["path"]?.stringValue?.hasSuffix(".json") == true)
            }
            let bad = try await client.call(
                .get, "/api/workflow/external-storage-location?path=p&operation=DELETE&payloadType=TASK_INPUT")
            #expect(bad.status == 500)
        }
    }
}

import ConductorEmulator
import ConductorMCPCore
import HTTPTypes
import Testing

@Suite("Metadata: workflow and task definitions")
struct MetadataRoutesTests {
    let harness = EmulatorHarness()

    @Test("a registered workflow definition reads back with Conductor's defaults filled in")
    func createAndGet() async throws {
        try await harness.run { client in
            let create = try await client.call(
                .post, "/api/metadata/workflow",
                json: ["name": "wf", "tasks": [["name": "t", "taskReferenceName": "t_ref"]]])
            #expect(create.status == 200)
            #expect(create.body.isEmpty)
            let def = try await client.call(.get, "/api/metadata/workflow/wf").json
            #expect(def["version"] == 1)
            #expect(def["schemaVersion"] == 2)
            #expect(def["restartable"] == true)
            #expect(def["timeoutPolicy"] == "ALERT_ONLY")
            #expect(def["tasks"]?.arrayValue?.first?["type"] == "SIMPLE")
            #expect(def["createTime"]?.intValue != nil)
        }
    }

    @Test("registering the same name and version again is a 409 with Conductor's message")
    func duplicateIsConflict() async throws {
        try await harness.run { client in
            let def: JSONValue = ["name": "wf", "version": 3, "tasks": [["name": "t", "taskReferenceName": "r"]]]
            try await client.registerWorkflow(def)
            let again = try await client.call(.post, "/api/metadata/workflow", json: def)
            #expect(again.status == 409)
            #expect(again.message == "Workflow with wf.3 already exists!")
            #expect(again.json["status"] == 409)
            #expect(again.json["retryable"] == false)
            #expect(again.json["instance"]?.stringValue?.isEmpty == false)
            let overwrite = try await client.call(.post, "/api/metadata/workflow?overwrite=true", json: def)
            #expect(overwrite.status == 200)
        }
    }

    @Test("an invalid definition is a 400 listing each violation")
    func invalidDefinition() async throws {
        try await harness.run { client in
            let reply = try await client.call(.post, "/api/metadata/workflow", json: ["description": "no name"])
            #expect(reply.status == 400)
            #expect(reply.message == "Validation failed, check below errors for detail.")
            let messages = (reply.json["validationErrors"]?.arrayValue ?? []).compactMap { $0["message"]?.stringValue }
            #expect(messages.contains("WorkflowDef name cannot be null or empty"))
            #expect(messages.contains("WorkflowTask list cannot be empty"))
            let paths = (reply.json["validationErrors"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
            #expect(paths.contains("registerWorkflowDef.workflowDef.name"))
        }
    }

    @Test("duplicate task reference names are refused")
    func duplicateReferenceNames() async throws {
        try await harness.run { client in
            let def: JSONValue = [
                "name": "dup",
                "tasks": [["name": "a", "taskReferenceName": "same"], ["name": "b", "taskReferenceName": "same"]],
            ]
            let reply = try await client.call(.post, "/api/metadata/workflow/validate", json: def)
            #expect(reply.status == 400)
            #expect(
                reply.json["validationErrors"]?.arrayValue?.first?["message"]
                    == "taskReferenceName: same should be unique across tasks for a given workflowDefinition: dup")
            let valid = try await client.call(
                .post, "/api/metadata/workflow/validate",
                json: ["name": "ok", "tasks": [["name": "a", "taskReferenceName": "a"]]])
            #expect(valid.status == 200)
        }
    }

    @Test("an unknown workflow definition is a 404 naming name and version")
    func unknownDefinition() async throws {
        try await harness.run { client in
            let latest = try await client.call(.get, "/api/metadata/workflow/ghost")
            #expect(latest.status == 404)
            #expect(latest.message == "No such workflow found by name: ghost, version: null")
            let versioned = try await client.call(.get, "/api/metadata/workflow/ghost?version=2")
            #expect(versioned.message == "No such workflow found by name: ghost, version: 2")
        }
    }

    @Test("versions: latest by default, a given one with ?version=, listings and deletion")
    func versions() async throws {
        try await harness.run { client in
            for version in [1, 2] as [Int] {
                try await client.registerWorkflow([
                    "name": "v", "version": .int(version), "description": .string("v\(version)"),
                    "tasks": [["name": "t", "taskReferenceName": "r"]],
                ])
            }
            #expect(try await client.call(.get, "/api/metadata/workflow/v").json["version"] == 2)
            #expect(try await client.call(.get, "/api/metadata/workflow/v?version=1").json["description"] == "v1")
            #expect(try await client.call(.get, "/api/metadata/workflow").json.arrayValue?.count == 2)
            #expect(try await client.call(.get, "/api/metadata/workflow/latest-versions").json.arrayValue?.count == 1)
            let names = try await client.call(.get, "/api/metadata/workflow/names-and-versions").json
            #expect(names["v"]?.arrayValue?.map { $0["version"] } == [1, 2])
            #expect(try await client.call(.delete, "/api/metadata/workflow/v/2").status == 200)
            #expect(try await client.call(.get, "/api/metadata/workflow/v").json["version"] == 1)
            let again = try await client.call(.delete, "/api/metadata/workflow/v/2")
            #expect(again.status == 404)
            #expect(again.message == "Cannot remove the workflow - no such workflow definition: v version: 2")
        }
    }

    @Test("PUT /api/metadata/workflow creates or replaces and answers a BulkResponse")
    func bulkUpdate() async throws {
        try await harness.run { client in
            let defs: JSONValue = [
                ["name": "a", "tasks": [["name": "t", "taskReferenceName": "r"]]],
                ["name": "b", "tasks": [["name": "t", "taskReferenceName": "r"]]],
            ]
            let reply = try await client.call(.put, "/api/metadata/workflow", json: defs)
            #expect(reply.status == 200)
            #expect(reply.json["bulkSuccessfulResults"] == ["a", "b"])
            #expect(reply.json["bulkErrorResults"] == [:])
            let bad = try await client.call(.put, "/api/metadata/workflow", json: [["name": "c"]])
            #expect(bad.status == 400)
        }
    }

    @Test("task definitions: register, read with defaults, update, list and delete")
    func taskDefinitions() async throws {
        try await harness.run { client in
            let register = try await client.call(
                .post, "/api/metadata/taskdefs", json: [["name": "encode"], ["name": "upload", "retryCount": 5]])
            #expect(register.status == 200)
            let encode = try await client.call(.get, "/api/metadata/taskdefs/encode").json
            #expect(encode["retryCount"] == 3)
            #expect(encode["retryLogic"] == "FIXED")
            #expect(encode["retryDelaySeconds"] == 60)
            #expect(encode["responseTimeoutSeconds"] == 3600)
            #expect(encode["timeoutPolicy"] == "TIME_OUT_WF")
            let update = try await client.call(
                .put, "/api/metadata/taskdefs", json: ["name": "encode", "retryCount": 1])
            #expect(update.status == 200)
            #expect(try await client.call(.get, "/api/metadata/taskdefs/encode").json["retryCount"] == 1)
            let names = try await client.call(.get, "/api/metadata/taskdefs").json.arrayValue?.map { $0["name"] }
            #expect(names == ["encode", "upload"])
            #expect(try await client.call(.delete, "/api/metadata/taskdefs/upload").status == 200)
            let gone = try await client.call(.get, "/api/metadata/taskdefs/upload")
            #expect(gone.status == 404)
            #expect(gone.message == "No such taskType found by name: upload")
        }
    }

    @Test("task definition errors: unknown update is 404, negative retryCount is 400, unknown delete is 404")
    func taskDefinitionErrors() async throws {
        try await harness.run { client in
            let update = try await client.call(.put, "/api/metadata/taskdefs", json: ["name": "ghost"])
            #expect(update.status == 404)
            #expect(update.message == "No such task by name ghost")
            let negative = try await client.call(
                .post, "/api/metadata/taskdefs", json: [["name": "n", "retryCount": -1]])
            #expect(negative.status == 400)
            #expect(
                negative.json["validationErrors"]?.arrayValue?.first?["message"] == "TaskDef retryCount: 0 must be >= 0"
            )
            let delete = try await client.call(.delete, "/api/metadata/taskdefs/ghost")
            #expect(delete.status == 404)
            #expect(delete.message == "Cannot remove the task - no such task definition")
        }
    }

    @Test("a missing or malformed body is answered as Conductor's unmapped exception, 500")
    func malformedBody() async throws {
        try await harness.run { client in
            let missing = try await client.call(.post, "/api/metadata/workflow")
            #expect(missing.status == 500)
            #expect(missing.message == "Required request body is missing")
            let malformed = try await client.call(.post, "/api/metadata/workflow", text: "{not json")
            #expect(malformed.status == 500)
            #expect(malformed.message?.hasPrefix("JSON parse error") == true)
        }
    }
}

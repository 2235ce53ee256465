import ConductorEmulator
import ConductorMCPCore
import Hummingbird
import TestSupport
import Testing

@Suite("Executions: start, read, steer, search")
struct WorkflowRoutesTests {
    let harness = EmulatorHarness()

    @Test("POST /api/workflow/{name} answers the new id as text/plain and the execution reads back")
    func startByName() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let reply = try await client.call(.post, "/api/workflow/two_tasks?correlationId=c-1", json: ["who": "ada"])
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("text/plain") == true)
            #expect(reply.text.count == 36)
            let workflow = try await client.workflow(reply.text)
            #expect(workflow["workflowId"]?.stringValue == reply.text)
            #expect(workflow.status == "RUNNING")
            #expect(workflow["workflowName"] == "two_tasks")
            #expect(workflow["workflowVersion"] == 1)
            #expect(workflow["correlationId"] == "c-1")
            #expect(workflow["input"] == ["who": "ada"])
            #expect(workflow.tasks.count == 1)
            #expect(workflow.tasks.first?["inputData"] == ["who": "ada"])
            #expect(workflow.tasks.first?.status == "SCHEDULED")
            let bare = try await client.call(.get, "/api/workflow/\(reply.text)?includeTasks=false").json
            #expect(bare.tasks.isEmpty)
        }
    }

    @Test("POST /api/workflow with a StartWorkflowRequest; unknown names and missing names are refused")
    func startWithRequest() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let reply = try await client.call(
                .post, "/api/workflow",
                json: ["name": "two_tasks", "version": 1, "input": ["who": "x"], "correlationId": "k", "priority": 5])
            #expect(reply.status == 200)
            let workflow = try await client.workflow(reply.text)
            #expect(workflow["priority"] == 5)
            let unknown = try await client.call(.post, "/api/workflow", json: ["name": "ghost"])
            #expect(unknown.status == 404)
            #expect(unknown.message == "No such workflow defined. name=ghost, version=null")
            let unnamed = try await client.call(.post, "/api/workflow", json: ["input": [:]])
            #expect(unnamed.status == 400)
            let byName = try await client.call(.post, "/api/workflow/ghost", json: [:])
            #expect(byName.status == 404)
            #expect(byName.message == "No such workflow found by name: ghost, version: null")
        }
    }

    @Test("an unknown execution id is a 404 with Conductor's error body")
    func unknownExecution() async throws {
        try await harness.run { client in
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/workflow/nope"), (.put, "/api/workflow/nope/pause"),
                (.put, "/api/workflow/nope/resume"), (.delete, "/api/workflow/nope"),
                (.post, "/api/workflow/nope/retry"), (.post, "/api/workflow/nope/restart"),
            ] {
                let reply = try await client.call(method, path)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.message == "No such workflow found by id: nope")
                #expect(reply.json["retryable"] == false)
            }
        }
    }

    @Test("a paused execution schedules nothing new until resumed")
    func pauseAndResume() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks", input: ["who": "p"])
            #expect(try await client.call(.put, "/api/workflow/\(id)/pause").status == 200)
            #expect(try await client.call(.put, "/api/workflow/\(id)/pause").status == 200)
            #expect(try await client.workflow(id).status == "PAUSED")
            let first = try #require(try await client.poll("task_a"))
            try await client.complete(first, output: ["greeting": "hi"])
            let paused = try await client.workflow(id)
            #expect(paused.tasks.count == 1)
            #expect(paused.tasks.first?.status == "COMPLETED")
            #expect(try await client.call(.put, "/api/workflow/\(id)/resume").status == 200)
            let resumed = try await client.workflow(id)
            #expect(resumed.status == "RUNNING")
            #expect(resumed.tasks.map { $0["referenceTaskName"] } == ["first", "second"])
        }
    }

    @Test("resuming a running execution is Conductor's 500; pausing an ended one is 409")
    func wrongStateTransitions() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let resume = try await client.call(.put, "/api/workflow/\(id)/resume")
            #expect(resume.status == 500)
            #expect(resume.message == "The workflow \(id) is not PAUSED so cannot resume. Current status is RUNNING")
            #expect(try await client.call(.delete, "/api/workflow/\(id)?reason=stop").status == 200)
            let pause = try await client.call(.put, "/api/workflow/\(id)/pause")
            #expect(pause.status == 409)
            #expect(pause.message == "Workflow two_tasks.1/\(id) has ended, status cannot be updated.")
        }
    }

    @Test("terminate ends the execution with the reason and cancels pending tasks; a COMPLETED one is 409")
    func terminate() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            #expect(try await client.call(.delete, "/api/workflow/\(id)?reason=no%20longer%20needed").status == 200)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "TERMINATED")
            #expect(workflow["reasonForIncompletion"] == "no longer needed")
            #expect(workflow.tasks.first?.status == "CANCELED")
            #expect(workflow["endTime"]?.intValue ?? 0 > 0)
            #expect(try await client.call(.delete, "/api/workflow/\(id)").status == 200)

            let done = try await client.start("two_tasks")
            try await client.complete(try #require(try await client.poll("task_a")))
            try await client.complete(try #require(try await client.poll("task_b")))
            let conflict = try await client.call(.delete, "/api/workflow/\(done)")
            #expect(conflict.status == 409)
            #expect(conflict.message == "Cannot terminate a COMPLETED workflow.")
        }
    }

    @Test("restart needs an ended execution and begins again from the first task")
    func restart() async throws {
        try await harness.run { client in
            try await client.registerTaskDefs(["task_a", "task_b"])
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let running = try await client.call(.post, "/api/workflow/\(id)/restart")
            #expect(running.status == 409)
            #expect(running.message == "Workflow: two_tasks.1/\(id) is not in terminal state, unable to restart.")
            try await client.call(.delete, "/api/workflow/\(id)")
            let restart = try await client.call(.post, "/api/workflow/\(id)/restart")
            #expect(restart.status == 204)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "RUNNING")
            #expect(workflow.tasks.count == 1)
            #expect(workflow.tasks.first?.status == "SCHEDULED")
            #expect(workflow["reasonForIncompletion"] == nil)
            // A failed run restarts with no failed task (WorkflowExecutorOps.restart clears failedTaskId).
            let task = try #require(try await client.poll("task_a"))
            try await client.complete(task, status: "FAILED", reason: "bad")
            #expect(try await client.workflow(id)["failedTaskId"] != nil)
            #expect(try await client.call(.post, "/api/workflow/\(id)/restart").status == 204)
            #expect(try await client.workflow(id)["failedTaskId"] == nil)
        }
    }

    @Test("retry re-runs the failed task as a new attempt; retrying a running execution is Conductor's 404")
    func retry() async throws {
        try await harness.run { client in
            try await client.registerTaskDefs(["task_a", "task_b"])
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let running = try await client.call(.post, "/api/workflow/\(id)/retry")
            #expect(running.status == 404)
            #expect(running.message == "Workflow is still running.  status=RUNNING")
            let task = try #require(try await client.poll("task_a"))
            try await client.complete(task, status: "FAILED", reason: "disk full")
            #expect(try await client.workflow(id).status == "FAILED")
            #expect(try await client.call(.post, "/api/workflow/\(id)/retry").status == 204)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "RUNNING")
            #expect(workflow.tasks.count == 2)
            #expect(workflow.tasks[safe: 0]?["retried"] == true)
            #expect(workflow.tasks[safe: 1]?["retryCount"] == 1)
            #expect(workflow.tasks[safe: 1]?["retriedTaskId"] == task["taskId"])
            #expect(workflow["reasonForIncompletion"] == nil)
        }
    }

    @Test("rerun from a task id replays the flow from that task with new input")
    func rerun() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks", input: ["who": "a"])
            let first = try #require(try await client.poll("task_a"))
            try await client.complete(first, output: ["greeting": "hi"])
            try await client.complete(try #require(try await client.poll("task_b")), output: ["result": "done"])
            #expect(try await client.workflow(id).status == "COMPLETED")
            let reply = try await client.call(
                .post, "/api/workflow/\(id)/rerun",
                json: [
                    "reRunFromWorkflowId": .string(id), "reRunFromTaskId": first["taskId"]!, "taskInput": ["who": "b"],
                ])
            #expect(reply.status == 200)
            #expect(reply.text == id)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "RUNNING")
            #expect(workflow.tasks.count == 1)
            #expect(workflow.tasks[safe: 0]?["inputData"] == ["who": "b"])
            let missing = try await client.call(.post, "/api/workflow/\(id)/rerun", json: ["reRunFromTaskId": "x"])
            #expect(missing.status == 409)
        }
    }

    @Test("a skipped task is recorded SKIPPED and the flow passes over it")
    func skipTask() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            #expect(try await client.call(.put, "/api/workflow/\(id)/skiptask/second").status == 200)
            let again = try await client.call(.put, "/api/workflow/\(id)/skiptask/second")
            #expect(again.status == 500)
            #expect(again.message == "The task referenced second has already been processed, cannot be skipped")
            let unknown = try await client.call(.put, "/api/workflow/\(id)/skiptask/nope")
            #expect(unknown.message == "The task referenced by nope does not exist in the WorkflowDefinition two_tasks")
            try await client.complete(try #require(try await client.poll("task_a")), output: ["greeting": "g"])
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "COMPLETED")
            #expect(workflow.tasks.map(\.status) == ["COMPLETED", "SKIPPED"])
        }
    }

    @Test("remove deletes the execution; terminate-remove works on a running one")
    func remove() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            #expect(try await client.call(.delete, "/api/workflow/\(id)/remove").status == 200)
            #expect(try await client.call(.get, "/api/workflow/\(id)").status == 404)
            let other = try await client.start("two_tasks")
            #expect(try await client.call(.delete, "/api/workflow/\(other)/terminate-remove").status == 200)
            #expect(try await client.call(.get, "/api/workflow/\(other)").status == 404)
        }
    }

    @Test("running ids by name and version, and executions by correlation id")
    func runningAndCorrelated() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let a = try await client.call(.post, "/api/workflow/two_tasks?correlationId=order-1", json: [:]).text
            let b = try await client.call(.post, "/api/workflow/two_tasks?correlationId=order-1", json: [:]).text
            try await client.call(.delete, "/api/workflow/\(b)")
            #expect(try await client.call(.get, "/api/workflow/running/two_tasks").json == [.string(a)])
            #expect(try await client.call(.get, "/api/workflow/running/two_tasks?version=2").json == [])
            let open = try await client.call(.get, "/api/workflow/two_tasks/correlated/order-1").json
            #expect(open.arrayValue?.map { $0["workflowId"] } == [.string(a)])
            let all = try await client.call(.get, "/api/workflow/two_tasks/correlated/order-1?includeClosed=true").json
            #expect(all.arrayValue?.count == 2)
            let batch = try await client.call(
                .post, "/api/workflow/two_tasks/correlated?includeClosed=true", json: ["order-1", "none"]
            ).json
            #expect(batch["order-1"]?.arrayValue?.count == 2)
            #expect(batch["none"] == [])
        }
    }

    @Test("search filters with query and freeText, pages with start and size, and answers totalHits")
    func search() async throws {
        try await harness.run { client in
            try await client.registerTaskDefs(["task_a", "task_b"])
            try await client.registerWorkflow(twoTaskWorkflow())
            var ids: [String] = []
            for who in ["ann", "bob", "cy"] {
                ids.append(try await client.start("two_tasks", input: ["who": .string(who)]))
            }
            let task = try #require(try await client.poll("task_a"))
            try await client.complete(task, status: "FAILED", reason: "bad")
            let failed = try await client.call(.get, "/api/workflow/search?query=status%3D%27FAILED%27").json
            #expect(failed["totalHits"] == 1)
            #expect(failed["results"]?.arrayValue?.first?["workflowId"] == task["workflowInstanceId"])
            #expect(failed["results"]?.arrayValue?.first?["failedReferenceTaskNames"] == "first")
            let running = try await client.call(
                .get, "/api/workflow/search?query=workflowType%3D%27two_tasks%27+AND+status+IN+(RUNNING,PAUSED)"
            ).json
            #expect(running["totalHits"] == 2)
            let page = try await client.call(.get, "/api/workflow/search?start=1&size=1").json
            #expect(page["totalHits"] == 3)
            #expect(page["results"]?.arrayValue?.count == 1)
            let free = try await client.call(.get, "/api/workflow/search?freeText=bob").json
            #expect(free["totalHits"] == 1)
            #expect(free["results"]?.arrayValue?.first?["input"] == "{who=bob}")
            let v2 = try await client.call(.get, "/api/workflow/search-v2?query=status%3D%27FAILED%27").json
            #expect(v2["results"]?.arrayValue?.first?["tasks"]?.arrayValue?.count == 1)
            let bad = try await client.call(.get, "/api/workflow/search?query=nonsense")
            #expect(bad.status == 400)
            // A time range reads epoch milliseconds or an ISO date, as the index's date mapping does; a bound that is
            // neither is refused, not matched against nothing.
            for bound in ["0", "1970-01-02T00:00:00.000Z", "1970-01-02", "1970-01-02T00:00:00.000%2B0000", "1971"] {
                let since = try await client.call(.get, "/api/workflow/search?query=startTime%3E\(bound)").json
                #expect(since["totalHits"] == 3, "\(bound)")
            }
            for bound in ["2999-01-01T00:00:00Z", "2999"] {
                let future = try await client.call(.get, "/api/workflow/search?query=startTime%3E\(bound)").json
                #expect(future["totalHits"] == 0, "\(bound)")
            }
            let badBound = try await client.call(.get, "/api/workflow/search?query=startTime%3Eyesterday")
            #expect(badBound.status == 400)
        }
    }

    @Test("bulk pause and terminate answer BulkResponse with per-id errors")
    func bulk() async throws {
        try await harness.run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let pause = try await client.call(.put, "/api/workflow/bulk/pause", json: [.string(id), "ghost"]).json
            #expect(pause["bulkSuccessfulResults"] == [.string(id)])
            #expect(pause["bulkErrorResults"]?["ghost"] == "No such workflow found by id: ghost")
            let terminate = try await client.call(
                .post, "/api/workflow/bulk/terminate?reason=bulk", json: [.string(id)])
            #expect(terminate.json["bulkSuccessfulResults"] == [.string(id)])
            #expect(try await client.workflow(id)["reasonForIncompletion"] == "bulk")
        }
    }
}

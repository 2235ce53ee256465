import ConductorEmulator
import ConductorMCPCore
import HTTPTypes
import TestSupport
import Testing

@Suite("Tasks: poll, update, logs, queues")
struct TaskRoutesTests {
    @Test("polling an empty queue is 204; batch poll answers [] and refuses timeouts over 5 s")
    func emptyPolls() async throws {
        try await EmulatorHarness().run { client in
            #expect(try await client.call(.get, "/api/tasks/poll/none").status == 204)
            let batch = try await client.call(.get, "/api/tasks/poll/batch/none?count=3&timeout=10")
            #expect(batch.status == 200)
            #expect(batch.json == [])
            let tooLong = try await client.call(.get, "/api/tasks/poll/batch/none?timeout=6000")
            #expect(tooLong.status == 400)
            #expect(tooLong.message == "Long Poll Timeout value cannot be more than 5 seconds")
        }
    }

    @Test("batch poll hands out up to count tasks and records poll data per worker")
    func batchPollAndPollData() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            for _ in 0..<3 { _ = try await client.start("two_tasks") }
            #expect(try await client.call(.get, "/api/tasks/queue/size?taskType=task_a").json == 3)
            let batch = try await client.call(.get, "/api/tasks/poll/batch/task_a?workerid=w9&count=2").json
            #expect(batch.arrayValue?.count == 2)
            #expect(batch.arrayValue?.allSatisfy { $0.status == "IN_PROGRESS" && $0["workerId"] == "w9" } == true)
            #expect(try await client.call(.get, "/api/tasks/queue/size?taskType=task_a").json == 1)
            let pollData = try await client.call(.get, "/api/tasks/queue/polldata?taskType=task_a").json
            #expect(pollData.arrayValue?.first?["queueName"] == "task_a")
            #expect(pollData.arrayValue?.first?["workerId"] == "w9")
            #expect(try await client.call(.get, "/api/tasks/queue/all").json["task_a"] == 1)
            #expect(try await client.call(.get, "/api/tasks/queue/sizes?taskType=task_a").json == ["task_a": 1])
            #expect(try await client.call(.get, "/api/tasks/queue/polldata/all").json.arrayValue?.count == 1)
        }
    }

    @Test("a domain in taskToDomain routes the task to pollers of that domain only")
    func domains() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let start = try await client.call(
                .post, "/api/workflow", json: ["name": "two_tasks", "taskToDomain": ["task_a": "blue"]])
            #expect(start.status == 200)
            #expect(try await client.call(.get, "/api/tasks/poll/task_a").status == 204)
            let task = try await client.call(.get, "/api/tasks/poll/task_a?domain=blue").json
            #expect(task["domain"] == "blue")
        }
    }

    @Test("IN_PROGRESS with callbackAfterSeconds puts a worker task back in the queue after the delay")
    func callbackAfter() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            _ = try await client.start("two_tasks")
            let task = try #require(try await client.poll("task_a"))
            var result: JSONValue = [
                "taskId": task["taskId"]!, "workflowInstanceId": task["workflowInstanceId"]!, "status": "IN_PROGRESS",
                "callbackAfterSeconds": 10, "outputData": ["progress": 50],
            ]
            let update = try await client.call(.post, "/api/tasks", json: result)
            #expect(update.text == task["taskId"]?.stringValue)
            #expect(
                try await client.call(.get, "/api/tasks/\(task["taskId"]!.stringValue!)").json.status == "SCHEDULED")
            #expect(try await client.poll("task_a") == nil)
            clock.advance(seconds: 11)
            let again = try #require(try await client.poll("task_a"))
            #expect(again["taskId"] == task["taskId"])
            #expect(again["pollCount"] == 2)
            result["status"] = "COMPLETED"
            #expect(try await client.call(.post, "/api/tasks", json: result).status == 200)
        }
    }

    @Test("task updates: missing ids are 400, unknown workflow or task 404, a finished task ignores updates")
    func updateErrors() async throws {
        try await EmulatorHarness().run { client in
            let missing = try await client.call(.post, "/api/tasks", json: ["status": "COMPLETED"])
            #expect(missing.status == 400)
            #expect(missing.json["validationErrors"]?.arrayValue?.count == 2)
            let noWorkflow = try await client.call(
                .post, "/api/tasks", json: ["taskId": "t", "workflowInstanceId": "w", "status": "COMPLETED"])
            #expect(noWorkflow.status == 404)
            #expect(noWorkflow.message == "No such workflow found by id: w")
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let noTask = try await client.call(
                .post, "/api/tasks", json: ["taskId": "t", "workflowInstanceId": .string(id), "status": "COMPLETED"])
            #expect(noTask.status == 404)
            #expect(noTask.message == "No such task found by id: t")
            let task = try #require(try await client.poll("task_a"))
            try await client.complete(task, output: ["greeting": "first"])
            #expect(try await client.complete(task, status: "FAILED").status == 200)
            let stored = try await client.call(.get, "/api/tasks/\(task["taskId"]!.stringValue!)").json
            #expect(stored.status == "COMPLETED")
            #expect(stored["outputData"] == ["greeting": "first"])
        }
    }

    @Test("update by reference name answers the task id, or an empty 200 when nothing is pending")
    func updateByReferenceName() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let reply = try await client.call(
                .post, "/api/tasks/\(id)/first/COMPLETED?workerid=ref", json: ["greeting": "g"])
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("text/plain") == true)
            let workflow = try await client.workflow(id)
            #expect(reply.text == workflow.tasks[safe: 0]?["taskId"]?.stringValue)
            #expect(workflow.tasks[safe: 0]?["workerId"] == "ref")
            let none = try await client.call(.post, "/api/tasks/\(id)/first/COMPLETED", json: [:])
            #expect(none.status == 200)
            #expect(none.body.isEmpty)
            let unknown = try await client.call(.post, "/api/tasks/ghost/first/COMPLETED", json: [:])
            #expect(unknown.status == 404)
            let sync = try await client.call(.post, "/api/tasks/\(id)/second/COMPLETED/sync", json: ["result": "r"])
            #expect(sync.json.status == "COMPLETED")
        }
    }

    @Test("update-v2 answers the next task of the same type, or 204")
    func updateV2() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            _ = try await client.start("two_tasks")
            _ = try await client.start("two_tasks")
            let task = try #require(try await client.poll("task_a"))
            let next = try await client.call(
                .post, "/api/tasks/update-v2",
                json: [
                    "taskId": task["taskId"]!, "workflowInstanceId": task["workflowInstanceId"]!,
                    "status": "COMPLETED", "workerId": "v2",
                ])
            #expect(next.status == 200)
            #expect(next.json["taskType"] == "task_a")
            #expect(next.json["workerId"] == "v2")
            let last = try await client.call(
                .post, "/api/tasks/update-v2",
                json: [
                    "taskId": next.json["taskId"]!, "workflowInstanceId": next.json["workflowInstanceId"]!,
                    "status": "COMPLETED",
                ])
            #expect(last.status == 204)
        }
    }

    @Test("get by id, and unknown ids are 404 with Conductor's message")
    func getTask() async throws {
        try await EmulatorHarness().run { client in
            let unknown = try await client.call(.get, "/api/tasks/ghost")
            #expect(unknown.status == 404)
            #expect(unknown.message == "Task not found for taskId: ghost")
            try await client.registerWorkflow(twoTaskWorkflow())
            _ = try await client.start("two_tasks", input: ["who": "z"])
            let task = try #require(try await client.poll("task_a"))
            let fetched = try await client.call(.get, "/api/tasks/\(task["taskId"]!.stringValue!)").json
            #expect(fetched["referenceTaskName"] == "first")
            #expect(fetched["workflowTask"]?["taskDefinition"]?["retryCount"] == 3)
        }
    }

    @Test("logs: none is 204; lines added with POST and with a TaskResult read back in order")
    func logs() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            _ = try await client.start("two_tasks")
            let task = try #require(try await client.poll("task_a"))
            let taskId = task["taskId"]!.stringValue!
            #expect(try await client.call(.get, "/api/tasks/\(taskId)/log").status == 204)
            #expect(try await client.call(.post, "/api/tasks/\(taskId)/log", text: "started").status == 200)
            try await client.call(
                .post, "/api/tasks",
                json: [
                    "taskId": .string(taskId), "workflowInstanceId": task["workflowInstanceId"]!, "status": "COMPLETED",
                    "logs": [["log": "finished", "taskId": .string(taskId), "createdTime": 1]],
                ])
            let logs = try await client.call(.get, "/api/tasks/\(taskId)/log").json
            #expect(logs.arrayValue?.map { $0["log"] } == ["started", "finished"])
            #expect(logs.arrayValue?.first?["taskId"] == .string(taskId))
        }
    }

    @Test("task search answers TaskSummary results with totalHits")
    func taskSearch() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            _ = try await client.start("two_tasks")
            let result = try await client.call(.get, "/api/tasks/search?query=taskType%3D%27task_a%27").json
            #expect(result["totalHits"] == 1)
            #expect(result["results"]?.arrayValue?.first?["status"] == "SCHEDULED")
        }
    }
}

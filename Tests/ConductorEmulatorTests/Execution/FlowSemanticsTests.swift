import ConductorEmulator
import ConductorMCPCore
import HTTPTypes
import TestSupport
import Testing

@Suite("Execution semantics: scheduling, retries, system tasks, expressions")
struct FlowSemanticsTests {
    @Test("two SIMPLE tasks run in sequence with resolved inputs and outputParameters")
    func sequentialFlow() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks", input: ["who": "ada"])
            let first = try #require(try await client.poll("task_a", worker: "w-1"))
            #expect(first.status == "IN_PROGRESS")
            #expect(first["pollCount"] == 1)
            #expect(first["workerId"] == "w-1")
            #expect(first["startTime"]?.intValue ?? 0 > 0)
            #expect(try await client.poll("task_b") == nil)
            try await client.complete(first, output: ["greeting": "Hello ada"])
            let second = try #require(try await client.poll("task_b"))
            #expect(second["inputData"] == ["text": "Hello ada", "literal": "id=ada"])
            #expect(second["seq"] == 2)
            try await client.complete(second, output: ["result": "HELLO ADA"])
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "COMPLETED")
            #expect(workflow["output"] == ["result": "HELLO ADA", "greeting": "Hello ada"])
            #expect(workflow["endTime"]?.intValue ?? 0 >= workflow["startTime"]?.intValue ?? 0)
        }
    }

    @Test("without outputParameters the workflow output is the last task's output")
    func outputFromLastTask() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "one", "tasks": [["name": "solo", "taskReferenceName": "solo"]],
            ])
            let id = try await client.start("one")
            try await client.complete(try #require(try await client.poll("solo")), output: ["n": 7])
            #expect(try await client.workflow(id)["output"] == ["n": 7])
        }
    }

    @Test("a failed task is retried as a new instance per retryCount, then fails the workflow")
    func retriesThenFails() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerTaskDefs(["task_a", "task_b"], retryCount: 1)
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            let attempt1 = try #require(try await client.poll("task_a"))
            try await client.complete(attempt1, status: "FAILED", reason: "first try")
            let attempt2 = try #require(try await client.poll("task_a"))
            #expect(attempt2["taskId"] != attempt1["taskId"])
            #expect(attempt2["retryCount"] == 1)
            #expect(attempt2["retriedTaskId"] == attempt1["taskId"])
            #expect(try await client.workflow(id).status == "RUNNING")
            try await client.complete(attempt2, status: "FAILED", reason: "second try")
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "FAILED")
            let taskId = attempt2["taskId"]?.stringValue ?? ""
            #expect(
                workflow["reasonForIncompletion"]
                    == .string("Task \(taskId) failed with status: FAILED and reason: 'second try'"))
            #expect(workflow["failedReferenceTaskNames"] == ["first"])
            #expect(workflow["failedTaskNames"] == ["task_a"])
            #expect(workflow.tasks.map(\.status) == ["FAILED", "FAILED"])
        }
    }

    @Test("FAILED_WITH_TERMINAL_ERROR is never retried")
    func terminalErrorNotRetried() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerTaskDefs(["task_a", "task_b"], retryCount: 3)
            try await client.registerWorkflow(twoTaskWorkflow())
            let id = try await client.start("two_tasks")
            try await client.complete(
                try #require(try await client.poll("task_a")), status: "FAILED_WITH_TERMINAL_ERROR", reason: "fatal")
            #expect(try await client.workflow(id).status == "FAILED")
        }
    }

    @Test("a retry waits retryDelaySeconds before it can be polled")
    func retryDelay() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs", json: [["name": "slow", "retryCount": 1, "retryDelaySeconds": 30]])
            try await client.registerWorkflow([
                "name": "delayed", "tasks": [["name": "slow", "taskReferenceName": "s"]],
            ])
            _ = try await client.start("delayed")
            try await client.complete(try #require(try await client.poll("slow")), status: "FAILED")
            #expect(try await client.poll("slow") == nil)
            clock.advance(seconds: 31)
            let retry = try #require(try await client.poll("slow"))
            #expect(retry["retryCount"] == 1)
            #expect(retry["startDelayInSeconds"] == 30)
        }
    }

    @Test("an optional task's failure is COMPLETED_WITH_ERRORS and the flow goes on")
    func optionalTask() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerTaskDefs(["maybe", "after"])
            try await client.registerWorkflow([
                "name": "opt",
                "tasks": [
                    ["name": "maybe", "taskReferenceName": "maybe", "optional": true],
                    ["name": "after", "taskReferenceName": "after"],
                ],
            ])
            let id = try await client.start("opt")
            try await client.complete(try #require(try await client.poll("maybe")), status: "FAILED")
            let workflow = try await client.workflow(id)
            #expect(workflow.tasks.map(\.status) == ["COMPLETED_WITH_ERRORS", "SCHEDULED"])
        }
    }

    @Test("SET_VARIABLE and SWITCH run at once; a WAIT task completes by update; variables reach the output")
    func systemTasks() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(branchingWorkflow)
            let id = try await client.start("branching", input: ["kind": "fast", "stage": "one"])
            var workflow = try await client.workflow(id)
            #expect(workflow.tasks.map { $0["referenceTaskName"] } == ["set", "route", "hold"])
            #expect(workflow.tasks.map(\.status) == ["COMPLETED", "COMPLETED", "IN_PROGRESS"])
            #expect(workflow.tasks[safe: 1]?["outputData"] == ["evaluationResult": ["fast"]])
            #expect(workflow["variables"] == ["stage": "one"])
            let update = try await client.call(.post, "/api/tasks/\(id)/hold/COMPLETED", json: ["ok": true])
            #expect(update.text == workflow.tasks[safe: 2]?["taskId"]?.stringValue)
            try await client.complete(try #require(try await client.poll("final")), output: ["done": 1])
            workflow = try await client.workflow(id)
            #expect(workflow.status == "COMPLETED")
            #expect(workflow["output"] == ["stage": "one", "waited": true])
        }
    }

    @Test("SWITCH takes the default case for an unmatched value")
    func switchDefault() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(branchingWorkflow)
            let id = try await client.start("branching", input: ["kind": "other", "stage": "two"])
            let workflow = try await client.workflow(id)
            #expect(workflow.tasks.map { $0["referenceTaskName"] } == ["set", "route", "fallback", "final"])
            #expect(workflow["variables"] == ["stage": "two", "path": "default"])
        }
    }

    @Test("a TERMINATE task ends the workflow with its status and output")
    func terminateTask() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "stop",
                "tasks": [
                    [
                        "name": "end", "taskReferenceName": "end", "type": "TERMINATE",
                        "inputParameters": [
                            "terminationStatus": "FAILED", "terminationReason": "no stock",
                            "workflowOutput": ["code": "${workflow.input.code}"],
                        ],
                    ],
                    ["name": "never", "taskReferenceName": "never"],
                ],
            ])
            let workflow = try await client.workflow(try await client.start("stop", input: ["code": 7]))
            #expect(workflow.status == "FAILED")
            #expect(workflow["reasonForIncompletion"] == "no stock")
            #expect(workflow["output"] == ["code": 7])
            #expect(workflow.tasks.count == 1)
        }
    }

    @Test("a system task type the emulator does not run fails the workflow with a reason naming it")
    func unsupportedType() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "kafka", "tasks": [["name": "send", "taskReferenceName": "send", "type": "KAFKA_PUBLISH"]],
            ])
            let workflow = try await client.workflow(try await client.start("kafka"))
            #expect(workflow.status == "FAILED")
            #expect(
                workflow["reasonForIncompletion"]?.stringValue?.contains("does not execute KAFKA_PUBLISH tasks") == true
            )
        }
    }

    let branchingWorkflow: JSONValue = [
        "name": "branching",
        "tasks": [
            [
                "name": "set", "taskReferenceName": "set", "type": "SET_VARIABLE",
                "inputParameters": ["stage": "${workflow.input.stage}"],
            ],
            [
                "name": "route", "taskReferenceName": "route", "type": "SWITCH", "evaluatorType": "value-param",
                "expression": "kind", "inputParameters": ["kind": "${workflow.input.kind}"],
                "decisionCases": ["fast": [["name": "hold", "taskReferenceName": "hold", "type": "WAIT"]]],
                "defaultCase": [
                    [
                        "name": "fallback", "taskReferenceName": "fallback", "type": "SET_VARIABLE",
                        "inputParameters": ["path": "default"],
                    ]
                ],
            ],
            ["name": "final", "taskReferenceName": "final"],
        ],
        "outputParameters": ["stage": "${workflow.variables.stage}", "waited": "${hold.output.ok}"],
    ]
}

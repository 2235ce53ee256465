import ConductorMCPCore
import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import ConductorEmulator

@Suite("System tasks: WAIT durations, jq, simple dynamic forks, registration checks")
struct MoreSystemTaskTests {
    @Test("a WAIT with duration completes once the emulator's clock has passed it")
    func waitDuration() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            try await client.registerWorkflow([
                "name": "pause",
                "tasks": [
                    [
                        "name": "hold", "taskReferenceName": "hold", "type": "WAIT",
                        "inputParameters": ["duration": "1m 30s"],
                    ]
                ],
            ])
            let id = try await client.start("pause")
            clock.advance(seconds: 89)
            #expect(try await client.workflow(id).status == "RUNNING")
            clock.advance(seconds: 1)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "COMPLETED")
            #expect(workflow.tasks[safe: 0]?["callbackAfterSeconds"] == 90)
        }
    }

    @Test("a WAIT with a malformed duration fails with Conductor's reason")
    func waitBadDuration() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "badpause",
                "tasks": [
                    [
                        "name": "hold", "taskReferenceName": "hold", "type": "WAIT",
                        "inputParameters": ["duration": "soon"],
                    ]
                ],
            ])
            let workflow = try await client.workflow(try await client.start("badpause"))
            #expect(workflow.status == "FAILED")
            #expect(workflow["reasonForIncompletion"]?.stringValue?.contains("Wait time specified is invalid") == true)
        }
    }

    @Test("JSON_JQ_TRANSFORM without a jq program fails with a reason that says how to get one")
    func jqMissing() async throws {
        let runner = AsyncTaskRunner(jqPath: nil)
        try await EmulatorHarness(configuration: .init(port: 0, taskRunner: runner)).run { client in
            try await client.registerWorkflow(jqWorkflow)
            let workflow = try await client.workflow(try await client.start("jq", input: ["a": [1, 2]]))
            #expect(workflow.status == "FAILED")
            #expect(workflow["reasonForIncompletion"]?.stringValue?.contains("install jq") == true)
        }
    }

    @Test("JSON_JQ_TRANSFORM answers result and resultList from jq", .enabled(if: JQTransform.locate() != nil))
    func jqTransform() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(jqWorkflow)
            let workflow = try await client.workflow(try await client.start("jq", input: ["a": [1, 2], "b": [3]]))
            #expect(workflow.status == "COMPLETED")
            #expect(workflow.tasks[safe: 0]?["outputData"] == ["result": [1, 2, 3], "resultList": [[1, 2, 3]]])
        }
    }

    @Test(
        "a jq query that never ends fails the task after the timeout; jq sees no environment and no options",
        .enabled(if: JQTransform.locate() != nil))
    func jqBounded() async throws {
        let jq = JQTransform(path: JQTransform.locate())
        let endless = await jq.run(input: ["queryExpression": "def f: f; f"])
        #expect(endless.status == .failed)
        #expect(endless.reason == "jq ran longer than 5 seconds")
        let environment = await jq.run(input: ["queryExpression": "$ENV | length"])
        #expect(environment.output["result"] == 0)
        let option = await jq.run(input: ["queryExpression": "-n", "x": 1])
        #expect(option.status == .failed)  // " -n" is a program (an error), not the option -n
    }

    @Test("FORK_JOIN_DYNAMIC with forkTaskName and forkTaskInputs names its tasks _NAME_i with __index")
    func simpleDynamicFork() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "dynsimple",
                "tasks": [
                    [
                        "name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
                        "inputParameters": ["forkTaskName": "check", "forkTaskInputs": "${workflow.input.cities}"],
                    ],
                    ["name": "join", "taskReferenceName": "join", "type": "JOIN"],
                ],
            ])
            let id = try await client.start("dynsimple", input: ["cities": [["city": "Oslo"], "Rome"]])
            let first = try #require(try await client.poll("check"))
            let second = try #require(try await client.poll("check"))
            #expect(first["referenceTaskName"] == "_check_0")
            #expect(first["inputData"] == ["city": "Oslo", "__index": 0])
            #expect(second["inputData"] == ["input": "Rome", "__index": 1])
            try await client.complete(first)
            try await client.complete(second)
            #expect(try await client.workflow(id).status == "COMPLETED")
        }
    }

    @Test("registration refuses a DO_WHILE without loopCondition and a SUB_WORKFLOW without subWorkflowParam")
    func typeConstraints() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(
                .post, "/api/metadata/workflow",
                json: [
                    "name": "invalid",
                    "tasks": [
                        [
                            "name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE",
                            "loopOver": [["name": "a", "taskReferenceName": "a"]],
                        ],
                        ["name": "sub", "taskReferenceName": "sub", "type": "SUB_WORKFLOW"],
                    ],
                ])
            #expect(reply.status == 400)
            let messages = (reply.json["validationErrors"]?.arrayValue ?? []).compactMap { $0["message"]?.stringValue }
            #expect(messages.contains("loopCondition field is required for taskType: DO_WHILE taskName: loop"))
            #expect(messages.contains("subWorkflowParam field is required for taskType: SUB_WORKFLOW taskName: sub"))
        }
    }

    @Test("an INLINE script outside the subset fails the task with FAILED_WITH_TERMINAL_ERROR and the reason")
    func inlineUnsupported() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "badinline",
                "tasks": [
                    [
                        "name": "calc", "taskReferenceName": "calc", "type": "INLINE",
                        "inputParameters": [
                            "evaluatorType": "javascript", "expression": "$.items.map(function (x) { return x; })",
                        ],
                    ]
                ],
            ])
            let workflow = try await client.workflow(try await client.start("badinline"))
            #expect(workflow.status == "FAILED")
            #expect(workflow.tasks[safe: 0]?.status == "FAILED_WITH_TERMINAL_ERROR")
            #expect(
                workflow.tasks[safe: 0]?["reasonForIncompletion"]?.stringValue?.contains("JavaScript subset") == true)
        }
    }

    @Test("POST /emulator/clock/advance moves the clock: a retry delay passes; a bad seconds value is a 400")
    func clockAdvance() async throws {
        try await EmulatorHarness().run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs", json: [["name": "later", "retryCount": 1, "retryDelaySeconds": 600]])
            try await client.registerWorkflow([
                "name": "wait600", "tasks": [["name": "later", "taskReferenceName": "l"]],
            ])
            _ = try await client.start("wait600")
            try await client.complete(try #require(try await client.poll("later")), status: "FAILED")
            #expect(try await client.poll("later") == nil)
            let moved = try await client.call(.post, "/emulator/clock/advance?seconds=600")
            #expect(moved.status == 200)
            #expect(moved.json["offsetMillis"] == 600_000)
            #expect(try await client.poll("later")?["retryCount"] == 1)
            #expect(try await client.call(.post, "/emulator/clock/advance?seconds=-5").status == 400)
        }
    }

    @Test("a START_WORKFLOW that starts its own workflow is cut after a bounded chain, without crashing")
    func selfStartingChain() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "again",
                "tasks": [
                    [
                        "name": "kick", "taskReferenceName": "kick", "type": "START_WORKFLOW",
                        "inputParameters": ["startWorkflow": ["name": "again"]],
                    ]
                ],
            ])
            let first = try await client.workflow(try await client.start("again"))
            #expect(first.status == "COMPLETED")
            let listed = try await client.call(.get, "/api/workflow/search?query=workflowType%3D'again'&size=100")
            let total = listed.json["totalHits"]?.intValue ?? 0
            #expect(total > 1 && total <= 30)
            let failed = try await client.call(.get, "/api/workflow/search?query=status%3D'FAILED'&size=100")
            let reason = failed.json["results"]?.arrayValue?.first?["reasonForIncompletion"]?.stringValue ?? ""
            #expect(reason.contains("starts at most 24 workflows in a chain"))
        }
    }

    @Test("a failure workflow that fails at once and names itself is cut after a bounded chain")
    func selfFailingChain() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "doomed", "failureWorkflow": "doomed",
                "tasks": [
                    [
                        "name": "bad", "taskReferenceName": "bad", "type": "INLINE",
                        "inputParameters": ["expression": "while (true) {}"],
                    ]
                ],
            ])
            let first = try await client.workflow(try await client.start("doomed"))
            #expect(first.status == "FAILED")
            let listed = try await client.call(.get, "/api/workflow/search?query=workflowType%3D'doomed'&size=100")
            let total = listed.json["totalHits"]?.intValue ?? 0
            #expect(total > 1 && total <= 30)
        }
    }

    @Test("a DO_WHILE over items runs once per item with loopItem and loopIndex; keepLastN drops old iterations")
    func loopOverItems() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "each",
                "tasks": [
                    [
                        "name": "each", "taskReferenceName": "each", "type": "DO_WHILE", "loopCondition": "",
                        "items": "${workflow.input.cities}", "inputParameters": ["keepLastN": 2],
                        "loopOver": [
                            [
                                "name": "visit", "taskReferenceName": "visit", "type": "INLINE",
                                "inputParameters": [
                                    "city": "${each.output.loopItem}", "index": "${each.output.loopIndex}",
                                    "expression": "$.city + '#' + $.index",
                                ],
                            ]
                        ],
                    ]
                ],
                "outputParameters": ["last": "${visit.output.result}", "loop": "${each.output}"],
            ])
            let id = try await client.start("each", input: ["cities": ["Oslo", "Rome", "Lima"]])
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "COMPLETED")
            #expect(workflow["output"]?["last"] == "Lima#2")
            #expect(workflow.tasks.map { $0["referenceTaskName"] } == ["each", "visit__2", "visit__3"])
            let loop = workflow["output"]?["loop"]
            #expect(loop?["iteration"] == 3)
            #expect(loop?["1"] == nil)
            #expect(loop?["3"] == ["visit": ["result": "Lima#2"]])
            let empty = try await client.workflow(try await client.start("each", input: ["cities": []]))
            #expect(empty.status == "COMPLETED")
            #expect(empty.tasks.count == 1)
        }
    }

    let jqWorkflow: JSONValue = [
        "name": "jq",
        "tasks": [
            [
                "name": "merge", "taskReferenceName": "merge", "type": "JSON_JQ_TRANSFORM",
                "inputParameters": [
                    "a": "${workflow.input.a}", "b": "${workflow.input.b}", "queryExpression": ".a + .b",
                ],
            ]
        ],
    ]
}

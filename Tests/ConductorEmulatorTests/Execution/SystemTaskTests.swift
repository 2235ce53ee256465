import ConductorEmulator
import ConductorMCPCore
import Foundation
import HTTPTypes
import TestSupport
import Testing

@Suite("System tasks: forks, loops, HTTP, sub-workflows, scripts")
struct SystemTaskTests {
    @Test("FORK_JOIN runs its branches in parallel and the JOIN collects the joined tasks' outputs")
    func forkJoin() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "fan",
                "tasks": [
                    [
                        "name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN",
                        "forkTasks": [
                            [["name": "left", "taskReferenceName": "left"]],
                            [["name": "right", "taskReferenceName": "right"]],
                        ],
                    ],
                    ["name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["left", "right"]],
                    [
                        "name": "after", "taskReferenceName": "after",
                        "inputParameters": ["both": "${join.output}"],
                    ],
                ],
            ])
            let id = try await client.start("fan")
            var workflow = try await client.workflow(id)
            #expect(workflow.tasks.map { $0["taskType"] } == ["FORK", "left", "right", "JOIN"])
            #expect(workflow.tasks.map(\.status) == ["COMPLETED", "SCHEDULED", "SCHEDULED", "IN_PROGRESS"])
            try await client.complete(try #require(try await client.poll("right")), output: ["r": 2])
            workflow = try await client.workflow(id)
            #expect(workflow.tasks[safe: 3]?.status == "IN_PROGRESS")
            try await client.complete(try #require(try await client.poll("left")), output: ["l": 1])
            let after = try #require(try await client.poll("after"))
            // JOIN output is a map (a HashMap in Conductor): members in the order the joined tasks ended.
            #expect(after["inputData"]?.objectValue?.keys == ["both"])
            #expect(after["inputData"]?["both"]?.objectValue?.keys.sorted() == ["left", "right"])
            #expect(after["inputData"]?["both"]?["left"] == ["l": 1])
            #expect(after["inputData"]?["both"]?["right"] == ["r": 2])
            workflow = try await client.workflow(id)
            #expect(workflow.tasks[safe: 3]?.status == "COMPLETED")
        }
    }

    @Test("a FORK_JOIN not followed by a JOIN fails the workflow with Conductor's message")
    func forkWithoutJoin() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "badfork",
                "tasks": [
                    [
                        "name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN",
                        "forkTasks": [[["name": "a", "taskReferenceName": "a"]]],
                    ],
                    ["name": "b", "taskReferenceName": "b"],
                ],
            ])
            let workflow = try await client.workflow(try await client.start("badfork"))
            #expect(workflow.status == "FAILED")
            #expect(
                workflow["reasonForIncompletion"]
                    == "Fork task definition is not followed by a join task.  Check the blueprint")
        }
    }

    @Test("DO_WHILE repeats its body with __N reference names until the loopCondition is false")
    func doWhile() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "loop",
                "tasks": [
                    [
                        "name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE",
                        "inputParameters": ["limit": "${workflow.input.limit}"],
                        "loopCondition": "$.loop['iteration'] < $.limit && !$.step.done",
                        "loopOver": [
                            [
                                "name": "step", "taskReferenceName": "step",
                                "inputParameters": ["round": "${loop.output.iteration}"],
                            ]
                        ],
                    ],
                    ["name": "last", "taskReferenceName": "last", "inputParameters": ["final": "${step.output.n}"]],
                ],
            ])
            let id = try await client.start("loop", input: ["limit": 5])
            for round in 1...3 {
                let step = try #require(try await client.poll("step"))
                #expect(step["referenceTaskName"] == .string("step__\(round)"))
                #expect(step["iteration"] == .int(round))
                #expect(step["inputData"] == ["round": .int(round)])
                try await client.complete(step, output: ["n": .int(round), "done": .bool(round == 3)])
            }
            let last = try #require(try await client.poll("last"))
            #expect(last["inputData"] == ["final": 3])
            let workflow = try await client.workflow(id)
            let loop = try #require(workflow.tasks[safe: 0])
            #expect(loop.status == "COMPLETED")
            #expect(loop["outputData"]?["iteration"] == 3)
            #expect(loop["outputData"]?["2"] == ["step": ["n": 2, "done": false]])
        }
    }

    @Test("a loopCondition outside the script subset fails the DO_WHILE with the reason")
    func doWhileBadCondition() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "badloop",
                "tasks": [
                    [
                        "name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE",
                        "loopCondition": "while (true) {}",
                        "loopOver": [["name": "noop", "taskReferenceName": "noop", "type": "NOOP"]],
                    ]
                ],
            ])
            let workflow = try await client.workflow(try await client.start("badloop"))
            #expect(workflow.status == "FAILED")
            let reason = workflow["reasonForIncompletion"]?.stringValue ?? ""
            #expect(reason.contains("Unable to evaluate condition while (true) {}"))
            #expect(reason.contains("does not support `while`"))
        }
    }

    @Test("an HTTP task calls the URL and completes with status, headers and the parsed body")
    func httpTask() async throws {
        let fake = FakeHTTPTaskClient { _, _ in FakeHTTPTaskClient.json(["temp": 41]) }
        try await EmulatorHarness(http: fake).run { client in
            try await client.registerWorkflow([
                "name": "weather",
                "tasks": [
                    [
                        "name": "get", "taskReferenceName": "get", "type": "HTTP",
                        "inputParameters": [
                            "http_request": [
                                "uri": "http://127.0.0.1:9/weather?city=${workflow.input.city}", "method": "POST",
                                "body": ["city": "${workflow.input.city}"], "headers": ["X-Trace": "t1"],
                            ]
                        ],
                    ]
                ],
                "outputParameters": ["temp": "${get.output.response.body.temp}"],
            ])
            let workflow = try await client.workflow(try await client.start("weather", input: ["city": "Dubai"]))
            #expect(workflow.status == "COMPLETED")
            #expect(workflow["output"] == ["temp": 41])
            let response = workflow.tasks[safe: 0]?["outputData"]?["response"]
            #expect(response?["statusCode"] == 200)
            #expect(response?["headers"]?["Content-Type"] == ["application/json"])
            let sent = try #require(fake.requests.first)
            #expect(sent.uri == "http://127.0.0.1:9/weather?city=Dubai")
            #expect(sent.method == "POST")
            #expect(sent.timeoutMillis == 6000)
            #expect(sent.body.flatMap { try? JSONParser.parse($0) } == ["city": "Dubai"])
            #expect(sent.headers.contains { $0.0 == "X-Trace" && $0.1 == "t1" })
        }
    }

    @Test("an HTTP task to a non-loopback host fails without a call, naming the flag that allows it")
    func httpHostRefused() async throws {
        let fake = FakeHTTPTaskClient { _, _ in FakeHTTPTaskClient.json([:]) }
        try await EmulatorHarness(http: fake).run { client in
            try await client.registerWorkflow([
                "name": "outside",
                "tasks": [
                    [
                        "name": "get", "taskReferenceName": "get", "type": "HTTP",
                        "inputParameters": ["http_request": ["uri": "http://example.com/x", "method": "GET"]],
                    ]
                ],
            ])
            let workflow = try await client.workflow(try await client.start("outside"))
            #expect(workflow.status == "FAILED")
            #expect(workflow["reasonForIncompletion"]?.stringValue?.contains("--http-task-host example.com") == true)
            #expect(fake.requests.isEmpty)
        }
    }

    @Test("a failing HTTP task is retried with exponential backoff on the clock, then the failure workflow runs")
    func httpRetriesAndFailureWorkflow() async throws {
        let clock = ManualClock()
        let fake = FakeHTTPTaskClient { _, _ in FakeHTTPTaskClient.json("down", status: 500) }
        try await EmulatorHarness(http: fake, clock: clock).run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs",
                json: [
                    [
                        "name": "flaky", "retryCount": 2, "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 10,
                        "responseTimeoutSeconds": 5,
                    ]
                ])
            try await client.registerWorkflow([
                "name": "compensate",
                "tasks": [
                    [
                        "name": "undo", "taskReferenceName": "undo", "type": "SET_VARIABLE",
                        "inputParameters": ["failed": "${workflow.input.workflowId}"],
                    ]
                ],
            ])
            try await client.registerWorkflow([
                "name": "fragile", "failureWorkflow": "compensate",
                "tasks": [
                    [
                        "name": "flaky", "taskReferenceName": "call", "type": "HTTP",
                        "inputParameters": ["http_request": ["uri": "http://localhost:9/x", "method": "GET"]],
                    ]
                ],
            ])
            let id = try await client.start("fragile", input: ["order": 7])
            var workflow = try await client.workflow(id)
            #expect(workflow.tasks.map(\.status) == ["FAILED", "SCHEDULED"])
            #expect(workflow.tasks[safe: 1]?["startDelayInSeconds"] == 10)
            clock.advance(seconds: 10)
            workflow = try await client.workflow(id)
            #expect(workflow.tasks.map(\.status) == ["FAILED", "FAILED", "SCHEDULED"])
            #expect(workflow.tasks[safe: 2]?["startDelayInSeconds"] == 20)
            clock.advance(seconds: 19)
            #expect(try await client.workflow(id).tasks.count == 3)
            clock.advance(seconds: 1)
            workflow = try await client.workflow(id)
            #expect(workflow.status == "FAILED")
            #expect(fake.requests.count == 3)
            #expect(workflow["reasonForIncompletion"]?.stringValue?.contains("500 Internal Server Error") == true)
            let failureId = try #require(workflow["output"]?["conductor.failure_workflow"]?.stringValue)
            let failure = try await client.workflow(failureId)
            #expect(failure["workflowName"] == "compensate")
            #expect(failure["input"]?["workflowId"] == .string(id))
            #expect(failure["input"]?["order"] == 7)
            #expect(failure["input"]?["failureStatus"] == "FAILED")
            #expect(failure["variables"] == ["failed": .string(id)])
        }
    }

    @Test("SUB_WORKFLOW runs the child by name and version and wires its output back")
    func subWorkflow() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "child", "version": 2,
                "tasks": [
                    ["name": "work", "taskReferenceName": "work", "inputParameters": ["x": "${workflow.input.x}"]]
                ],
                "outputParameters": ["doubled": "${work.output.y}"],
            ])
            try await client.registerWorkflow([
                "name": "parent",
                "tasks": [
                    [
                        "name": "sub", "taskReferenceName": "sub", "type": "SUB_WORKFLOW",
                        "subWorkflowParam": ["name": "child", "version": 2],
                        "inputParameters": ["x": "${workflow.input.x}"],
                    ]
                ],
                "outputParameters": ["result": "${sub.output.doubled}", "childId": "${sub.output.subWorkflowId}"],
            ])
            let id = try await client.start("parent", input: ["x": 21])
            var parent = try await client.workflow(id)
            #expect(parent.tasks[safe: 0]?.status == "IN_PROGRESS")
            let childId = try #require(parent.tasks[safe: 0]?["subWorkflowId"]?.stringValue)
            let work = try #require(try await client.poll("work"))
            #expect(work["workflowInstanceId"] == .string(childId))
            #expect(work["inputData"] == ["x": 21])
            try await client.complete(work, output: ["y": 42])
            parent = try await client.workflow(id)
            #expect(parent.status == "COMPLETED")
            #expect(parent["output"] == ["result": 42, "childId": .string(childId)])
            #expect(try await client.workflow(childId)["parentWorkflowId"] == .string(id))
        }
    }

    @Test("a failed sub-workflow fails its SUB_WORKFLOW task and the parent with the child's reason")
    func subWorkflowFailure() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "child2", "tasks": [["name": "work2", "taskReferenceName": "work2"]],
            ])
            try await client.registerWorkflow([
                "name": "parent2",
                "tasks": [
                    [
                        "name": "sub", "taskReferenceName": "sub", "type": "SUB_WORKFLOW",
                        "subWorkflowParam": ["name": "child2"],
                    ]
                ],
            ])
            try await client.registerTaskDefs(["work2"])
            let id = try await client.start("parent2")
            try await client.complete(try #require(try await client.poll("work2")), status: "FAILED", reason: "boom")
            let parent = try await client.workflow(id)
            #expect(parent.status == "FAILED")
            #expect(parent.tasks[safe: 0]?.status == "FAILED")
            #expect(parent.tasks[safe: 0]?["inputData"]?["subWorkflowVersion"] == 1)
            let reason = parent.tasks[safe: 0]?["reasonForIncompletion"]?.stringValue ?? ""
            #expect(reason.hasPrefix("Sub workflow child2.1/"))
            #expect(reason.contains("reason: 'boom'"))
        }
    }

    @Test("INLINE evaluates its expression over its input; SWITCH takes a javascript case")
    func inlineAndSwitch() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "scripted",
                "tasks": [
                    [
                        "name": "calc", "taskReferenceName": "calc", "type": "INLINE",
                        "inputParameters": [
                            "evaluatorType": "graaljs", "value": "${workflow.input.value}",
                            "expression": "(function () { return $.value * 2; })()",
                        ],
                    ],
                    [
                        "name": "route", "taskReferenceName": "route", "type": "SWITCH", "evaluatorType": "javascript",
                        "expression": "$.v > 10 ? 'high' : 'low'", "inputParameters": ["v": "${calc.output.result}"],
                        "decisionCases": [
                            "high": [["name": "alert", "taskReferenceName": "alert", "type": "NOOP"]],
                            "low": [["name": "quiet", "taskReferenceName": "quiet", "type": "NOOP"]],
                        ],
                    ],
                ],
            ])
            let workflow = try await client.workflow(try await client.start("scripted", input: ["value": 6]))
            #expect(workflow.status == "COMPLETED")
            #expect(workflow.tasks[safe: 0]?["outputData"] == ["result": 12])
            #expect(workflow.tasks.map { $0["referenceTaskName"] } == ["calc", "route", "alert"])
        }
    }

    @Test("FORK_JOIN_DYNAMIC forks the listed tasks with their inputs and joins on all of them")
    func dynamicFork() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow([
                "name": "dyn",
                "tasks": [
                    [
                        "name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
                        "dynamicForkTasksParam": "tasks", "dynamicForkTasksInputParamName": "inputs",
                        "inputParameters": ["tasks": "${workflow.input.tasks}", "inputs": "${workflow.input.inputs}"],
                    ],
                    ["name": "join", "taskReferenceName": "join", "type": "JOIN"],
                ],
            ])
            let id = try await client.start(
                "dyn",
                input: [
                    "tasks": [
                        ["name": "city", "taskReferenceName": "paris", "type": "SIMPLE"],
                        ["name": "city", "taskReferenceName": "rome", "type": "SIMPLE"],
                    ],
                    "inputs": ["paris": ["q": "Paris"], "rome": ["q": "Rome"]],
                ])
            let first = try #require(try await client.poll("city"))
            let second = try #require(try await client.poll("city"))
            #expect([first["inputData"], second["inputData"]] == [["q": "Paris"], ["q": "Rome"]])
            try await client.complete(first, output: ["t": 1])
            try await client.complete(second, output: ["t": 2])
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "COMPLETED")
            #expect(workflow.tasks.last?["outputData"] == ["paris": ["t": 1], "rome": ["t": 2]])
        }
    }

    @Test("START_WORKFLOW starts another execution and completes with its id")
    func startWorkflowTask() async throws {
        try await EmulatorHarness().run { client in
            try await client.registerWorkflow(["name": "other", "tasks": [["name": "o", "taskReferenceName": "o"]]])
            try await client.registerWorkflow([
                "name": "starter",
                "tasks": [
                    [
                        "name": "kick", "taskReferenceName": "kick", "type": "START_WORKFLOW",
                        "inputParameters": ["startWorkflow": ["name": "other", "input": ["k": 1]]],
                    ]
                ],
            ])
            let workflow = try await client.workflow(try await client.start("starter"))
            #expect(workflow.status == "COMPLETED")
            let started = try #require(workflow.tasks[safe: 0]?["outputData"]?["workflowId"]?.stringValue)
            let other = try await client.workflow(started)
            #expect(other.status == "RUNNING")
            #expect(other["input"] == ["k": 1])
        }
    }
}

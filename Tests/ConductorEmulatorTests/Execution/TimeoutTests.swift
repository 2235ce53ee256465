import ConductorEmulator
import ConductorMCPCore
import HTTPTypes
import TestSupport
import Testing

@Suite("Timeouts and retry delays on the emulator's clock")
struct TimeoutTests {
    @Test("a workflow with timeoutPolicy TIME_OUT_WF times out after timeoutSeconds; ALERT_ONLY keeps running")
    func workflowTimeout() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            for (name, policy) in [("strict", "TIME_OUT_WF"), ("lenient", "ALERT_ONLY")] {
                try await client.registerWorkflow([
                    "name": .string(name), "timeoutSeconds": 60, "timeoutPolicy": .string(policy),
                    "tasks": [["name": "slow", "taskReferenceName": "slow"]],
                ])
            }
            let strict = try await client.start("strict")
            let lenient = try await client.start("lenient")
            clock.advance(seconds: 59)
            #expect(try await client.workflow(strict).status == "RUNNING")
            clock.advance(seconds: 1)
            let timedOut = try await client.workflow(strict)
            #expect(timedOut.status == "TIMED_OUT")
            #expect(
                timedOut["reasonForIncompletion"]
                    == "Workflow timed out after 60 seconds. Timeout configured as 60 seconds. Timeout policy configured to TIME_OUT_WF"
            )
            #expect(timedOut.tasks.map(\.status) == ["CANCELED"])
            #expect(try await client.workflow(lenient).status == "RUNNING")
        }
    }

    @Test("a polled task silent past responseTimeoutSeconds is TIMED_OUT and retried")
    func responseTimeout() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs",
                json: [["name": "quiet", "retryCount": 1, "retryDelaySeconds": 0, "responseTimeoutSeconds": 30]])
            try await client.registerWorkflow(["name": "rt", "tasks": [["name": "quiet", "taskReferenceName": "q"]]])
            let id = try await client.start("rt")
            let first = try #require(try await client.poll("quiet"))
            clock.advance(seconds: 30)
            let workflow = try await client.workflow(id)
            #expect(workflow.tasks.map(\.status) == ["TIMED_OUT", "SCHEDULED"])
            let reason = workflow.tasks[safe: 0]?["reasonForIncompletion"]?.stringValue
            #expect(
                reason
                    == "responseTimeout: 30 exceeded for the taskId: \(first["taskId"]?.stringValue ?? "") with Task Definition: quiet"
            )
        }
    }

    @Test("a task nobody polls within pollTimeoutSeconds times out the workflow under TIME_OUT_WF")
    func pollTimeout() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs",
                json: [["name": "unpolled", "retryCount": 0, "pollTimeoutSeconds": 20, "timeoutPolicy": "TIME_OUT_WF"]])
            try await client.registerWorkflow([
                "name": "pt", "tasks": [["name": "unpolled", "taskReferenceName": "u"]],
            ])
            let id = try await client.start("pt")
            clock.advance(seconds: 20)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "TIMED_OUT")
            #expect(workflow.tasks[safe: 0]?.status == "TIMED_OUT")
            #expect(
                workflow["reasonForIncompletion"]?.stringValue?.hasPrefix("Task poll timed out after 20 seconds")
                    == true)
        }
    }

    @Test("LINEAR_BACKOFF waits retryDelaySeconds × backoffScaleFactor × attempt")
    func linearBackoff() async throws {
        try await EmulatorHarness().run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs",
                json: [
                    [
                        "name": "lin", "retryCount": 2, "retryLogic": "LINEAR_BACKOFF", "retryDelaySeconds": 5,
                        "backoffScaleFactor": 3,
                    ]
                ])
            try await client.registerWorkflow(["name": "lb", "tasks": [["name": "lin", "taskReferenceName": "l"]]])
            let id = try await client.start("lb")
            try await client.complete(try #require(try await client.poll("lin")), status: "FAILED")
            let workflow = try await client.workflow(id)
            #expect(workflow.tasks[safe: 1]?["startDelayInSeconds"] == 15)
        }
    }

    @Test("no retry once totalTimeoutSeconds across attempts is spent")
    func totalTimeout() async throws {
        let clock = ManualClock()
        try await EmulatorHarness(configuration: .init(port: 0, clock: clock.clock)).run { client in
            try await client.call(
                .post, "/api/metadata/taskdefs",
                json: [
                    [
                        "name": "budget", "retryCount": 5, "retryDelaySeconds": 0, "timeoutSeconds": 50,
                        "totalTimeoutSeconds": 60, "responseTimeoutSeconds": 40,
                    ]
                ])
            try await client.registerWorkflow(["name": "tt", "tasks": [["name": "budget", "taskReferenceName": "b"]]])
            // A failure reported after the budget is spent is not retried.
            let id = try await client.start("tt")
            let polled = try #require(try await client.poll("budget"))
            clock.advance(seconds: 60)
            try await client.complete(polled, status: "FAILED")
            let workflow = try await client.workflow(id)
            #expect(workflow.status == "FAILED")
            #expect(workflow.tasks.count == 1)
            #expect(
                workflow["reasonForIncompletion"]?.stringValue?.hasSuffix("No further retries will be attempted.")
                    == true)
            // A retry still waiting when the budget runs out times out (checkTotalTimeout, TIME_OUT_WF).
            let second = try await client.start("tt")
            try await client.complete(try #require(try await client.poll("budget")), status: "FAILED")
            clock.advance(seconds: 60)
            let timedOut = try await client.workflow(second)
            #expect(timedOut.status == "TIMED_OUT")
            #expect(timedOut.tasks.map(\.status) == ["FAILED", "TIMED_OUT"])
            #expect(
                workflow["reasonForIncompletion"]?.stringValue?.contains("exceeded total timeout of 60 seconds") == true
            )
        }
    }
}

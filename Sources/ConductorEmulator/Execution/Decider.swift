import Foundation

/// Moves one execution forward, as Conductor's `DeciderService` does after every change:
/// retries failed tasks, schedules the next task, runs system tasks at once, and ends the
/// workflow when its flow is done or a task failed for good.
///
/// Only sequential flows are modelled: SIMPLE, WAIT/HUMAN, SET_VARIABLE, SWITCH/DECISION with
/// `value-param`, TERMINATE and NOOP. Other task types fail with a reason that names them.
struct Decider {
    /// Current time in epoch milliseconds.
    let now: Int64
    /// Makes a new task id.
    let newId: () -> String

    /// Task types the decider completes without a worker.
    static let systemTaskTypes: Set<String> = [
        "WAIT", "HUMAN", "SET_VARIABLE", "SWITCH", "DECISION", "TERMINATE", "NOOP", "JOIN", "FORK_JOIN",
        "FORK_JOIN_DYNAMIC", "DO_WHILE", "SUB_WORKFLOW", "START_WORKFLOW", "EVENT", "HTTP", "LAMBDA", "INLINE",
        "EXCLUSIVE_JOIN", "KAFKA_PUBLISH", "JSON_JQ_TRANSFORM", "DYNAMIC",
    ]

    /// Schedules the first task of a new (or restarted) execution and runs the flow.
    func start(_ workflow: inout WorkflowRun) {
        let graph = WorkflowGraph(tasks: workflow.definition["tasks"]?.arrayValue ?? [])
        if let first = graph.topLevel.first {
            schedule(first, in: &workflow, graph: graph)
        }
        decide(&workflow)
    }

    /// Applies every consequence of the execution's current state until nothing changes.
    func decide(_ workflow: inout WorkflowRun) {
        guard workflow.status == .running else { return }
        let graph = WorkflowGraph(tasks: workflow.definition["tasks"]?.arrayValue ?? [])
        for _ in 0..<10_000 {
            guard workflow.status == .running else { return }
            var progressed = false
            for index in workflow.tasks.indices {
                let task = workflow.tasks[index]
                guard task.status.isTerminal, !task.status.isSuccessful, !task.retried, !task.executed else {
                    continue
                }
                progressed = true
                if handleFailure(at: index, in: &workflow) { return }
            }
            for index in workflow.tasks.indices {
                let task = workflow.tasks[index]
                guard task.status == .completed || task.status == .completedWithErrors, !task.executed else {
                    continue
                }
                workflow.tasks[index].executed = true
                progressed = true
                if let next = graph.next(after: task.referenceTaskName) {
                    schedule(next, in: &workflow, graph: graph)
                }
            }
            if !progressed { break }
        }
        let pending = workflow.tasks.contains { !$0.status.isTerminal }
        let unprocessed = workflow.tasks.contains {
            ($0.status == .completed || $0.status == .completedWithErrors) && !$0.executed
        }
        if !pending, !unprocessed, !workflow.tasks.isEmpty {
            complete(&workflow, status: .completed, reason: nil)
        }
    }

    /// Retries, tolerates (optional tasks) or fails the workflow for the failed task at `index`.
    /// Answers true when the workflow ended.
    private func handleFailure(at index: Int, in workflow: inout WorkflowRun) -> Bool {
        let task = workflow.tasks[index]
        let allowed = task.workflowTask["retryCount"]?.intValue ?? task.taskDefinition?["retryCount"]?.intValue ?? 0
        let isSystem = Self.systemTaskTypes.contains(task.taskType)
        if task.status.isRetriable, !isSystem, allowed > task.retryCount {
            workflow.tasks[index].retried = true
            let delay = retryDelay(for: task)
            var retry = task
            retry.taskId = newId()
            retry.retriedTaskId = task.taskId
            retry.retryCount = task.retryCount + 1
            retry.retried = false
            retry.executed = false
            retry.status = .scheduled
            retry.pollCount = 0
            retry.seq = Int64(workflow.tasks.count + 1)
            retry.scheduledTime = now
            retry.startTime = 0
            retry.endTime = 0
            retry.updateTime = now
            retry.workerId = nil
            retry.outputData = [:]
            retry.startDelayInSeconds = delay
            retry.callbackAfterSeconds = delay
            workflow.tasks.append(retry)
            return false
        }
        if task.workflowTask["optional"]?.boolValue == true || task.workflowTask["permissive"]?.boolValue == true {
            workflow.tasks[index].status = .completedWithErrors
            return false
        }
        workflow.tasks[index].executed = true
        let status: WorkflowStatus =
            switch task.status {
            case .canceled: .terminated
            case .timedOut: .timedOut
            default: .failed
            }
        let reason =
            "Task \(task.taskId) failed with status: \(task.status.rawValue) and reason: '\(task.reasonForIncompletion ?? "null")'"
        workflow.failedReferenceTaskNames.append(task.referenceTaskName)
        workflow.failedTaskNames.append(task.taskDefName)
        complete(&workflow, status: status, reason: reason, lastTask: task)
        return true
    }

    /// The delay before a retry, per the task definition's `retryLogic`.
    private func retryDelay(for task: TaskRun) -> Int64 {
        let def = task.taskDefinition ?? [:]
        let base = def["retryDelaySeconds"]?.intValue ?? 60
        switch def["retryLogic"]?.stringValue ?? "FIXED" {
        case "LINEAR_BACKOFF":
            return base * (def["backoffScaleFactor"]?.intValue ?? 1) * (task.retryCount + 1)
        case "EXPONENTIAL_BACKOFF":
            return base * Int64(pow(2.0, Double(task.retryCount)))
        default:
            return base
        }
    }

    /// Ends the execution: cancels what is still pending and computes the output.
    func complete(_ workflow: inout WorkflowRun, status: WorkflowStatus, reason: String?, lastTask: TaskRun? = nil) {
        for index in workflow.tasks.indices where !workflow.tasks[index].status.isTerminal {
            workflow.tasks[index].status = .canceled
            workflow.tasks[index].endTime = now
            workflow.tasks[index].updateTime = now
            workflow.tasks[index].executed = true
        }
        workflow.status = status
        workflow.reasonForIncompletion = reason
        workflow.endTime = now
        workflow.updateTime = now
        workflow.output = output(of: workflow, lastTask: lastTask)
    }

    /// `outputParameters` resolved, or, with none defined, the last task's output (Conductor's rule).
    func output(of workflow: WorkflowRun, lastTask: TaskRun?) -> JSON {
        let parameters = workflow.definition["outputParameters"]?.objectValue ?? [:]
        if !parameters.isEmpty {
            return ExpressionResolver(context: workflow.expressionContext).resolve(.object(parameters))
        }
        let last = lastTask ?? workflow.tasks.last { $0.status.isTerminal && $0.status != .skipped }
        return last?.outputData ?? [:]
    }

    /// Creates the task instance for a definition entry and runs it at once when it is a system task.
    func schedule(_ definition: JSON, in workflow: inout WorkflowRun, graph: WorkflowGraph) {
        let ref = definition["taskReferenceName"]?.stringValue ?? ""
        if let existing = workflow.tasks.lastIndex(where: { $0.referenceTaskName == ref }) {
            let task = workflow.tasks[existing]
            if task.status == .skipped, !task.executed {
                workflow.tasks[existing].executed = true
                if let next = graph.next(after: ref) { schedule(next, in: &workflow, graph: graph) }
                return
            }
            if !task.status.isTerminal { return }
        }
        let type = definition["type"]?.stringValue ?? "SIMPLE"
        let name = definition["name"]?.stringValue ?? ""
        let taskDef = definition["taskDefinition"] ?? [:]
        let resolver = ExpressionResolver(context: workflow.expressionContext)
        let startDelay = definition["startDelay"]?.intValue ?? 0
        let isSimple = type == "SIMPLE"
        var task = TaskRun(
            taskId: newId(), taskType: isSimple ? name : type, taskDefName: name, referenceTaskName: ref,
            status: .scheduled, workflowInstanceId: workflow.workflowId, workflowType: workflow.workflowName,
            workflowTask: definition)
        task.inputData = resolver.resolve(.object(definition["inputParameters"]?.objectValue ?? [:]))
        task.seq = Int64(workflow.tasks.count + 1)
        task.correlationId = workflow.correlationId
        task.scheduledTime = now
        task.updateTime = now
        task.startDelayInSeconds = startDelay
        task.callbackAfterSeconds = startDelay
        task.responseTimeoutSeconds = taskDef["responseTimeoutSeconds"]?.intValue ?? 0
        task.rateLimitPerFrequency = taskDef["rateLimitPerFrequency"]?.intValue ?? 0
        task.rateLimitFrequencyInSeconds = taskDef["rateLimitFrequencyInSeconds"]?.intValue ?? 0
        task.workflowPriority = workflow.priority
        task.domain = workflow.taskToDomain[task.taskType] ?? workflow.taskToDomain["*"]
        if !isSimple { task.domain = nil }
        workflow.tasks.append(task)
        let index = workflow.tasks.count - 1
        if !isSimple {
            runSystemTask(at: index, type: type, in: &workflow, graph: graph)
        }
    }

    /// Executes a system task in place, as Conductor does for synchronous system tasks.
    private func runSystemTask(at index: Int, type: String, in workflow: inout WorkflowRun, graph: WorkflowGraph) {
        var task = workflow.tasks[index]
        task.startTime = now
        task.firstStartTime = now
        switch type {
        case "WAIT", "HUMAN":
            task.status = .inProgress
        case "NOOP":
            finish(&task, .completed)
        case "SET_VARIABLE":
            var variables = workflow.variables.objectValue ?? [:]
            for (key, value) in task.inputData.objectValue ?? [:] { variables[key] = value }
            workflow.variables = .object(variables)
            finish(&task, .completed)
        case "SWITCH", "DECISION":
            runSwitch(&task, type: type)
            workflow.tasks[index] = task
            if task.status == .completed {
                workflow.tasks[index].executed = true
                let chosen = task.outputData["evaluationResult"]?.arrayValue?.first?.stringValue ?? ""
                let cases = task.workflowTask["decisionCases"]?.objectValue ?? [:]
                let branch = cases[chosen]?.arrayValue ?? task.workflowTask["defaultCase"]?.arrayValue ?? []
                if let first = branch.first {
                    schedule(first, in: &workflow, graph: graph)
                } else if let next = graph.next(after: task.referenceTaskName) {
                    schedule(next, in: &workflow, graph: graph)
                }
            }
            return
        case "TERMINATE":
            finish(&task, .completed)
            task.outputData = task.inputData["workflowOutput"] ?? [:]
            task.executed = true
            workflow.tasks[index] = task
            let requested = task.inputData["terminationStatus"]?.stringValue ?? "COMPLETED"
            let status: WorkflowStatus =
                switch requested {
                case "FAILED": .failed
                case "TERMINATED": .terminated
                default: .completed
                }
            complete(&workflow, status: status, reason: task.inputData["terminationReason"]?.stringValue)
            if let output = task.inputData["workflowOutput"], output.objectValue != nil {
                workflow.output = output
            }
            return
        default:
            finish(&task, .failed)
            task.reasonForIncompletion =
                "conductor-emulator does not execute \(type) tasks; supported system tasks are "
                + "WAIT, HUMAN, SET_VARIABLE, SWITCH (value-param), DECISION, TERMINATE and NOOP"
        }
        workflow.tasks[index] = task
    }

    /// Evaluates a SWITCH with `value-param` (or a DECISION's `caseValueParam`).
    private func runSwitch(_ task: inout TaskRun, type: String) {
        let evaluator = task.workflowTask["evaluatorType"]?.stringValue ?? "value-param"
        let parameter =
            type == "DECISION"
            ? task.workflowTask["caseValueParam"]?.stringValue : task.workflowTask["expression"]?.stringValue
        guard evaluator == "value-param" || type == "DECISION", let parameter else {
            finish(&task, .failed)
            task.reasonForIncompletion =
                "conductor-emulator evaluates SWITCH with evaluatorType value-param only, not \(evaluator)"
            return
        }
        let value = task.inputData[parameter] ?? .null
        let caseName: String =
            switch value {
            case .string(let text): text
            case .null: "null"
            default: value.javaDescription
            }
        task.outputData = ["evaluationResult": [.string(caseName)]]
        finish(&task, .completed)
    }

    private func finish(_ task: inout TaskRun, _ status: TaskStatus) {
        task.status = status
        task.endTime = now
        task.updateTime = now
    }
}

import ConductorMCPCore
import Foundation

/// Moves one execution forward, as Conductor's `DeciderService.decide` does after every change (core/src/main/java/
/// com/netflix/conductor/core/execution/DeciderService.java): checks timeouts, retries failed tasks, evaluates JOIN
/// and DO_WHILE, schedules the next task, runs synchronous system tasks at once, hands async ones (HTTP, SUB_WORKFLOW,
/// START_WORKFLOW, JSON_JQ_TRANSFORM) to the engine through `effects`, and ends the workflow when its flow is done
/// or a task failed for good.
struct Decider {
    /// Current time in epoch milliseconds.
    let now: Int
    /// Makes a new task id.
    let newId: () -> String
    /// Registered task definitions, for the tasks of a FORK_JOIN_DYNAMIC that the definition does not list.
    var taskDefs: [String: JSONValue] = [:]
    /// What the engine must do once the execution is stored.
    private(set) var effects: [DeciderEffect] = []

    /// Tasks a FORK_JOIN_DYNAMIC may fork (Conductor has no such bound).
    static let maxDynamicForkTasks = 1000
    /// Iterations a DO_WHILE may run before the emulator fails it (Conductor has no such bound).
    static let maxLoopIterations: Int = 1000

    /// Task types the decider completes without a worker.
    static let systemTaskTypes: Set<String> = [
        "WAIT", "HUMAN", "SET_VARIABLE", "SWITCH", "DECISION", "TERMINATE", "NOOP", "JOIN", "FORK_JOIN", "FORK",
        "FORK_JOIN_DYNAMIC", "DO_WHILE", "SUB_WORKFLOW", "START_WORKFLOW", "EVENT", "HTTP", "LAMBDA", "INLINE",
        "EXCLUSIVE_JOIN", "KAFKA_PUBLISH", "JSON_JQ_TRANSFORM", "DYNAMIC",
    ]

    /// Types Conductor never retries (`TaskType.isBuiltIn`, common/.../metadata/tasks/TaskType.java).
    static let builtInTypes: Set<String> = ["DECISION", "SWITCH", "FORK", "JOIN", "EXCLUSIVE_JOIN", "DO_WHILE"]

    /// System tasks started by the engine once due, rather than run inside the decider.
    static let launchedTypes: Set<String> = ["HTTP", "JSON_JQ_TRANSFORM", "SUB_WORKFLOW", "START_WORKFLOW"]

    init(now: Int, newId: @escaping () -> String, taskDefs: [String: JSONValue] = [:]) {
        self.now = now
        self.newId = newId
        self.taskDefs = taskDefs
    }

    /// Schedules the first task of a new (or restarted) execution and runs the flow.
    mutating func start(_ workflow: inout WorkflowRun) {
        let graph = WorkflowGraph(tasks: workflow.definition["tasks"]?.arrayValue ?? [])
        if let first = graph.topLevel.first {
            schedule(first, iteration: 0, in: &workflow, graph: graph)
        }
        decide(&workflow)
    }

    /// Applies every consequence of the execution's current state until nothing changes.
    mutating func decide(_ workflow: inout WorkflowRun) {
        guard workflow.status == .running else { return }
        let graph = WorkflowGraph(tasks: workflow.definition["tasks"]?.arrayValue ?? [])
        if checkWorkflowTimeout(&workflow) { return }
        for _ in 0..<10_000 {
            guard workflow.status == .running else { return }
            var progressed = false
            for index in workflow.tasks.indices where !workflow.tasks[index].status.isTerminal {
                if checkTimeouts(at: index, in: &workflow) { progressed = true }
                if workflow.status != .running { return }
            }
            for index in workflow.tasks.indices {
                let task = workflow.tasks[index]
                guard task.status.isTerminal, !task.status.isSuccessful, !task.retried, !task.executed else {
                    continue
                }
                progressed = true
                if handleFailure(at: index, in: &workflow) { return }
            }
            // By id: a DO_WHILE with keepLastN removes old iterations' tasks while this pass runs.
            let waiting = workflow.tasks.filter {
                !$0.status.isTerminal && ["JOIN", "DO_WHILE", "WAIT"].contains($0.taskType)
            }.map(\.taskId)
            for taskId in waiting {
                guard let index = workflow.tasks.firstIndex(where: { $0.taskId == taskId }),
                    !workflow.tasks[index].status.isTerminal
                else { continue }
                switch workflow.tasks[index].taskType {
                case "JOIN": if evaluateJoin(at: index, in: &workflow) { progressed = true }
                case "DO_WHILE": if evaluateLoop(at: index, in: &workflow, graph: graph) { progressed = true }
                default:
                    // Wait.execute: done once the wait timeout has passed.
                    if workflow.tasks[index].waitUntil > 0, now >= workflow.tasks[index].waitUntil {
                        finish(&workflow.tasks[index], .completed)
                        progressed = true
                    }
                }
                if workflow.status != .running { return }
            }
            for index in workflow.tasks.indices {
                let task = workflow.tasks[index]
                guard task.status == .completed || task.status == .completedWithErrors, !task.executed else {
                    continue
                }
                workflow.tasks[index].executed = true
                progressed = true
                if let next = graph.next(after: TaskRun.baseReferenceName(task.referenceTaskName)) {
                    let iteration = task.taskType == "DO_WHILE" ? 0 : task.iteration
                    schedule(next, iteration: iteration, in: &workflow, graph: graph)
                }
                if workflow.status != .running { return }
            }
            for index in workflow.tasks.indices {
                let task = workflow.tasks[index]
                guard task.status == .scheduled, !task.launched, Self.launchedTypes.contains(task.taskType),
                    task.dueTime <= now
                else { continue }
                launch(at: index, in: &workflow)
                progressed = true
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

    /// Marks a due async system task IN_PROGRESS and asks the engine to run it.
    private mutating func launch(at index: Int, in workflow: inout WorkflowRun) {
        var task = workflow.tasks[index]
        task.launched = true
        task.status = .inProgress
        task.startTime = now
        if task.firstStartTime == 0 { task.firstStartTime = now }
        task.updateTime = now
        workflow.tasks[index] = task
        switch task.taskType {
        case "SUB_WORKFLOW": effects.append(.startSubWorkflow(taskId: task.taskId))
        case "START_WORKFLOW": effects.append(.startWorkflow(taskId: task.taskId))
        default: effects.append(.runAsync(taskId: task.taskId))
        }
    }

    /// Retries, tolerates (optional tasks) or fails the workflow for the failed task at `index`, as
    /// `DeciderService.retry()` does. Answers true when the workflow ended.
    private mutating func handleFailure(at index: Int, in workflow: inout WorkflowRun) -> Bool {
        let task = workflow.tasks[index]
        let willRetry =
            task.status.isRetriable && !Self.builtInTypes.contains(task.taskType)
            && task.allowedRetries > task.retryCount
        let total = task.taskDefinition?["totalTimeoutSeconds"]?.coercedInt ?? 0
        if willRetry, total > 0, task.firstScheduledTime > 0, (now - task.firstScheduledTime) / 1000 >= total {
            // DeciderService.retry(): no retry once the total budget across attempts is spent.
            let elapsed = (now - task.firstScheduledTime) / 1000
            workflow.tasks[index].executed = true
            workflow.failedTaskId = workflow.failedTaskId ?? task.taskId
            complete(
                &workflow, status: task.status == .timedOut ? .timedOut : .failed,
                reason: "Task \(task.taskId)/\(task.taskDefName) exceeded total timeout of \(total) seconds "
                    + "(elapsed \(elapsed) seconds across all attempts). No further retries will be attempted.",
                lastTask: task, startFailureWorkflow: true)
            return true
        }
        if willRetry {
            workflow.tasks[index].retried = true
            var retry = task.nextAttempt(
                id: newId(), seq: workflow.tasks.count + 1, now: now, delaySeconds: task.retryDelaySeconds)
            // Conductor keeps the last failure's reason on the new attempt until it runs.
            retry.reasonForIncompletion = task.reasonForIncompletion
            workflow.tasks.append(retry)
            return false
        }
        if task.workflowTask["optional"]?.coercedBool == true || task.workflowTask["permissive"]?.coercedBool == true {
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
            "Task \(task.taskId) failed with status: \(status.rawValue) and reason: '\(task.reasonForIncompletion ?? "null")'"
        workflow.failedTaskId = workflow.failedTaskId ?? task.taskId
        complete(&workflow, status: status, reason: reason, lastTask: task, startFailureWorkflow: true)
        return true
    }

    /// Ends the execution: cancels what is still pending, records failed tasks and computes the output, as
    /// `WorkflowExecutorOps.terminateWorkflow` does; `startFailureWorkflow` asks the engine for the definition's
    /// `failureWorkflow`.
    mutating func complete(
        _ workflow: inout WorkflowRun, status: WorkflowStatus, reason: String?, lastTask: TaskRun? = nil,
        startFailureWorkflow: Bool = false
    ) {
        for index in workflow.tasks.indices where !workflow.tasks[index].status.isTerminal {
            workflow.tasks[index].status = .canceled
            workflow.tasks[index].endTime = now
            workflow.tasks[index].updateTime = now
            workflow.tasks[index].executed = true
            if let child = workflow.tasks[index].subWorkflowId {
                effects.append(.terminateChild(workflowId: child, reason: "Parent workflow has been terminated"))
            }
        }
        for task in workflow.tasks where task.status == .failed || task.status == .failedWithTerminalError {
            if !workflow.failedReferenceTaskNames.contains(task.referenceTaskName) {
                workflow.failedReferenceTaskNames.append(task.referenceTaskName)
            }
            if !workflow.failedTaskNames.contains(task.taskDefName) {
                workflow.failedTaskNames.append(task.taskDefName)
            }
        }
        workflow.status = status
        workflow.reasonForIncompletion = reason
        workflow.endTime = now
        workflow.updateTime = now
        workflow.output = output(of: workflow, lastTask: lastTask)
        effects.append(.ended(startFailureWorkflow: startFailureWorkflow && status != .completed))
    }

    /// `outputParameters` resolved, or, with none defined, the last task's output (Conductor's rule).
    func output(of workflow: WorkflowRun, lastTask: TaskRun?) -> JSONValue {
        let parameters = workflow.definition["outputParameters"]?.objectValue ?? [:]
        if !parameters.isEmpty {
            return ExpressionResolver(context: workflow.expressionContext).resolve(.object(parameters))
        }
        let last = lastTask ?? workflow.tasks.last { $0.status.isTerminal && $0.status != .skipped }
        return last?.outputData ?? [:]
    }

    /// Creates the task instance for a definition entry and runs it at once when it is a synchronous system task.
    ///
    /// Inside a DO_WHILE (`iteration` > 0) the reference name takes the `__N` suffix Conductor gives it
    /// (`TaskUtils.appendIteration`, common/.../utils/TaskUtils.java).
    mutating func schedule(
        _ definition: JSONValue, iteration: Int, in workflow: inout WorkflowRun, graph: WorkflowGraph,
        inputOverride: JSONValue? = nil
    ) {
        let baseRef = definition["taskReferenceName"]?.stringValue ?? ""
        let ref = iteration > 0 ? "\(baseRef)__\(iteration)" : baseRef
        if let existing = workflow.tasks.lastIndex(where: { $0.referenceTaskName == ref }) {
            let task = workflow.tasks[existing]
            if task.status == .skipped, !task.executed {
                workflow.tasks[existing].executed = true
                if let next = graph.next(after: baseRef) {
                    schedule(next, iteration: iteration, in: &workflow, graph: graph)
                }
                return
            }
            if !task.status.isTerminal { return }
        }
        let type = definition["type"]?.stringValue ?? "SIMPLE"
        let name = definition["name"]?.stringValue ?? ""
        let taskDef = definition["taskDefinition"] ?? [:]
        let resolver = ExpressionResolver(context: workflow.expressionContext)
        let startDelay = definition["startDelay"]?.coercedInt ?? 0
        let isSimple = type == "SIMPLE"
        let taskType =
            switch type {
            case "SIMPLE": name
            case "FORK_JOIN", "FORK_JOIN_DYNAMIC": "FORK"
            default: type
            }
        var task = TaskRun(
            taskId: newId(), taskType: taskType, taskDefName: name, referenceTaskName: ref,
            status: .scheduled, workflowInstanceId: workflow.workflowId, workflowType: workflow.workflowName,
            workflowTask: definition)
        task.iteration = iteration
        task.inputData = inputOverride ?? resolver.resolve(.object(definition["inputParameters"]?.objectValue ?? [:]))
        task.seq = workflow.tasks.count + 1
        task.correlationId = workflow.correlationId
        task.scheduledTime = now
        task.firstScheduledTime = now
        task.updateTime = now
        task.startDelayInSeconds = startDelay
        task.callbackAfterSeconds = startDelay
        task.responseTimeoutSeconds = taskDef["responseTimeoutSeconds"]?.coercedInt ?? 0
        task.rateLimitPerFrequency = taskDef["rateLimitPerFrequency"]?.coercedInt ?? 0
        task.rateLimitFrequencyInSeconds = taskDef["rateLimitFrequencyInSeconds"]?.coercedInt ?? 0
        task.workflowPriority = workflow.priority
        task.domain = isSimple ? workflow.taskToDomain[task.taskType] ?? workflow.taskToDomain["*"] : nil
        workflow.tasks.append(task)
        if !isSimple {
            runSystemTask(at: workflow.tasks.count - 1, type: type, in: &workflow, graph: graph)
        }
    }

    /// Sets a task's terminal (or running) status with its timestamps.
    func finish(_ task: inout TaskRun, _ status: TaskStatus) {
        task.status = status
        task.updateTime = now
        if status.isTerminal { task.endTime = now }
    }
}

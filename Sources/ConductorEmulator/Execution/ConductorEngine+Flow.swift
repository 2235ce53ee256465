import ConductorMCPCore
import Foundation

/// Running the decider and carrying out what it asks: sub-workflows, START_WORKFLOW, async system tasks, parent
/// updates and failure workflows (WorkflowExecutorOps.java in core/.../execution/).
extension ConductorEngine {
    /// Sub-workflows nested deeper than this fail their SUB_WORKFLOW task instead of starting.
    static let maxSubWorkflowDepth = 16
    /// Workflows one change may start in a chain (a START_WORKFLOW that starts its own workflow, a failure workflow
    /// that fails at once): each link runs synchronously on the engine, so the chain is cut here.
    static let maxEffectDepth = 24

    /// A decider at the current time, with the registered task definitions.
    func makeDecider() -> Decider {
        Decider(now: now, newId: { [self] in self.newId() }, taskDefs: taskDefs)
    }

    /// Runs the decider on `workflow` (starting it when `starting`), stores it, then applies the decider's effects.
    func advance(_ workflow: WorkflowRun, starting: Bool = false) {
        var workflow = workflow
        var decider = makeDecider()
        if starting { decider.start(&workflow) } else { decider.decide(&workflow) }
        store(workflow, effects: decider.effects)
    }

    /// Stores `workflow` and applies `effects` in order.
    func store(_ workflow: WorkflowRun, effects: [DeciderEffect]) {
        save(workflow)
        for effect in effects { apply(effect, of: workflow.workflowId) }
    }

    /// Re-runs the decider on a running execution so time-based changes (timeouts, due retries of system tasks)
    /// show; stores it only when something changed.
    func refresh(_ id: String) {
        guard let original = workflows[id], original.status == .running else { return }
        var workflow = original
        var decider = makeDecider()
        decider.decide(&workflow)
        if workflow != original || !decider.effects.isEmpty { store(workflow, effects: decider.effects) }
    }

    /// Refreshes the execution `id` and waits for the system tasks that set off, so a read shows their outcome.
    public func refreshForRead(id: String) async {
        refresh(id)
        await settle()
    }

    /// Refreshes every running execution, as Conductor's sweeper does in the background.
    public func sweep() {
        for id in workflowOrder where workflows[id]?.status == .running { refresh(id) }
    }

    /// Sweeps at most once per second of the emulator's clock: polls come often, and time-based changes
    /// (timeouts, due retries, WAIT durations) move in seconds.
    func sweepForPoll() {
        guard now >= lastPollSweep &+ 1000 else { return }
        lastPollSweep = now
        sweep()
    }

    /// Waits until no async system task is under way (each bounded by its HTTP or jq timeout), so an answer
    /// reflects every system task the request set off.
    public func settle() async {
        while let (taskId, task) = inFlight.first {
            await task.value
            inFlight[taskId] = nil
        }
    }

    private func apply(_ effect: DeciderEffect, of workflowId: String) {
        effectDepth += 1
        defer { effectDepth -= 1 }
        let tooDeep = effectDepth > Self.maxEffectDepth
        let refusal =
            "conductor-emulator starts at most \(Self.maxEffectDepth) workflows in a chain from one change "
            + "(sub-workflows, START_WORKFLOW, failure workflows); this one would go deeper"
        switch effect {
        case .startSubWorkflow(let taskId) where tooDeep, .startWorkflow(let taskId) where tooDeep:
            finishTask(
                taskId, in: workflowId,
                outcome: AsyncTaskOutcome(status: .failedWithTerminalError, output: [:], reason: refusal))
        case .ended(true) where tooDeep:
            ended(workflowId, startFailureWorkflow: false)
            if var workflow = workflows[workflowId], workflow.definition["failureWorkflow"]?.stringValue != nil {
                workflow.output["conductor.failure_workflow"] = .string(refusal)
                save(workflow)
            }
        case .startSubWorkflow(let taskId): startSubWorkflow(taskId: taskId, in: workflowId)
        case .startWorkflow(let taskId): runStartWorkflow(taskId: taskId, in: workflowId)
        case .runAsync(let taskId): runAsync(taskId: taskId, in: workflowId)
        case .terminateChild(let childId, let reason):
            if let child = workflows[childId], !child.status.isTerminal { try? terminate(id: childId, reason: reason) }
        case .ended(let startFailureWorkflow): ended(workflowId, startFailureWorkflow: startFailureWorkflow)
        }
    }

    /// Finishes the task `taskId` of `workflowId` with `outcome` and moves the execution on.
    private func finishTask(_ taskId: String, in workflowId: String, outcome: AsyncTaskOutcome) {
        guard var workflow = workflows[workflowId],
            let index = workflow.tasks.firstIndex(where: { $0.taskId == taskId }),
            !workflow.tasks[index].status.isTerminal
        else { return }
        var task = workflow.tasks[index]
        task.status = outcome.status
        var output = task.outputData.objectValue ?? [:]
        for (key, value) in outcome.output.objectValue ?? [:] { output[key] = value }
        task.outputData = .object(output)
        task.reasonForIncompletion = outcome.reason
        task.updateTime = now
        if outcome.status.isTerminal { task.endTime = now }
        workflow.tasks[index] = task
        if workflow.status == .running { advance(workflow) } else { save(workflow) }
    }

    // MARK: - Async system tasks

    private func runAsync(taskId: String, in workflowId: String) {
        guard let task = workflows[workflowId]?.tasks.first(where: { $0.taskId == taskId }) else { return }
        let runner = runner
        let type = task.taskType
        let input = task.inputData
        inFlight[taskId] = Task { [weak self] in
            let outcome = await runner.run(type: type, input: input)
            await self?.finishAsync(taskId, in: workflowId, outcome: outcome)
        }
    }

    private func finishAsync(_ taskId: String, in workflowId: String, outcome: AsyncTaskOutcome) {
        inFlight[taskId] = nil
        finishTask(taskId, in: workflowId, outcome: outcome)
    }

    // MARK: - Sub-workflows and START_WORKFLOW

    /// Starts the child of a SUB_WORKFLOW task, as `SubWorkflow.start` does (core/.../execution/tasks/
    /// SubWorkflow.java): by name and version (latest when absent or 0) or from an inline definition, with
    /// `workflowInput` (or the task input) as input, the parent's correlation id and domains.
    private func startSubWorkflow(taskId: String, in workflowId: String) {
        guard let parent = workflows[workflowId],
            let task = parent.tasks.first(where: { $0.taskId == taskId })
        else { return }
        let input = task.inputData
        var depth = 0
        var cursor = parent.parentWorkflowId
        while let id = cursor, depth <= Self.maxSubWorkflowDepth {
            depth += 1
            cursor = workflows[id]?.parentWorkflowId
        }
        guard depth < Self.maxSubWorkflowDepth else {
            finishTask(
                taskId, in: workflowId,
                outcome: AsyncTaskOutcome(
                    status: .failedWithTerminalError, output: [:],
                    reason: "conductor-emulator nests sub-workflows at most \(Self.maxSubWorkflowDepth) deep"))
            return
        }
        let definition: JSONValue
        do {
            definition = try subWorkflowDefinition(input)
        } catch let error as ConductorError {
            finishTask(
                taskId, in: workflowId, outcome: AsyncTaskOutcome(status: .failed, output: [:], reason: error.message))
            return
        } catch {
            return
        }
        let childInput =
            input["workflowInput"].flatMap { ($0.objectValue ?? [:]).isEmpty ? .none : $0 } ?? input
        var domains = parent.taskToDomain
        if let given = input["subWorkflowTaskToDomain"]?.objectValue {
            domains = [:]
            for (key, value) in given { domains[key] = value.stringValue }
        }
        let childId = newId()
        var updated = parent
        if let index = updated.tasks.firstIndex(where: { $0.taskId == taskId }) {
            updated.tasks[index].subWorkflowId = childId
            updated.tasks[index].outputData["subWorkflowId"] = .string(childId)
            // SubWorkflowTaskMapper records the version it resolved (the latest when none was named).
            if input["subWorkflowDefinition"] == nil {
                updated.tasks[index].inputData["subWorkflowVersion"] = definition["version"] ?? 1
            }
            updated.tasks[index].reasonForIncompletion = nil
        }
        save(updated)
        _ = launch(
            definition: definition, input: childInput, correlationId: parent.correlationId,
            priority: input["priority"]?.coercedInt ?? parent.priority, taskToDomain: domains, createdBy: nil,
            idempotencyKey: nil, workflowId: childId, parent: (workflowId, taskId))
    }

    private func subWorkflowDefinition(_ input: JSONValue) throws -> JSONValue {
        if let inline = input["subWorkflowDefinition"], inline.objectValue != nil {
            let definition = DefinitionDefaults.workflowDef(inline)
            let errors = DefinitionValidator.validate(workflowDef: definition, operation: "subWorkflow")
            guard errors.isEmpty else { throw ConductorError.validation(errors) }
            return definition
        }
        guard let name = input["subWorkflowName"]?.stringValue, !name.isEmpty else {
            throw ConductorError.badRequest("SubWorkflow name is null and no workflowDefinition supplied")
        }
        let version = input["subWorkflowVersion"]?.coercedInt.flatMap { $0 == 0 ? nil : $0 }
        let versions = workflowDefs[name] ?? [:]
        guard let found = version.map({ versions[$0] }) ?? versions.keys.max().flatMap({ versions[$0] }) else {
            throw ConductorError.notFound(
                "No such workflow defined. name=\(name), version=\(version.map(String.init) ?? "null")")
        }
        return found
    }

    /// START_WORKFLOW: starts `startWorkflow` {name, version, input, correlationId} and completes with its
    /// `workflowId`, without waiting for it (core/.../execution/tasks/StartWorkflow.java).
    private func runStartWorkflow(taskId: String, in workflowId: String) {
        guard let task = workflows[workflowId]?.tasks.first(where: { $0.taskId == taskId }) else { return }
        guard let request = task.inputData["startWorkflow"], request.objectValue != nil else {
            finishTask(
                taskId, in: workflowId,
                outcome: AsyncTaskOutcome(
                    status: .failed, output: [:], reason: "Missing 'startWorkflow' in input data."))
            return
        }
        let outcome: AsyncTaskOutcome
        do {
            let started = try startWorkflow(request: request)
            outcome = AsyncTaskOutcome(status: .completed, output: ["workflowId": .string(started)], reason: nil)
        } catch let error as ConductorError {
            outcome = AsyncTaskOutcome(status: .failed, output: [:], reason: error.message)
        } catch {
            outcome = AsyncTaskOutcome(status: .failed, output: [:], reason: "\(error)")
        }
        finishTask(taskId, in: workflowId, outcome: outcome)
    }

    /// After an execution ended: its parent's SUB_WORKFLOW task takes the child's status, output and reason
    /// (`SubWorkflow.updateTaskStatus`), and a failed execution starts its `failureWorkflow` with its input plus
    /// `workflowId`, `reason`, `failureStatus`, `failureTaskId` and `failedWorkflow`, recording the new id as output
    /// `conductor.failure_workflow` (`WorkflowExecutorOps.terminateWorkflow`).
    private func ended(_ workflowId: String, startFailureWorkflow: Bool) {
        guard let workflow = workflows[workflowId] else { return }
        if startFailureWorkflow { runFailureWorkflow(of: workflow) }
        guard let parentId = workflow.parentWorkflowId, let taskId = workflow.parentWorkflowTaskId,
            let child = workflows[workflowId]
        else { return }
        let status: TaskStatus =
            switch child.status {
            case .completed: .completed
            case .failed: .failed
            case .terminated: .canceled
            case .timedOut: .timedOut
            case .running, .paused: .inProgress
            }
        let reason =
            child.status == .completed
            ? nil
            : "Sub workflow \(shortName(child)) failure reason: \(child.reasonForIncompletion ?? "null")"
        finishTask(
            taskId, in: parentId, outcome: AsyncTaskOutcome(status: status, output: child.output, reason: reason))
    }

    private func runFailureWorkflow(of workflow: WorkflowRun) {
        guard var name = workflow.definition["failureWorkflow"]?.stringValue, !name.isEmpty else { return }
        if name.hasPrefix("$") {
            // `${workflow.input.key}` names the failure workflow through the input, as terminate() reads it.
            let components = name.split(separator: ".")
            let key = components.count > 2 ? String(components[2]).trimmingCharacters(in: ["}"]) : ""
            name = workflow.input[key]?.stringValue ?? ""
        }
        var input = workflow.input.objectValue ?? [:]
        input["workflowId"] = .string(workflow.workflowId)
        input["reason"] = workflow.reasonForIncompletion.map(JSONValue.string) ?? .null
        input["failureStatus"] = .string(workflow.status.rawValue)
        if let failedTaskId = workflow.failedTaskId { input["failureTaskId"] = .string(failedTaskId) }
        input["failedWorkflow"] = workflow.json(includeTasks: true)
        var request: JSONValue = ["name": .string(name), "input": .object(input)]
        if let version = workflow.definition["failureWorkflowVersion"]?.coercedInt {
            request["version"] = .int(version)
        }
        if let correlationId = workflow.correlationId { request["correlationId"] = .string(correlationId) }
        request["taskToDomain"] = .object(JSONObject(sortingKeysOf: workflow.taskToDomain.mapValues(JSONValue.string)))
        let recorded: JSONValue
        do {
            recorded = .string(try startWorkflow(request: request))
        } catch let error as ConductorError {
            recorded = .string("Error workflow \(name) failed to start.  reason: \(error.message)")
        } catch {
            recorded = .string("Error workflow \(name) failed to start.  reason: \(error)")
        }
        guard var current = workflows[workflow.workflowId] else { return }
        current.output["conductor.failure_workflow"] = recorded
        save(current)
    }
}

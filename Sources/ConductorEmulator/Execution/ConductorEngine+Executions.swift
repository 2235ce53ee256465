public import ConductorMCPCore

/// Starting, reading and steering executions: Conductor's `WorkflowResource` and `WorkflowBulkResource`.
extension ConductorEngine {
    /// Stores an execution after a change and indexes its tasks.
    func save(_ workflow: WorkflowRun) {
        var workflow = workflow
        workflow.updateTime = now
        workflows[workflow.workflowId] = workflow
        for task in workflow.tasks {
            taskOwners[task.taskId] = workflow.workflowId
        }
    }

    /// The execution `id`, or Conductor's 404.
    func execution(_ id: String) throws -> WorkflowRun {
        guard let workflow = workflows[id] else {
            throw ConductorError.notFound("No such workflow found by id: \(id)")
        }
        return workflow
    }

    /// `name.version/id`, as Conductor's `WorkflowModel.toShortString()` names an execution in messages.
    func shortName(_ workflow: WorkflowRun) -> String {
        "\(workflow.workflowName).\(workflow.workflowVersion)/\(workflow.workflowId)"
    }

    /// Starts an execution from a `StartWorkflowRequest`; answers its id.
    public func startWorkflow(request: JSONValue) throws -> String {
        let name = request["name"]?.stringValue ?? ""
        if name.isEmpty {
            throw ConductorError.validation([
                .init(path: "startWorkflow.startWorkflowRequest.name", message: "Workflow name cannot be null or empty")
            ])
        }
        let priority = request["priority"]?.coercedInt ?? 0
        try checkPriority(priority)
        var definition: JSONValue
        if let inline = request["workflowDef"], inline.objectValue != nil {
            definition = DefinitionDefaults.workflowDef(inline)
            let errors = DefinitionValidator.validate(workflowDef: definition, operation: "startWorkflow")
            guard errors.isEmpty else { throw ConductorError.validation(errors) }
        } else {
            let version = request["version"]?.coercedInt
            let versions = workflowDefs[name] ?? [:]
            guard let found = version.map({ versions[$0] }) ?? versions.keys.max().flatMap({ versions[$0] }) else {
                throw ConductorError.notFound(
                    "No such workflow defined. name=\(name), version=\(version.map(String.init) ?? "null")")
            }
            definition = found
        }
        if let key = request["idempotencyKey"]?.stringValue, !key.isEmpty {
            let strategy = request["idempotencyStrategy"]?.stringValue ?? "FAIL"
            if let existing = workflowOrder.lazy.compactMap({ self.workflows[$0] }).first(where: {
                $0.idempotencyKey == key && $0.workflowName == name
            }) {
                if strategy == "RETURN_EXISTING" { return existing.workflowId }
                if strategy == "FAIL" || !existing.status.isTerminal {
                    throw ConductorError.conflict(
                        "Workflow with idempotency key \(key) already exists: \(existing.workflowId)")
                }
            }
        }
        var taskToDomain: [String: String] = [:]
        for (key, value) in request["taskToDomain"]?.objectValue ?? [:] {
            if let domain = value.stringValue { taskToDomain[key] = domain }
        }
        return launch(
            definition: definition, input: request["input"] ?? [:],
            correlationId: request["correlationId"]?.stringValue, priority: priority, taskToDomain: taskToDomain,
            createdBy: request["createdBy"]?.stringValue, idempotencyKey: request["idempotencyKey"]?.stringValue)
    }

    /// Starts the latest (or given) version of `name` with `input`; answers the new id.
    public func startWorkflow(
        name: String, version: Int?, correlationId: String?, priority: Int, input: JSONValue
    ) throws -> String {
        try checkPriority(priority)
        let definition = try workflowDef(name: name, version: version)
        return launch(
            definition: definition, input: input, correlationId: correlationId, priority: priority,
            taskToDomain: [:], createdBy: nil, idempotencyKey: nil)
    }

    private func checkPriority(_ priority: Int) throws {
        guard (0...99).contains(priority) else {
            throw ConductorError.validation([
                .init(
                    path: "startWorkflow.startWorkflowRequest.priority",
                    message: "priority: \(priority) should be minimum 0 and maximum 99",
                    invalidValue: .string(String(priority)))
            ])
        }
    }

    /// Creates and starts an execution; a sub-workflow passes its id and parent.
    func launch(
        definition: JSONValue, input: JSONValue, correlationId: String?, priority: Int, taskToDomain: [String: String],
        createdBy: String?, idempotencyKey: String?, workflowId: String? = nil,
        parent: (workflowId: String, taskId: String)? = nil
    ) -> String {
        var workflow = WorkflowRun(
            workflowId: workflowId ?? newId(), workflowName: definition["name"]?.stringValue ?? "",
            workflowVersion: definition["version"]?.coercedInt ?? 1, definition: withTaskDefinitions(definition),
            input: input.objectValue != nil ? input : [:], createTime: now)
        workflow.correlationId = correlationId
        workflow.priority = priority
        workflow.taskToDomain = taskToDomain
        workflow.createdBy = createdBy
        workflow.idempotencyKey = idempotencyKey
        workflow.variables = definition["variables"] ?? [:]
        workflow.updateTime = now
        workflow.parentWorkflowId = parent?.workflowId
        workflow.parentWorkflowTaskId = parent?.taskId
        workflowOrder.append(workflow.workflowId)
        advance(workflow, starting: true)
        return workflow.workflowId
    }

    /// The definition with each task's `taskDefinition` filled in, as Conductor's `MetadataMapperService` does.
    func withTaskDefinitions(_ definition: JSONValue) -> JSONValue {
        func fill(_ task: JSONValue) -> JSONValue {
            var task = task
            let name = task["name"]?.stringValue ?? ""
            let type = task["type"]?.stringValue ?? "SIMPLE"
            if task["taskDefinition"] == nil, !name.isEmpty {
                task["taskDefinition"] =
                    taskDefs[name] ?? DefinitionDefaults.adHocTaskDef(name: name, isSystemTask: type != "SIMPLE")
            }
            if let cases = task["decisionCases"]?.objectValue {
                task["decisionCases"] = .object(cases.mapValues { .array(($0.arrayValue ?? []).map(fill)) })
            }
            for key in ["defaultCase", "loopOver"] {
                if let list = task[key]?.arrayValue { task[key] = .array(list.map(fill)) }
            }
            if let forks = task["forkTasks"]?.arrayValue {
                task["forkTasks"] = .array(forks.map { .array(($0.arrayValue ?? []).map(fill)) })
            }
            return task
        }
        var definition = definition
        definition["tasks"] = .array((definition["tasks"]?.arrayValue ?? []).map(fill))
        return definition
    }

    /// The execution as Conductor answers `GET /api/workflow/{id}`.
    ///
    /// The execution is decided again first, so timeouts and due retries show on the emulator's clock.
    public func workflow(id: String, includeTasks: Bool) throws -> JSONValue {
        refresh(id)
        return try execution(id).json(includeTasks: includeTasks)
    }

    /// Pauses a running execution; pausing a paused one does nothing.
    public func pause(id: String) throws {
        var workflow = try execution(id)
        if workflow.status.isTerminal {
            throw ConductorError.conflict("Workflow \(shortName(workflow)) has ended, status cannot be updated.")
        }
        guard workflow.status != .paused else { return }
        workflow.status = .paused
        save(workflow)
    }

    /// Resumes a paused execution; Conductor answers 500 (an `IllegalStateException`) otherwise.
    public func resume(id: String) throws {
        var workflow = try execution(id)
        guard workflow.status == .paused else {
            throw ConductorError.internalError(
                "The workflow \(id) is not PAUSED so cannot resume. Current status is \(workflow.status.rawValue)")
        }
        workflow.status = .running
        workflow.lastRetriedTime = now
        advance(workflow)
    }

    /// Terminates an execution with an optional reason.
    public func terminate(id: String, reason: String?) throws {
        var workflow = try execution(id)
        switch workflow.status {
        case .completed:
            throw ConductorError.conflict("Cannot terminate a COMPLETED workflow.")
        case .terminated:
            return
        case .failed, .timedOut:
            throw ConductorError.conflict(
                "Workflow is already in terminal state. Current status: \(workflow.status.rawValue)")
        case .running, .paused:
            var decider = makeDecider()
            decider.complete(&workflow, status: .terminated, reason: reason)
            store(workflow, effects: decider.effects)
        }
    }

    /// Runs the decider once, as `PUT /api/workflow/decide/{id}` asks.
    public func decide(id: String) throws {
        var workflow = try execution(id)
        advance(workflow)
    }

    /// Restarts an ended execution from its first task, optionally on the latest definition.
    public func restart(id: String, useLatestDefinitions: Bool) throws {
        var workflow = try execution(id)
        guard workflow.status.isTerminal else {
            throw ConductorError.conflict(
                "Workflow: \(shortName(workflow)) is not in terminal state, unable to restart.")
        }
        if workflow.definition["restartable"]?.coercedBool == false, workflow.status == .completed {
            throw ConductorError.notFound("Workflow: \(shortName(workflow)) is non-restartable")
        }
        if useLatestDefinitions {
            let latest = try workflowDef(name: workflow.workflowName, version: nil)
            workflow.definition = withTaskDefinitions(latest)
            workflow.workflowVersion = latest["version"]?.coercedInt ?? workflow.workflowVersion
        }
        reset(&workflow)
        // WorkflowExecutorOps.restart clears it: the run starts over with no failed task.
        workflow.failedTaskId = nil
        for task in workflow.tasks { taskOwners[task.taskId] = nil }
        workflow.tasks = []
        advance(workflow, starting: true)
    }

    private func reset(_ workflow: inout WorkflowRun) {
        workflow.status = .running
        workflow.reasonForIncompletion = nil
        workflow.failedReferenceTaskNames = []
        workflow.failedTaskNames = []
        workflow.endTime = 0
        workflow.output = [:]
        workflow.lastRetriedTime = now
    }

    /// Retries the failed tasks of an ended execution and resumes its flow.
    public func retry(id: String) throws {
        var workflow = try execution(id)
        guard workflow.status.isTerminal else {
            throw ConductorError.notFound("Workflow is still running.  status=\(workflow.status.rawValue)")
        }
        guard !workflow.tasks.isEmpty else {
            throw ConductorError.conflict("Workflow has not started yet")
        }
        let retriable: Set<TaskStatus> = [.failed, .failedWithTerminalError, .canceled, .timedOut]
        var latestByRef: [String: Int] = [:]
        for (index, task) in workflow.tasks.enumerated() { latestByRef[task.referenceTaskName] = index }
        let targets = latestByRef.values.sorted().filter { retriable.contains(workflow.tasks[$0].status) }
        if targets.isEmpty, workflow.status != .timedOut {
            throw ConductorError.conflict(
                "There are no retryable tasks! Use restart if you want to attempt entire workflow execution again.")
        }
        for index in targets {
            let old = workflow.tasks[index]
            workflow.tasks[index].retried = true
            workflow.tasks[index].executed = true
            var copy = old.nextAttempt(
                id: newId(), seq: workflow.tasks.count + 1, now: now, delaySeconds: 0, status: old.restartStatus)
            copy.startDelayInSeconds = old.startDelayInSeconds
            copy.reasonForIncompletion = nil
            workflow.tasks.append(copy)
        }
        reset(&workflow)
        advance(workflow)
    }

    /// Reruns an ended execution, whole or from one task, with optional new inputs; answers its id.
    public func rerun(id: String, request: JSONValue) throws -> String {
        var workflow = try execution(id)
        guard workflow.status.isTerminal else {
            throw ConductorError.conflict(
                "Workflow: \(shortName(workflow)) is not in terminal state, unable to rerun.")
        }
        if let input = request["workflowInput"], input.objectValue != nil { workflow.input = input }
        if let correlationId = request["correlationId"]?.stringValue { workflow.correlationId = correlationId }
        workflow.reRunFromWorkflowId = request["reRunFromWorkflowId"]?.stringValue ?? workflow.reRunFromWorkflowId
        if let taskId = request["reRunFromTaskId"]?.stringValue {
            guard let index = workflow.tasks.firstIndex(where: { $0.taskId == taskId }) else {
                throw ConductorError.badRequest("Task \(taskId) not found")
            }
            for task in workflow.tasks[(index + 1)...] { taskOwners[task.taskId] = nil }
            workflow.tasks.removeSubrange((index + 1)...)
            var task = workflow.tasks[index]
            if let input = request["taskInput"], input.objectValue != nil { task.inputData = input }
            task.resetRuntimeState(now: now, status: task.restartStatus, callbackAfterSeconds: 0)
            task.reasonForIncompletion = nil
            workflow.tasks[index] = task
            reset(&workflow)
            advance(workflow)
        } else {
            for task in workflow.tasks { taskOwners[task.taskId] = nil }
            workflow.tasks = []
            reset(&workflow)
            advance(workflow, starting: true)
        }
        return workflow.workflowId
    }

    /// Marks a not-yet-scheduled task SKIPPED so the flow passes over it.
    ///
    /// Conductor raises `IllegalStateException` here, which its exception mapper answers with 500.
    public func skipTask(id: String, taskReferenceName ref: String, request: JSONValue) throws {
        var workflow = try execution(id)
        guard workflow.status == .running else {
            throw ConductorError.internalError(
                "The workflow \(id) is not running so the task referenced by \(ref) cannot be skipped")
        }
        let graph = WorkflowGraph(tasks: workflow.definition["tasks"]?.arrayValue ?? [])
        guard let definition = graph.task(ref: ref) else {
            throw ConductorError.internalError(
                "The task referenced by \(ref) does not exist in the WorkflowDefinition \(workflow.workflowName)")
        }
        guard !workflow.tasks.contains(where: { $0.referenceTaskName == ref }) else {
            throw ConductorError.internalError(
                "The task referenced \(ref) has already been processed, cannot be skipped")
        }
        var task = TaskRun(
            taskId: newId(), taskType: definition["name"]?.stringValue ?? ref,
            taskDefName: definition["name"]?.stringValue ?? ref, referenceTaskName: ref, status: .skipped,
            workflowInstanceId: id, workflowType: workflow.workflowName, workflowTask: definition)
        task.inputData = request["taskInput"] ?? [:]
        task.outputData = request["taskOutput"] ?? [:]
        task.seq = workflow.tasks.count + 1
        task.correlationId = workflow.correlationId
        task.endTime = now
        task.updateTime = now
        task.workflowPriority = workflow.priority
        workflow.tasks.append(task)
        advance(workflow)
    }

    /// Resets the callback delay of scheduled worker tasks so they can be polled now.
    public func resetCallbacks(id: String) throws {
        var workflow = try execution(id)
        if workflow.status.isTerminal {
            throw ConductorError.conflict("Workflow is in terminal state. Status = \(workflow.status.rawValue)")
        }
        for index in workflow.tasks.indices where workflow.tasks[index].status == .scheduled {
            workflow.tasks[index].callbackAfterSeconds = 0
            workflow.tasks[index].scheduledTime = min(workflow.tasks[index].scheduledTime, now)
        }
        save(workflow)
    }

    /// Deletes an execution and its tasks.
    public func remove(id: String) throws {
        let workflow = try execution(id)
        for task in workflow.tasks {
            taskOwners[task.taskId] = nil
            taskLogs[task.taskId] = nil
        }
        workflows[id] = nil
        workflowOrder.removeAll { $0 == id }
    }

    /// Terminates (when still running) and deletes an execution.
    public func terminateRemove(id: String, reason: String?) throws {
        let workflow = try execution(id)
        if !workflow.status.isTerminal {
            try terminate(id: id, reason: reason)
        }
        try remove(id: id)
    }
}

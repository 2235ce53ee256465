public import ConductorMCPCore

/// Polling, updating and inspecting tasks: Conductor's `TaskResource`.
extension ConductorEngine {
    /// The longest batch-poll wait Conductor accepts, in milliseconds.
    static let maxPollTimeoutMillis: Int = 5000

    /// Hands out up to `count` due tasks of `taskType` in `domain`, marking them IN_PROGRESS.
    ///
    /// Running executions are decided again first (once per clock second), so poll and response timeouts apply on
    /// the emulator's clock.
    public func poll(taskType: String, workerId: String?, domain: String?, count: Int) -> [JSONValue] {
        sweepForPoll()
        let domain = domain.flatMap { $0.isEmpty ? nil : $0 }
        recordPoll(taskType: taskType, workerId: workerId, domain: domain)
        var handed: [JSONValue] = []
        let current = now
        var candidates: [(workflowId: String, index: Int, due: Int, priority: Int)] = []
        for workflowId in workflowOrder {
            guard let workflow = workflows[workflowId] else { continue }
            for (index, task) in workflow.tasks.enumerated()
            where task.status == .scheduled && task.taskType == taskType && task.domain == domain
                && task.dueTime <= current && task.isWorkerTask
            {
                candidates.append((workflowId, index, task.dueTime, workflow.priority))
            }
        }
        candidates.sort { $0.due < $1.due }
        for candidate in candidates.prefix(max(0, count)) {
            guard var workflow = workflows[candidate.workflowId] else { continue }
            var task = workflow.tasks[candidate.index]
            task.status = .inProgress
            if task.startTime == 0 { task.startTime = current }
            if task.firstStartTime == 0 { task.firstStartTime = current }
            task.callbackAfterSeconds = 0
            task.workerId = workerId
            task.pollCount += 1
            task.updateTime = current
            workflow.tasks[candidate.index] = task
            save(workflow)
            handed.append(task.json)
        }
        return handed
    }

    /// Like `poll`, waiting up to `timeout` milliseconds for a task to become due.
    public func batchPoll(
        taskType: String, workerId: String?, domain: String?, count: Int, timeout: Int
    ) async throws -> [JSONValue] {
        guard timeout <= Self.maxPollTimeoutMillis else {
            throw ConductorError.badRequest("Long Poll Timeout value cannot be more than 5 seconds")
        }
        let deadline = now + max(0, timeout)
        while true {
            let tasks = poll(taskType: taskType, workerId: workerId, domain: domain, count: count)
            if !tasks.isEmpty || now >= deadline { return tasks }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    private func recordPoll(taskType: String, workerId: String?, domain: String?) {
        var record: JSONValue = ["queueName": .string(taskType), "lastPollTime": .int(now)]
        if let workerId { record["workerId"] = .string(workerId) }
        if let domain { record["domain"] = .string(domain) }
        pollData[taskType, default: [:]][domain ?? ""] = record
    }

    /// Applies a `TaskResult` and runs the decider; answers the updated task.
    @discardableResult
    func updateTask(result: JSONValue) throws -> TaskRun {
        let taskId = result["taskId"]?.stringValue ?? ""
        let workflowId = result["workflowInstanceId"]?.stringValue ?? ""
        var errors: [ConductorErrorResponse.ValidationError] = []
        if workflowId.isEmpty {
            errors.append(
                .init(path: "updateTask.taskResult.workflowInstanceId", message: "Workflow Id cannot be null or empty"))
        }
        if taskId.isEmpty {
            errors.append(.init(path: "updateTask.taskResult.taskId", message: "Task ID cannot be null or empty"))
        }
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
        guard let status = result["status"]?.stringValue.flatMap(TaskStatus.init(rawValue:)),
            [.inProgress, .failed, .failedWithTerminalError, .completed].contains(status)
        else {
            let shown = result["status"]?.stringValue ?? "null"
            throw ConductorError.badRequest(
                "Invalid task status \(shown): expected one of IN_PROGRESS, FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED"
            )
        }
        var workflow = try execution(workflowId)
        guard let index = workflow.tasks.firstIndex(where: { $0.taskId == taskId }) else {
            throw ConductorError.notFound("No such task found by id: \(taskId)")
        }
        for entry in result["logs"]?.arrayValue ?? [] {
            if let line = entry["log"]?.stringValue { appendLog(taskId: taskId, text: line) }
        }
        var task = workflow.tasks[index]
        // A finished task, or any task of a finished workflow, ignores updates, as in Conductor.
        if task.status.isTerminal || workflow.status.isTerminal { return task }
        let isSystem = Decider.systemTaskTypes.contains(task.taskType)
        task.status = (!isSystem && status == .inProgress) ? .scheduled : status
        task.reasonForIncompletion = result["reasonForIncompletion"]?.stringValue
        task.workerId = result["workerId"]?.stringValue ?? task.workerId
        task.callbackAfterSeconds = result["callbackAfterSeconds"]?.coercedInt ?? 0
        task.outputData = result["outputData"]?.objectValue.map(JSONValue.object) ?? [:]
        task.updateTime = now
        if task.status == .scheduled { task.scheduledTime = now }
        if task.status.isTerminal { task.endTime = now }
        workflow.tasks[index] = task
        advance(workflow)
        return workflow.tasks.first { $0.taskId == taskId } ?? task
    }

    /// Updates the pending task with reference name `ref`; answers its id, or nil when none is pending.
    public func updateTask(
        workflowId: String, taskReferenceName ref: String, status: String, workerId: String?, output: JSONValue
    ) throws -> String? {
        let workflow = try execution(workflowId)
        guard let pending = workflow.tasks.last(where: { $0.referenceTaskName == ref && !$0.status.isTerminal })
        else { return nil }
        var merged = pending.outputData.objectValue ?? [:]
        for (key, value) in output.objectValue ?? [:] { merged[key] = value }
        var result: JSONValue = [
            "taskId": .string(pending.taskId), "workflowInstanceId": .string(workflowId), "status": .string(status),
            "outputData": .object(merged),
        ]
        if let worker = workerId.flatMap({ $0.isEmpty ? nil : $0 }) ?? pending.workerId {
            result["workerId"] = .string(worker)
        }
        return try updateTask(result: result).taskId
    }

    /// Updates the task `taskId` of `workflowId` to `status` with `output` merged into its output.
    public func updateTask(workflowId: String, taskId: String, status: String, output: JSONValue) throws {
        let workflow = try execution(workflowId)
        guard let task = workflow.tasks.first(where: { $0.taskId == taskId }) else {
            throw ConductorError.notFound("No such task found by id: \(taskId)")
        }
        var merged = task.outputData.objectValue ?? [:]
        for (key, value) in output.objectValue ?? [:] { merged[key] = value }
        try updateTask(result: [
            "taskId": .string(taskId), "workflowInstanceId": .string(workflowId), "status": .string(status),
            "outputData": .object(merged),
        ])
    }

    /// The task `taskId`, or nil.
    func taskRun(_ taskId: String) -> TaskRun? {
        guard let workflowId = taskOwners[taskId], let workflow = workflows[workflowId] else { return nil }
        return workflow.tasks.first { $0.taskId == taskId }
    }

    /// The task as `GET /api/tasks/{taskId}` answers it.
    public func task(id: String) throws -> JSONValue {
        guard let task = taskRun(id) else {
            throw ConductorError.notFound("Task not found for taskId: \(id)")
        }
        return task.json
    }

    /// Appends a line to a task's execution log.
    public func appendLog(taskId: String, text: String) {
        taskLogs[taskId, default: []].append([
            "log": .string(text), "taskId": .string(taskId), "createdTime": .int(now),
        ])
    }

    /// A task's execution log, oldest first.
    public func logs(taskId: String) -> [JSONValue] {
        taskLogs[taskId] ?? []
    }

    /// How many tasks of `taskType` in `domain` wait to be polled.
    public func queueSize(taskType: String, domain: String?) -> Int {
        let domain = domain.flatMap { $0.isEmpty ? nil : $0 }
        return workflows.values.reduce(0) { sum, workflow in
            sum
                + workflow.tasks.filter {
                    $0.status == .scheduled && $0.taskType == taskType && $0.domain == domain && $0.isWorkerTask
                }.count
        }
    }

    /// Queue name (`type` or `domain:type`) to waiting-task count, over all SIMPLE queues.
    public func allQueueSizes() -> [String: Int] {
        var sizes: [String: Int] = [:]
        for name in taskDefs.keys { sizes[name] = 0 }
        for workflow in workflows.values {
            for task in workflow.tasks where !Decider.systemTaskTypes.contains(task.taskType) {
                let queue = task.domain.map { "\($0):\(task.taskType)" } ?? task.taskType
                sizes[queue, default: 0] += task.status == .scheduled ? 1 : 0
            }
        }
        return sizes
    }

    /// `{queue: {shard: {size, uacked}}}`, the shape of Conductor's verbose queue listing.
    public func allQueuesVerbose() -> JSONValue {
        var result: JSONObject = [:]
        for (queue, size) in allQueueSizes().sorted(by: { $0.key < $1.key }) {
            let unacked = workflows.values.reduce(0) { sum, workflow in
                sum + workflow.tasks.filter { $0.status == .inProgress && $0.taskType == queue }.count
            }
            result[queue] = ["a": ["size": .int(size), "uacked": .int(unacked)]]
        }
        return .object(result)
    }

    /// Last poll per domain for `taskType`.
    public func pollData(taskType: String) -> [JSONValue] {
        let byDomain = pollData[taskType] ?? [:]
        return byDomain.keys.sorted().map { byDomain[$0]! }
    }

    /// Last poll per task type and domain.
    public func allPollData() -> [JSONValue] {
        pollData.keys.sorted().flatMap(pollData(taskType:))
    }

    /// Makes every scheduled task of `taskType` pollable now; answers how many there were.
    public func requeue(taskType: String) -> Int {
        var count = 0
        for id in workflowOrder {
            guard var workflow = workflows[id] else { continue }
            var changed = false
            for index in workflow.tasks.indices
            where workflow.tasks[index].status == .scheduled && workflow.tasks[index].taskType == taskType {
                workflow.tasks[index].callbackAfterSeconds = 0
                count += 1
                changed = true
            }
            if changed { save(workflow) }
        }
        return count
    }

    /// Pending tasks of `taskType`, as the admin queue view lists them.
    public func pendingTasks(taskType: String, start: Int, count: Int) -> [JSONValue] {
        let pending = workflowOrder.compactMap { workflows[$0] }.flatMap { workflow in
            workflow.tasks.filter { !$0.status.isTerminal && $0.taskType == taskType }
        }
        return Array(pending.dropFirst(max(0, start)).prefix(max(0, count))).map(\.json)
    }
}

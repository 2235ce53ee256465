import ConductorMCPCore

/// One workflow execution: Conductor's `Workflow`.
struct WorkflowRun: Sendable, Equatable {
    var workflowId: String
    var workflowName: String
    var workflowVersion: Int
    /// The definition the execution runs, normalized, task definitions filled in.
    var definition: JSONValue
    var input: JSONValue
    var output: JSONValue = [:]
    var status: WorkflowStatus = .running
    var tasks: [TaskRun] = []
    var variables: JSONValue = [:]
    var correlationId: String?
    var priority: Int = 0
    var createTime: Int
    var updateTime: Int = 0
    var endTime: Int = 0
    var lastRetriedTime: Int = 0
    var reasonForIncompletion: String?
    var failedReferenceTaskNames: [String] = []
    var failedTaskNames: [String] = []
    var taskToDomain: [String: String] = [:]
    var reRunFromWorkflowId: String?
    var createdBy: String?
    var idempotencyKey: String?
    var externalInputPayloadStoragePath: String?
    /// The execution whose SUB_WORKFLOW task started this one.
    var parentWorkflowId: String?
    /// The SUB_WORKFLOW task of the parent that waits for this execution.
    var parentWorkflowTaskId: String?
    /// The task whose failure ended the execution.
    var failedTaskId: String?

    /// The document `${...}` references resolve against: `workflow` and each task by reference name.
    var expressionContext: JSONValue {
        var members: JSONObject = [:]
        // Loop tasks answer to their reference name without the `__N` suffix, the latest iteration winning, as in
        // Conductor's ParametersUtils.getTaskInputV2 (core/utils/ParametersUtils.java).
        for task in tasks where !task.retried || members[task.contextName] == nil {
            members[task.contextName] = [
                "input": task.inputData, "output": task.outputData, "status": .string(task.status.rawValue),
                "taskId": .string(task.taskId), "referenceTaskName": .string(task.referenceTaskName),
                "retryCount": .int(task.retryCount), "domain": task.domain.map(JSONValue.string) ?? .null,
                "scheduledTime": .int(task.scheduledTime), "startTime": .int(task.startTime),
                "endTime": .int(task.endTime), "workerId": task.workerId.map(JSONValue.string) ?? .null,
                "reasonForIncompletion": task.reasonForIncompletion.map(JSONValue.string) ?? .null,
                "taskType": .string(task.taskType), "iteration": .int(task.iteration),
            ]
        }
        members["workflow"] = [
            "input": input, "output": output, "variables": variables, "workflowId": .string(workflowId),
            "workflowType": .string(workflowName), "version": .int(workflowVersion),
            "correlationId": correlationId.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
            "createTime": .int(createTime), "startTime": .int(createTime), "priority": .int(priority),
            "taskToDomain": .object(JSONObject(sortingKeysOf: taskToDomain.mapValues(JSONValue.string))),
            "reasonForIncompletion": reasonForIncompletion.map(JSONValue.string) ?? .null,
            "parentWorkflowId": parentWorkflowId.map(JSONValue.string) ?? .null,
            "parentWorkflowTaskId": parentWorkflowTaskId.map(JSONValue.string) ?? .null,
        ]
        return .object(members)
    }

    /// The workflow as Conductor serializes it; `includeTasks: false` leaves the task list empty.
    func json(includeTasks: Bool) -> JSONValue {
        var members: JSONObject = [
            "workflowId": .string(workflowId), "workflowName": .string(workflowName),
            "workflowVersion": .int(workflowVersion), "workflowDefinition": definition, "input": input,
            "output": output, "status": .string(status.rawValue),
            "tasks": includeTasks ? .array(tasks.map(\.json)) : [], "variables": variables,
            "priority": .int(priority), "createTime": .int(createTime), "startTime": .int(createTime),
            "updateTime": .int(updateTime), "endTime": .int(endTime), "lastRetriedTime": .int(lastRetriedTime),
            "failedReferenceTaskNames": .array(failedReferenceTaskNames.map(JSONValue.string)),
            "failedTaskNames": .array(failedTaskNames.map(JSONValue.string)),
            "taskToDomain": .object(JSONObject(sortingKeysOf: taskToDomain.mapValues(JSONValue.string))), "history": [],
            "rateLimited": false,
        ]
        if let correlationId { members["correlationId"] = .string(correlationId) }
        if let reasonForIncompletion { members["reasonForIncompletion"] = .string(reasonForIncompletion) }
        if let reRunFromWorkflowId { members["reRunFromWorkflowId"] = .string(reRunFromWorkflowId) }
        if let createdBy { members["createdBy"] = .string(createdBy) }
        if let idempotencyKey { members["idempotencyKey"] = .string(idempotencyKey) }
        if let parentWorkflowId { members["parentWorkflowId"] = .string(parentWorkflowId) }
        if let parentWorkflowTaskId { members["parentWorkflowTaskId"] = .string(parentWorkflowTaskId) }
        if let failedTaskId { members["failedTaskId"] = .string(failedTaskId) }
        if let externalInputPayloadStoragePath {
            members["externalInputPayloadStoragePath"] = .string(externalInputPayloadStoragePath)
        }
        return .object(members)
    }

    /// The workflow as Conductor's search index summarizes it (`WorkflowSummary`).
    var summaryJSON: JSONValue {
        var members: JSONObject = [
            "workflowType": .string(workflowName), "version": .int(workflowVersion),
            "workflowId": .string(workflowId), "startTime": .string(Timestamp.iso8601(createTime)),
            "updateTime": .string(Timestamp.iso8601(updateTime)), "endTime": .string(Timestamp.iso8601(endTime)),
            "status": .string(status.rawValue), "input": .string(input.javaDescription),
            "output": .string(output.javaDescription),
            "executionTime": .int(endTime > 0 ? endTime - createTime : 0),
            "failedReferenceTaskNames": .string(failedReferenceTaskNames.joined(separator: ",")),
            "failedTaskNames": .array(failedTaskNames.map(JSONValue.string)), "priority": .int(priority),
            "taskToDomain": .object(JSONObject(sortingKeysOf: taskToDomain.mapValues(JSONValue.string))),
            "parentWorkflowId": .string(parentWorkflowId ?? ""),
            "inputSize": .int(input.jsonText.utf8.count), "outputSize": .int(output.jsonText.utf8.count),
        ]
        if let correlationId { members["correlationId"] = .string(correlationId) }
        if let reasonForIncompletion { members["reasonForIncompletion"] = .string(reasonForIncompletion) }
        if let createdBy { members["createdBy"] = .string(createdBy) }
        if let idempotencyKey { members["idempotencyKey"] = .string(idempotencyKey) }
        return .object(members)
    }
}

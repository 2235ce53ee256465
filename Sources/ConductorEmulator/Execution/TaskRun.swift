import ConductorMCPCore

/// One task instance of a running workflow: Conductor's `Task`.
struct TaskRun: Sendable, Equatable {
    var taskId: String
    var taskType: String
    var taskDefName: String
    var referenceTaskName: String
    var status: TaskStatus
    var inputData: JSONValue = [:]
    var outputData: JSONValue = [:]
    var retryCount: Int = 0
    var seq: Int = 0
    var pollCount: Int = 0
    var correlationId: String?
    var scheduledTime: Int = 0
    var startTime: Int = 0
    var endTime: Int = 0
    var updateTime: Int = 0
    var startDelayInSeconds: Int = 0
    var retriedTaskId: String?
    var retried = false
    var executed = false
    var callbackAfterSeconds: Int = 0
    var responseTimeoutSeconds: Int = 0
    var workflowInstanceId: String
    var workflowType: String
    var reasonForIncompletion: String?
    var workerId: String?
    /// The definition entry this task was scheduled from, its `taskDefinition` filled in.
    var workflowTask: JSONValue
    var domain: String?
    var rateLimitPerFrequency: Int = 0
    var rateLimitFrequencyInSeconds: Int = 0
    var workflowPriority: Int = 0
    var firstStartTime: Int = 0
    /// The DO_WHILE iteration this task belongs to (1-based); 0 outside loops.
    var iteration: Int = 0
    /// The child execution of a SUB_WORKFLOW task.
    var subWorkflowId: String?
    /// When the first attempt of this task was scheduled, kept by every retry (for `totalTimeoutSeconds`).
    var firstScheduledTime: Int = 0
    /// When a WAIT task with `duration` or `until` completes, in epoch milliseconds; 0 waits for an update.
    var waitUntil: Int = 0
    /// True once an async system task (HTTP, JSON_JQ_TRANSFORM) has been handed to its runner.
    var launched = false

    /// The task definition in force: the registered one or Conductor's ad-hoc defaults.
    var taskDefinition: JSONValue? { workflowTask["taskDefinition"] }

    /// True for tasks a worker polls (SIMPLE), false for system tasks the emulator runs itself.
    var isWorkerTask: Bool { (workflowTask["type"]?.stringValue ?? "SIMPLE") == "SIMPLE" }

    /// Milliseconds since the epoch from which a worker may poll this task.
    var dueTime: Int { scheduledTime + Milliseconds.of(seconds: callbackAfterSeconds) }

    /// The task as Conductor serializes it (`NON_NULL`: absent optionals are omitted).
    var json: JSONValue {
        var members: JSONObject = [
            "taskId": .string(taskId), "taskType": .string(taskType), "taskDefName": .string(taskDefName),
            "referenceTaskName": .string(referenceTaskName), "status": .string(status.rawValue),
            "inputData": inputData, "outputData": outputData, "retryCount": .int(retryCount), "seq": .int(seq),
            "pollCount": .int(pollCount), "scheduledTime": .int(scheduledTime), "startTime": .int(startTime),
            "endTime": .int(endTime), "updateTime": .int(updateTime),
            "startDelayInSeconds": .int(startDelayInSeconds), "retried": .bool(retried),
            "executed": .bool(executed), "callbackFromWorker": true,
            "callbackAfterSeconds": .int(callbackAfterSeconds),
            "responseTimeoutSeconds": .int(responseTimeoutSeconds),
            "workflowInstanceId": .string(workflowInstanceId), "workflowType": .string(workflowType),
            "workflowTask": workflowTask, "rateLimitPerFrequency": .int(rateLimitPerFrequency),
            "rateLimitFrequencyInSeconds": .int(rateLimitFrequencyInSeconds),
            "workflowPriority": .int(workflowPriority), "iteration": .int(iteration), "subworkflowChanged": false,
            "firstStartTime": .int(firstStartTime), "loopOverTask": .bool(iteration > 0), "runtimeMetadata": [:],
            "queueWaitTime": .int(startTime > 0 && scheduledTime > 0 ? max(0, startTime - scheduledTime) : 0),
        ]
        if let correlationId { members["correlationId"] = .string(correlationId) }
        if let retriedTaskId { members["retriedTaskId"] = .string(retriedTaskId) }
        if let reasonForIncompletion { members["reasonForIncompletion"] = .string(reasonForIncompletion) }
        if let workerId { members["workerId"] = .string(workerId) }
        if let domain { members["domain"] = .string(domain) }
        if let subWorkflowId { members["subWorkflowId"] = .string(subWorkflowId) }
        if let taskDefinition { members["taskDefinition"] = taskDefinition }
        return .object(members)
    }

    /// The task as Conductor's search index summarizes it (`TaskSummary`).
    var summaryJSON: JSONValue {
        var members: JSONObject = [
            "workflowId": .string(workflowInstanceId), "workflowType": .string(workflowType),
            "scheduledTime": .string(Timestamp.iso8601(scheduledTime)),
            "startTime": .string(Timestamp.iso8601(startTime)), "updateTime": .string(Timestamp.iso8601(updateTime)),
            "endTime": .string(Timestamp.iso8601(endTime)), "status": .string(status.rawValue),
            "executionTime": .int(endTime > 0 && startTime > 0 ? endTime - startTime : 0),
            "queueWaitTime": .int(startTime > 0 ? max(0, startTime - scheduledTime) : 0),
            "taskDefName": .string(taskDefName), "taskType": .string(taskType),
            "input": .string(inputData.javaDescription), "output": .string(outputData.javaDescription),
            "taskId": .string(taskId), "workflowPriority": .int(workflowPriority),
        ]
        if let correlationId { members["correlationId"] = .string(correlationId) }
        if let reasonForIncompletion { members["reasonForIncompletion"] = .string(reasonForIncompletion) }
        if let domain { members["domain"] = .string(domain) }
        return .object(members)
    }
}

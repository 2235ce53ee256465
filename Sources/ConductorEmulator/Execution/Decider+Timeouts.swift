import ConductorMCPCore

/// Time-based checks, on the emulator's clock: workflow `timeoutSeconds` and the task definition's
/// `totalTimeoutSeconds`, `timeoutSeconds`, `pollTimeoutSeconds` and `responseTimeoutSeconds` with `timeoutPolicy`
/// (DeciderService.java: `checkWorkflowTimeout`, `checkTotalTimeout`, `checkTaskTimeout`, `checkTaskPollTimeout`, `isResponseTimedOut`,
/// `timeoutTaskWithTimeoutPolicy`).
extension Decider {
    /// Times the workflow out under TIME_OUT_WF once `timeoutSeconds` have passed since it started (or was last
    /// retried); ALERT_ONLY only alerts, which the emulator does not record. Answers true when it ended.
    mutating func checkWorkflowTimeout(_ workflow: inout WorkflowRun) -> Bool {
        let timeout = workflow.definition["timeoutSeconds"]?.coercedInt ?? 0
        guard timeout > 0 else { return false }
        let since = workflow.lastRetriedTime > 0 ? workflow.lastRetriedTime : workflow.createTime
        let elapsed = now - since
        guard elapsed >= Milliseconds.of(seconds: timeout) else { return false }
        let policy = workflow.definition["timeoutPolicy"]?.stringValue ?? "ALERT_ONLY"
        guard policy == "TIME_OUT_WF" else { return false }
        let reason =
            "Workflow timed out after \(elapsed / 1000) seconds. Timeout configured as \(timeout) seconds. "
            + "Timeout policy configured to \(policy)"
        complete(&workflow, status: .timedOut, reason: reason, startFailureWorkflow: true)
        return true
    }

    /// Applies the task definition's timeouts to the pending task at `index`; answers true when it changed.
    mutating func checkTimeouts(at index: Int, in workflow: inout WorkflowRun) -> Bool {
        let task = workflow.tasks[index]
        guard let def = task.taskDefinition, !task.status.isTerminal else { return false }
        let policy = def["timeoutPolicy"]?.stringValue ?? "TIME_OUT_WF"
        let total = def["totalTimeoutSeconds"]?.coercedInt ?? 0
        if total > 0, task.firstScheduledTime > 0 {
            let elapsed = (now - task.firstScheduledTime) / 1000
            if elapsed >= total {
                let reason =
                    "Task \(task.taskDefName)/\(task.taskId) exceeded total timeout of \(total) seconds (elapsed "
                    + "\(elapsed) seconds across all attempts including retry delays). Timeout policy: \(policy)"
                return timeOut(at: index, in: &workflow, reason: reason, policy: policy)
            }
        }
        let timeout = def["timeoutSeconds"]?.coercedInt ?? 0
        if timeout > 0, task.startTime > 0 {
            let elapsed = now - (task.startTime + Milliseconds.of(seconds: task.startDelayInSeconds))
            if elapsed >= Milliseconds.of(seconds: timeout) {
                let reason =
                    "Task timed out after \(elapsed / 1000) seconds. Timeout configured as \(timeout) seconds. "
                    + "Timeout policy configured to \(policy)"
                return timeOut(at: index, in: &workflow, reason: reason, policy: policy)
            }
        }
        let pollTimeout = def["pollTimeoutSeconds"]?.coercedInt ?? 0
        if pollTimeout > 0, task.status == .scheduled {
            let elapsed = now - (task.scheduledTime + Milliseconds.of(seconds: task.startDelayInSeconds))
            if elapsed >= Milliseconds.of(seconds: pollTimeout) + Milliseconds.of(seconds: task.callbackAfterSeconds) {
                let reason =
                    "Task poll timed out after \(elapsed / 1000) seconds. Poll timeout configured as "
                    + "\(pollTimeout) seconds. Timeout policy configured to \(policy)"
                return timeOut(at: index, in: &workflow, reason: reason, policy: policy)
            }
        }
        let responseTimeout = def["responseTimeoutSeconds"]?.coercedInt ?? 0
        let asyncComplete = task.workflowTask["asyncComplete"]?.coercedBool == true
        if responseTimeout > 0, task.status == .inProgress, !asyncComplete,
            !Self.systemTaskTypes.contains(task.taskType) || task.workflowTask["type"]?.stringValue == "SIMPLE"
        {
            let silent = now - task.updateTime
            if silent >= Milliseconds.of(seconds: responseTimeout) + Milliseconds.of(seconds: task.callbackAfterSeconds)
            {
                workflow.tasks[index].status = .timedOut
                workflow.tasks[index].endTime = now
                workflow.tasks[index].updateTime = now
                workflow.tasks[index].reasonForIncompletion =
                    "responseTimeout: \(responseTimeout) exceeded for the taskId: \(task.taskId) with Task Definition: "
                    + task.taskDefName
                return true
            }
        }
        return false
    }

    /// ALERT_ONLY leaves the task; RETRY times it out (and the retry logic takes over); TIME_OUT_WF times out the
    /// task and the workflow.
    private mutating func timeOut(at index: Int, in workflow: inout WorkflowRun, reason: String, policy: String) -> Bool
    {
        guard policy != "ALERT_ONLY" else { return false }
        workflow.tasks[index].status = .timedOut
        workflow.tasks[index].endTime = now
        workflow.tasks[index].updateTime = now
        workflow.tasks[index].reasonForIncompletion = reason
        if policy == "TIME_OUT_WF" {
            workflow.tasks[index].executed = true
            workflow.failedTaskId = workflow.failedTaskId ?? workflow.tasks[index].taskId
            complete(
                &workflow, status: .timedOut, reason: reason, lastTask: workflow.tasks[index],
                startFailureWorkflow: true)
        }
        return true
    }
}

import ConductorMCPCore
import Foundation

/// The one routine that turns a finished task into its next attempt, shared by the decider's automatic retries and
/// the `retry` / `rerun` endpoints.
///
/// Follows Conductor's `DeciderService.retry()` (core/src/main/java/com/netflix/conductor/core/execution/
/// DeciderService.java): a copy with a new id, `retryCount + 1`, `retriedTaskId` pointing back, the runtime state
/// reset, and `startDelayInSeconds` / `callbackAfterSeconds` set to the retry delay.
extension TaskRun {
    /// The name `${...}` references use: the reference name without a DO_WHILE `__N` suffix for loop tasks
    /// (Conductor's `TaskUtils.removeIterationFromTaskRefName`, common/.../utils/TaskUtils.java).
    var contextName: String { iteration > 0 ? Self.baseReferenceName(referenceTaskName) : referenceTaskName }

    /// `ref__3` → `ref`: everything before the first `__`, as `TaskUtils.removeIterationFromTaskRefName` splits.
    static func baseReferenceName(_ ref: String) -> String {
        guard let range = ref.range(of: "__") else { return ref }
        return String(ref[..<range.lowerBound])
    }

    /// The next attempt of this task: a fresh id at sequence `seq`, pollable (or runnable) after `delaySeconds`.
    ///
    /// `status` is SCHEDULED for automatic retries; the `retry` endpoint answers IN_PROGRESS for system tasks that
    /// Conductor restarts in place.
    func nextAttempt(id: String, seq: Int, now: Int, delaySeconds: Int, status: TaskStatus = .scheduled)
        -> TaskRun
    {
        var copy = self
        copy.taskId = id
        copy.retriedTaskId = taskId
        copy.retryCount = retryCount + 1
        copy.seq = seq
        copy.resetRuntimeState(now: now, status: status, callbackAfterSeconds: delaySeconds)
        copy.subWorkflowId = nil
        copy.startDelayInSeconds = delaySeconds
        return copy
    }

    /// Clears what an attempt's run left behind (worker, output, times, poll count, the retried / executed /
    /// launched marks) so the task runs again as `status`, pollable after `callbackAfterSeconds`. Used for a new
    /// attempt and by `rerun`, which restarts its task in place.
    mutating func resetRuntimeState(now: Int, status: TaskStatus, callbackAfterSeconds: Int) {
        retried = false
        executed = false
        launched = false
        self.status = status
        pollCount = 0
        scheduledTime = now
        startTime = 0
        endTime = 0
        updateTime = now
        workerId = nil
        outputData = [:]
        self.callbackAfterSeconds = callbackAfterSeconds
    }

    /// The status `retry` and `rerun` restart this task with: IN_PROGRESS for a system task Conductor runs again in
    /// place (SET_VARIABLE, JOIN, ...), SCHEDULED for worker tasks and for launched system tasks (HTTP, SUB_WORKFLOW,
    /// ...), which start again from the queue.
    var restartStatus: TaskStatus {
        Decider.systemTaskTypes.contains(taskType) && !Decider.launchedTypes.contains(taskType)
            ? .inProgress : .scheduled
    }

    /// The retry delay in seconds for the attempt after this one, per the task definition's `retryLogic`.
    ///
    /// FIXED waits `retryDelaySeconds`; LINEAR_BACKOFF `retryDelaySeconds × backoffScaleFactor × (retryCount + 1)`;
    /// EXPONENTIAL_BACKOFF `retryDelaySeconds × 2^retryCount`; overflow saturates, as in `DeciderService.retry()`.
    /// `maxRetryDelaySeconds`, when set and positive, caps the delay.
    var retryDelaySeconds: Int {
        let def = taskDefinition ?? [:]
        let base = max(0, def["retryDelaySeconds"]?.coercedInt ?? 60)
        let delay: Int
        switch def["retryLogic"]?.stringValue ?? "FIXED" {
        case "LINEAR_BACKOFF":
            let scale = max(1, def["backoffScaleFactor"]?.coercedInt ?? 1)
            let (scaled, overflow1) = base.multipliedReportingOverflow(by: scale)
            let (linear, overflow2) = scaled.multipliedReportingOverflow(by: retryCount + 1)
            delay = overflow1 || overflow2 ? Int(Int32.max) : linear
        case "EXPONENTIAL_BACKOFF":
            let shift = min(retryCount, 62)
            let (exponential, overflow) = base.multipliedReportingOverflow(by: Int(1) << shift)
            delay = overflow ? Int(Int32.max) : exponential
        default:
            delay = base
        }
        if let cap = def["maxRetryDelaySeconds"]?.coercedInt, cap > 0 { return min(delay, cap) }
        return delay
    }

    /// How many retries the task may have: the workflow task's `retryCount` overriding the definition's.
    var allowedRetries: Int {
        workflowTask["retryCount"]?.coercedInt ?? taskDefinition?["retryCount"]?.coercedInt ?? 0
    }
}

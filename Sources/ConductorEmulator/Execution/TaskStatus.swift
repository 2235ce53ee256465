/// A task's status, with Conductor's terminal / successful / retriable flags.
public enum TaskStatus: String, Sendable, CaseIterable {
    case inProgress = "IN_PROGRESS"
    case canceled = "CANCELED"
    case failed = "FAILED"
    case failedWithTerminalError = "FAILED_WITH_TERMINAL_ERROR"
    case completed = "COMPLETED"
    case completedWithErrors = "COMPLETED_WITH_ERRORS"
    case scheduled = "SCHEDULED"
    case timedOut = "TIMED_OUT"
    case skipped = "SKIPPED"

    /// True once the task will not change any more.
    public var isTerminal: Bool { self != .inProgress && self != .scheduled }

    /// True for outcomes the flow goes on from.
    public var isSuccessful: Bool { self == .completed || self == .completedWithErrors || self == .skipped }

    /// True for outcomes a task definition's `retryCount` may retry.
    public var isRetriable: Bool { self == .failed || self == .timedOut }
}

/// A workflow's status, as Conductor names it.
public enum WorkflowStatus: String, Sendable, CaseIterable {
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case terminated = "TERMINATED"
    case paused = "PAUSED"

    /// True once the workflow has ended.
    public var isTerminal: Bool { self != .running && self != .paused }
}

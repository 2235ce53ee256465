/// What the decider asks the engine to do beyond the one execution it decides: work that touches other executions
/// or leaves the actor (sub-workflows, HTTP calls), done after the decided execution is stored.
enum DeciderEffect: Sendable, Equatable {
    /// Start the child execution of the SUB_WORKFLOW task `taskId`.
    case startSubWorkflow(taskId: String)
    /// Start the execution the START_WORKFLOW task `taskId` asks for.
    case startWorkflow(taskId: String)
    /// Run the async system task `taskId` (HTTP, JSON_JQ_TRANSFORM) off the engine and report back.
    case runAsync(taskId: String)
    /// Terminate the child of a SUB_WORKFLOW task canceled with its parent.
    case terminateChild(workflowId: String, reason: String)
    /// The execution ended: update its parent's SUB_WORKFLOW task, start its failure workflow when asked.
    case ended(startFailureWorkflow: Bool)
}

public import ConductorMCPCore

/// Checks definitions against the constraints Conductor's Bean Validation annotations enforce.
///
/// Covers the checks a client meets in practice (names, task lists, reference names, SWITCH and
/// SET_VARIABLE shape, retry counts), not every annotation of the Java model.
public enum DefinitionValidator {
    /// Violations of a normalized `WorkflowDef`, with paths prefixed by `operation`.
    public static func validate(workflowDef def: JSONValue, operation: String) -> [ConductorErrorResponse
        .ValidationError]
    {
        let prefix = "\(operation).workflowDef"
        var errors: [ConductorErrorResponse.ValidationError] = []
        let name = def["name"]?.stringValue ?? ""
        if name.isEmpty {
            errors.append(.init(path: "\(prefix).name", message: "WorkflowDef name cannot be null or empty"))
        } else if name.contains(":") {
            errors.append(
                .init(
                    path: "\(prefix).name",
                    message: "Workflow name cannot contain the following set of characters: ':'",
                    invalidValue: .string(name)))
        }
        let tasks = def["tasks"]?.arrayValue ?? []
        if tasks.isEmpty {
            errors.append(.init(path: "\(prefix).tasks", message: "WorkflowTask list cannot be empty"))
        }
        if let schemaVersion = def["schemaVersion"]?.coercedInt, schemaVersion != 2 {
            errors.append(
                .init(
                    path: "\(prefix).schemaVersion",
                    message: "workflowDef schemaVersion: 2 is only supported",
                    invalidValue: .string(String(schemaVersion))))
        }
        var seen: Set<String> = []
        for (index, task) in WorkflowGraph.allTasks(in: tasks).enumerated() {
            errors += validate(workflowTask: task, path: "\(prefix).tasks[\(index)]", workflowName: name)
            if let ref = task["taskReferenceName"]?.stringValue, !ref.isEmpty, !seen.insert(ref).inserted {
                errors.append(
                    .init(
                        path: prefix,
                        message:
                            "taskReferenceName: \(ref) should be unique across tasks for a given workflowDefinition: \(name)"
                    ))
            }
        }
        return errors
    }

    /// Violations of one `WorkflowTask`.
    static func validate(workflowTask task: JSONValue, path: String, workflowName: String) -> [ConductorErrorResponse
        .ValidationError]
    {
        var errors: [ConductorErrorResponse.ValidationError] = []
        let name = task["name"]?.stringValue ?? ""
        if name.isEmpty {
            errors.append(.init(path: "\(path).name", message: "WorkflowTask name cannot be empty or null"))
        }
        if (task["taskReferenceName"]?.stringValue ?? "").isEmpty {
            errors.append(
                .init(
                    path: "\(path).taskReferenceName",
                    message: "WorkflowTask taskReferenceName name cannot be empty or null"))
        }
        let type = task["type"]?.stringValue ?? ""
        if type.isEmpty {
            errors.append(.init(path: "\(path).type", message: "WorkTask type cannot be null or empty"))
        }
        if type == "SWITCH" {
            let evaluator = task["evaluatorType"]?.stringValue
            if evaluator == nil {
                errors.append(
                    .init(
                        path: path,
                        message: "evaluatorType should be set for task: \(name), taskType: SWITCH"))
            }
            if task["expression"]?.stringValue == nil {
                errors.append(
                    .init(path: path, message: "expression should be set for task: \(name), taskType: SWITCH"))
            }
        }
        if type == "DECISION", task["caseValueParam"] == nil, task["caseExpression"] == nil {
            errors.append(
                .init(
                    path: path,
                    message:
                        "caseValueParam or caseExpression field is required for taskType: DECISION taskName: \(name)"
                ))
        }
        if let retryCount = task["retryCount"]?.coercedInt, retryCount < 0 {
            errors.append(.init(path: "\(path).retryCount", message: "retryCount cannot be negative"))
        }
        errors += validateTypeFields(task, type: type, name: name, path: path)
        return errors
    }

    /// The per-type required fields of Conductor's `WorkflowTaskTypeConstraint`
    /// (core/src/main/java/com/netflix/conductor/validations/WorkflowTaskTypeConstraint.java) for the system tasks
    /// the emulator runs. HTTP and JSON_JQ_TRANSFORM are not checked here: their input may come from a task
    /// definition's `inputTemplate`; a missing one fails the task at run time.
    private static func validateTypeFields(_ task: JSONValue, type: String, name: String, path: String)
        -> [ConductorErrorResponse.ValidationError]
    {
        func required(_ field: String) -> ConductorErrorResponse.ValidationError {
            .init(path: path, message: "\(field) field is required for taskType: \(type) taskName: \(name)")
        }
        var errors: [ConductorErrorResponse.ValidationError] = []
        switch type {
        case "DO_WHILE":
            if task["loopCondition"]?.stringValue == nil { errors.append(required("loopCondition")) }
            if (task["loopOver"]?.arrayValue ?? []).isEmpty { errors.append(required("loopOver")) }
        case "FORK_JOIN":
            if (task["forkTasks"]?.arrayValue ?? []).isEmpty {
                errors.append(
                    .init(
                        path: path,
                        message: "forkTasks should have atleast one task for taskType: FORK_JOIN taskName: \(name)"))
            }
        case "SUB_WORKFLOW":
            if task["subWorkflowParam"]?.objectValue == nil { errors.append(required("subWorkflowParam")) }
        case "FORK_JOIN_DYNAMIC":
            guard task["inputParameters"]?["forkTaskInputs"] == nil, task["dynamicForkJoinTasksParam"] == nil else {
                break
            }
            if task["dynamicForkTasksParam"]?.stringValue == nil { errors.append(required("dynamicForkTasksParam")) }
            if task["dynamicForkTasksInputParamName"]?.stringValue == nil {
                errors.append(required("dynamicForkTasksInputParamName"))
            }
        case "TERMINATE":
            let status = task["inputParameters"]?["terminationStatus"]?.stringValue ?? ""
            if !["COMPLETED", "FAILED", "TERMINATED"].contains(status) {
                errors.append(
                    .init(
                        path: path,
                        message:
                            "terminate task must have an terminationStatus parameter and must be set to COMPLETED or FAILED, taskName: \(name)"
                    ))
            }
        default:
            break
        }
        return errors
    }

    /// Violations of a normalized `TaskDef`, with paths prefixed by `operation`.
    public static func validate(taskDef def: JSONValue, operation: String) -> [ConductorErrorResponse.ValidationError] {
        let prefix = "\(operation).taskDef"
        var errors: [ConductorErrorResponse.ValidationError] = []
        let name = def["name"]?.stringValue ?? ""
        if name.isEmpty {
            errors.append(.init(path: "\(prefix).name", message: "TaskDef name cannot be null or empty"))
        }
        if let retryCount = def["retryCount"]?.coercedInt, retryCount < 0 {
            errors.append(
                .init(
                    path: "\(prefix).retryCount",
                    message: "TaskDef retryCount: 0 must be >= 0",
                    invalidValue: .string(String(retryCount))))
        }
        let timeout = def["timeoutSeconds"]?.coercedInt ?? 0
        let responseTimeout = def["responseTimeoutSeconds"]?.coercedInt ?? 3600
        if responseTimeout < 1 {
            errors.append(
                .init(
                    path: "\(prefix).responseTimeoutSeconds",
                    message: "TaskDef responseTimeoutSeconds: \(responseTimeout) should be minimum 1 second",
                    invalidValue: .string(String(responseTimeout))))
        }
        if timeout > 0, responseTimeout > timeout {
            errors.append(
                .init(
                    path: prefix,
                    message:
                        "TaskDef: \(name) responseTimeoutSeconds: \(responseTimeout) must be less than timeoutSeconds: \(timeout)"
                ))
        }
        let total = def["totalTimeoutSeconds"]?.coercedInt ?? 0
        if total > 0, timeout > total {
            errors.append(
                .init(
                    path: prefix,
                    message:
                        "TaskDef: \(name) timeoutSeconds: \(timeout) must be less than or equal to totalTimeoutSeconds: \(total)"
                ))
        }
        return errors
    }
}

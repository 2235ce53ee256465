public import ConductorMCPCore

/// Fills the defaults Conductor's Java model gives a definition that omits a field.
///
/// Definitions stay JSON so unknown fields a client sends survive a round trip, as they would
/// in Conductor's stores (which persist what Jackson read, defaults included).
public enum DefinitionDefaults {
    /// A `WorkflowDef` with Conductor's defaults, its tasks normalized at every depth.
    public static func workflowDef(_ def: JSONValue) -> JSONValue {
        var members = (def.removingNulls().objectValue) ?? [:]
        let defaults: JSONObject = [
            "version": 1, "tasks": [], "inputParameters": [], "outputParameters": [:], "schemaVersion": 2,
            "restartable": true, "workflowStatusListenerEnabled": false, "timeoutPolicy": "ALERT_ONLY",
            "timeoutSeconds": 0, "variables": [:], "inputTemplate": [:], "enforceSchema": true, "metadata": [:],
        ]
        for (key, value) in defaults where members[key] == nil {
            members[key] = value
        }
        if let tasks = members["tasks"]?.arrayValue {
            members["tasks"] = .array(tasks.map(workflowTask))
        }
        return .object(members)
    }

    /// A `WorkflowTask` with Conductor's defaults; nested branches, forks and loops included.
    public static func workflowTask(_ task: JSONValue) -> JSONValue {
        var members = task.objectValue ?? [:]
        let defaults: JSONObject = [
            "inputParameters": [:], "type": "SIMPLE", "decisionCases": [:], "defaultCase": [], "forkTasks": [],
            "startDelay": 0, "joinOn": [], "optional": false, "defaultExclusiveJoinTask": [], "asyncComplete": false,
            "loopOver": [], "onStateChange": [:], "permissive": false,
        ]
        for (key, value) in defaults where members[key] == nil {
            members[key] = value
        }
        if let cases = members["decisionCases"]?.objectValue {
            members["decisionCases"] = .object(cases.mapValues { .array(($0.arrayValue ?? []).map(workflowTask)) })
        }
        for key in ["defaultCase", "loopOver"] {
            if let list = members[key]?.arrayValue { members[key] = .array(list.map(workflowTask)) }
        }
        if let forks = members["forkTasks"]?.arrayValue {
            members["forkTasks"] = .array(forks.map { .array(($0.arrayValue ?? []).map(workflowTask)) })
        }
        return .object(members)
    }

    /// A `TaskDef` with Conductor's defaults, including the derived response timeout.
    public static func taskDef(_ def: JSONValue) -> JSONValue {
        var members = (def.removingNulls().objectValue) ?? [:]
        let defaults: JSONObject = [
            "retryCount": 3, "timeoutSeconds": 0, "inputKeys": [], "outputKeys": [], "timeoutPolicy": "TIME_OUT_WF",
            "retryLogic": "FIXED", "retryDelaySeconds": 60, "responseTimeoutSeconds": 3600, "inputTemplate": [:],
            "rateLimitPerFrequency": 0, "rateLimitFrequencyInSeconds": 1, "backoffScaleFactor": 1,
            "totalTimeoutSeconds": 0, "enforceSchema": false,
        ]
        for (key, value) in defaults where members[key] == nil {
            members[key] = value
        }
        return .object(members)
    }

    /// The ad-hoc definition Conductor uses for a task with no registered definition.
    ///
    /// System tasks get no retries, as in Conductor's `MetadataMapperService`.
    public static func adHocTaskDef(name: String, isSystemTask: Bool) -> JSONValue {
        var def = taskDef(["name": .string(name)])
        if isSystemTask {
            def["retryCount"] = 0
            def["responseTimeoutSeconds"] = 0
        }
        return def
    }
}

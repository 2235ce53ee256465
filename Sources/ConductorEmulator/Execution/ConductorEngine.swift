public import ConductorMCPCore
import Foundation

/// The in-memory Conductor: definitions, executions, queues and logs, and the decider that
/// moves executions forward.
///
/// An actor because every request mutates shared state; handlers call it and render its answers.
public actor ConductorEngine {
    let clock: EmulatorClock
    /// Task definitions by name.
    var taskDefs: [String: JSONValue] = [:]
    /// Workflow definitions by name, then version.
    var workflowDefs: [String: [Int: JSONValue]] = [:]
    /// Executions by id.
    var workflows: [String: WorkflowRun] = [:]
    /// Execution ids in start order, for stable listings.
    var workflowOrder: [String] = []
    /// The execution holding each task id.
    var taskOwners: [String: String] = [:]
    /// Execution logs by task id.
    var taskLogs: [String: [JSONValue]] = [:]
    /// Last poll per task type, then domain ("" for none).
    var pollData: [String: [String: JSONValue]] = [:]
    /// Event handlers by name.
    var eventHandlers: [String: JSONValue] = [:]
    /// Runs HTTP and JSON_JQ_TRANSFORM tasks off the actor.
    let runner: AsyncTaskRunner
    /// Async system tasks under way, by task id.
    var inFlight: [String: Task<Void, Never>] = [:]
    /// How many effects are being applied inside one another (see `maxEffectDepth`).
    var effectDepth = 0
    /// When a poll last swept the running executions, in epoch milliseconds.
    var lastPollSweep: Int = .min

    /// Creates an empty Conductor.
    public init(clock: EmulatorClock = .system, runner: AsyncTaskRunner = AsyncTaskRunner()) {
        self.clock = clock
        self.runner = runner
    }

    var now: Int { clock.nowMillis() }

    /// The emulator's current time in epoch milliseconds.
    public func currentTime() -> Int { now }

    /// A new execution or task id: a lowercase UUID, as Conductor's default id generator makes.
    nonisolated func newId() -> String { UUID().uuidString.lowercased() }
}

// MARK: - Metadata

extension ConductorEngine {
    /// Registers a workflow definition; with `overwrite` an existing version is replaced.
    public func createWorkflowDef(_ body: JSONValue, overwrite: Bool) throws {
        try DefinitionTypes.check(workflowDef: body)
        let def = DefinitionDefaults.workflowDef(body)
        let errors = DefinitionValidator.validate(workflowDef: def, operation: "registerWorkflowDef")
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
        let name = def["name"]?.stringValue ?? ""
        let version = def["version"]?.coercedInt ?? 1
        var stored = def
        if let existing = workflowDefs[name]?[version] {
            guard overwrite else {
                throw ConductorError.conflict("Workflow with \(name).\(version) already exists!")
            }
            stored["createTime"] = existing["createTime"]
            stored["updateTime"] = .int(now)
        } else {
            stored["createTime"] = .int(now)
        }
        workflowDefs[name, default: [:]][version] = stored
    }

    /// Creates or replaces each definition, answering Conductor's `BulkResponse`.
    public func updateWorkflowDefs(_ body: JSONValue) throws -> JSONValue {
        guard let list = body.arrayValue else {
            throw ConductorError.badRequest("A list of workflow definitions is expected")
        }
        for def in list { try DefinitionTypes.check(workflowDef: def) }
        let defs = list.map(DefinitionDefaults.workflowDef)
        var errors: [ConductorErrorResponse.ValidationError] = []
        for def in defs {
            errors += DefinitionValidator.validate(workflowDef: def, operation: "updateWorkflowDef")
        }
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
        var succeeded: [JSONValue] = []
        for var def in defs {
            let name = def["name"]?.stringValue ?? ""
            let version = def["version"]?.coercedInt ?? 1
            def["updateTime"] = .int(now)
            def["createTime"] = workflowDefs[name]?[version]?["createTime"] ?? .int(now)
            workflowDefs[name, default: [:]][version] = def
            succeeded.append(.string(name))
        }
        return ["bulkErrorResults": [:], "bulkSuccessfulResults": .array(succeeded)]
    }

    /// Validates a definition without storing it.
    public func validateWorkflowDef(_ body: JSONValue) throws {
        try DefinitionTypes.check(workflowDef: body)
        let def = DefinitionDefaults.workflowDef(body)
        let errors = DefinitionValidator.validate(workflowDef: def, operation: "validateWorkflowDef")
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
    }

    /// The definition `name` at `version`, or its latest version.
    public func workflowDef(name: String, version: Int?) throws -> JSONValue {
        let versions = workflowDefs[name] ?? [:]
        let found = version.map { versions[$0] } ?? versions.keys.max().flatMap { versions[$0] }
        guard let def = found else {
            let shown = version.map(String.init) ?? "null"
            throw ConductorError.notFound("No such workflow found by name: \(name), version: \(shown)")
        }
        return def
    }

    /// Every version of every definition, by name then version.
    public func allWorkflowDefs() -> [JSONValue] {
        workflowDefs.keys.sorted().flatMap { name in
            workflowDefs[name]!.keys.sorted().map { workflowDefs[name]![$0]! }
        }
    }

    /// The latest version of each definition.
    public func latestWorkflowDefs() -> [JSONValue] {
        workflowDefs.keys.sorted().compactMap { name in
            workflowDefs[name]!.keys.max().flatMap { workflowDefs[name]![$0] }
        }
    }

    /// `{name: [{name, version, createTime}]}`, Conductor's `WorkflowDefSummary` lists.
    public func workflowNamesAndVersions() -> JSONValue {
        .object(
            JSONObject(
                sortingKeysOf: workflowDefs.mapValues { versions in
                    .array(
                        versions.keys.sorted().map { version in
                            var summary: JSONValue = [
                                "name": versions[version]!["name"] ?? .null, "version": .int(version),
                            ]
                            summary["createTime"] = versions[version]!["createTime"]
                            return summary
                        })
                }))
    }

    /// Removes one version of a definition.
    public func deleteWorkflowDef(name: String, version: Int) throws {
        guard workflowDefs[name]?[version] != nil else {
            throw ConductorError.notFound(
                "Cannot remove the workflow - no such workflow definition: \(name) version: \(version)")
        }
        workflowDefs[name]![version] = nil
        if workflowDefs[name]!.isEmpty { workflowDefs[name] = nil }
    }

    /// Registers (or replaces) task definitions.
    public func registerTaskDefs(_ body: JSONValue) throws {
        guard let list = body.arrayValue else {
            throw ConductorError.badRequest("A list of task definitions is expected")
        }
        for def in list { try DefinitionTypes.check(taskDef: def) }
        let defs = list.map(DefinitionDefaults.taskDef)
        var errors: [ConductorErrorResponse.ValidationError] = []
        for def in defs {
            errors += DefinitionValidator.validate(taskDef: def, operation: "registerTaskDef")
        }
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
        for var def in defs {
            def["createTime"] = .int(now)
            def["updateTime"] = nil
            taskDefs[def["name"]!.stringValue!] = def
        }
    }

    /// Replaces an existing task definition.
    public func updateTaskDef(_ body: JSONValue) throws {
        try DefinitionTypes.check(taskDef: body)
        var def = DefinitionDefaults.taskDef(body)
        let errors = DefinitionValidator.validate(taskDef: def, operation: "updateTaskDef")
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
        let name = def["name"]!.stringValue!
        guard let existing = taskDefs[name] else {
            throw ConductorError.notFound("No such task by name \(name)")
        }
        def["createTime"] = existing["createTime"]
        def["createdBy"] = existing["createdBy"]
        def["updateTime"] = .int(now)
        taskDefs[name] = def
    }

    /// The task definition `name`.
    public func taskDef(name: String) throws -> JSONValue {
        guard let def = taskDefs[name] else {
            throw ConductorError.notFound("No such taskType found by name: \(name)")
        }
        return def
    }

    /// All task definitions, by name.
    public func allTaskDefs() -> [JSONValue] {
        taskDefs.keys.sorted().map { taskDefs[$0]! }
    }

    /// Removes a task definition.
    public func deleteTaskDef(name: String) throws {
        guard taskDefs.removeValue(forKey: name) != nil else {
            throw ConductorError.notFound("Cannot remove the task - no such task definition")
        }
    }
}

// MARK: - Event handlers

extension ConductorEngine {
    /// Adds an event handler; Conductor refuses a name already taken.
    public func addEventHandler(_ body: JSONValue) throws {
        let name = try eventHandlerName(body)
        guard eventHandlers[name] == nil else {
            throw ConductorError.conflict("EventHandler with name \(name) already exists!")
        }
        eventHandlers[name] = body.removingNulls()
    }

    /// Replaces an existing event handler.
    public func updateEventHandler(_ body: JSONValue) throws {
        let name = try eventHandlerName(body)
        guard eventHandlers[name] != nil else {
            throw ConductorError.notFound("EventHandler with name \(name) not found!")
        }
        eventHandlers[name] = body.removingNulls()
    }

    /// All event handlers.
    public func allEventHandlers() -> [JSONValue] {
        eventHandlers.keys.sorted().map { eventHandlers[$0]! }
    }

    /// The handlers listening to `event`, only active ones when `activeOnly`.
    public func eventHandlers(forEvent event: String, activeOnly: Bool) -> [JSONValue] {
        allEventHandlers().filter { handler in
            handler["event"]?.stringValue == event && (!activeOnly || handler["active"]?.coercedBool == true)
        }
    }

    /// Removes an event handler.
    public func removeEventHandler(name: String) throws {
        guard eventHandlers.removeValue(forKey: name) != nil else {
            throw ConductorError.notFound("EventHandler with name \(name) not found!")
        }
    }

    private func eventHandlerName(_ body: JSONValue) throws -> String {
        var errors: [ConductorErrorResponse.ValidationError] = []
        let name = body["name"]?.stringValue ?? ""
        if name.isEmpty { errors.append(.init(path: "eventHandler.name", message: "Missing event handler name")) }
        if (body["event"]?.stringValue ?? "").isEmpty {
            errors.append(.init(path: "eventHandler.event", message: "Missing event location"))
        }
        if (body["actions"]?.arrayValue ?? []).isEmpty {
            errors.append(
                .init(path: "eventHandler.actions", message: "No actions specified. Please specify at-least one action")
            )
        }
        guard errors.isEmpty else { throw ConductorError.validation(errors) }
        return name
    }
}

/// An operation of the `/api/workflow/bulk/...` endpoints.
public enum BulkOperation: Sendable {
    case pause
    case resume
    case terminate(reason: String?)
    case retry
    case restart(useLatestDefinitions: Bool)
    case remove
    case terminateRemove(reason: String?)
}

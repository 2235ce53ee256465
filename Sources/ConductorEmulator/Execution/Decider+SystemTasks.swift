import ConductorMCPCore
import Foundation

/// The system tasks the decider runs in place when it schedules them.
extension Decider {
    /// Executes a system task in place, as Conductor does for synchronous system tasks.
    mutating func runSystemTask(at index: Int, type: String, in workflow: inout WorkflowRun, graph: WorkflowGraph) {
        var task = workflow.tasks[index]
        task.startTime = now
        task.firstStartTime = now
        switch type {
        case "HUMAN":
            task.status = .inProgress
        case "WAIT":
            // WaitTaskMapper.setCallbackAfter: `duration` or `until` sets when the task completes by itself.
            task.status = .inProgress
            let duration = task.inputData["duration"].map(ScriptEvaluator.text) ?? ""
            let until = task.inputData["until"].map(ScriptEvaluator.text) ?? ""
            if !duration.isEmpty, !until.isEmpty {
                finish(&task, .failedWithTerminalError)
                task.reasonForIncompletion = "Both 'duration' and 'until' specified. Please provide only one input"
            } else if !duration.isEmpty {
                if let seconds = WaitDuration.seconds(duration) {
                    task.waitUntil = now + Milliseconds.of(seconds: seconds)
                    task.callbackAfterSeconds = seconds
                } else {
                    finish(&task, .failedWithTerminalError)
                    task.reasonForIncompletion =
                        "Wait time specified is invalid.  The duration must be in "
                        + "\"[N days] [N hours] [N minutes] [N seconds]\" format, not \(duration)"
                }
            } else if !until.isEmpty {
                if let instant = WaitDuration.instant(until) {
                    task.waitUntil = instant
                    task.callbackAfterSeconds = max(0, (instant - now) / 1000)
                } else {
                    finish(&task, .failedWithTerminalError)
                    task.reasonForIncompletion = "Unable to parse date \(until)"
                }
            }
        case "NOOP":
            finish(&task, .completed)
        case "SET_VARIABLE":
            var variables = workflow.variables.objectValue ?? [:]
            for (key, value) in task.inputData.objectValue ?? [:] { variables[key] = value }
            workflow.variables = .object(variables)
            finish(&task, .completed)
        case "INLINE", "LAMBDA":
            runInline(&task, type: type)
        case "HTTP", "JSON_JQ_TRANSFORM", "SUB_WORKFLOW", "START_WORKFLOW":
            // Started by the decider's launch pass once due (after `startDelay` or a retry delay).
            if type == "SUB_WORKFLOW" { task.inputData = subWorkflowInput(task, context: workflow.expressionContext) }
            task.startTime = 0
            task.firstStartTime = 0
        case "JOIN":
            // JoinTaskMapper: the input is `joinOn`; inside a loop Join.java waits for this iteration's tasks.
            let joinOn = (task.workflowTask["joinOn"]?.arrayValue ?? []).compactMap(\.stringValue).map {
                task.iteration > 0 ? "\($0)__\(task.iteration)" : $0
            }
            if task.inputData["joinOn"] == nil {
                task.inputData = ["joinOn": .array(joinOn.map(JSONValue.string))]
            }
            task.taskDefName = "JOIN"
            task.status = .inProgress
        case "DO_WHILE":
            task.status = .inProgress
            if task.iteration > 0 {
                finish(&task, .failedWithTerminalError)
                task.reasonForIncompletion = "conductor-emulator does not run a DO_WHILE nested in another DO_WHILE"
            }
            task.iteration = 0
        case "SWITCH", "DECISION":
            runSwitch(&task, type: type)
            workflow.tasks[index] = task
            if task.status == .completed {
                workflow.tasks[index].executed = true
                let chosen = task.outputData["evaluationResult"]?.arrayValue?.first?.stringValue ?? ""
                let cases = task.workflowTask["decisionCases"]?.objectValue ?? [:]
                let branch = cases[chosen]?.arrayValue ?? task.workflowTask["defaultCase"]?.arrayValue ?? []
                if let first = branch.first {
                    schedule(first, iteration: task.iteration, in: &workflow, graph: graph)
                } else if let next = graph.next(after: TaskRun.baseReferenceName(task.referenceTaskName)) {
                    schedule(next, iteration: task.iteration, in: &workflow, graph: graph)
                }
            }
            return
        case "FORK_JOIN":
            runFork(at: index, in: &workflow, graph: graph)
            return
        case "FORK_JOIN_DYNAMIC":
            runDynamicFork(at: index, in: &workflow, graph: graph)
            return
        case "TERMINATE":
            finish(&task, .completed)
            task.outputData = task.inputData["workflowOutput"] ?? [:]
            task.executed = true
            workflow.tasks[index] = task
            let requested = task.inputData["terminationStatus"]?.stringValue ?? "COMPLETED"
            let status: WorkflowStatus =
                switch requested {
                case "FAILED": .failed
                case "TERMINATED": .terminated
                default: .completed
                }
            complete(&workflow, status: status, reason: task.inputData["terminationReason"]?.stringValue)
            if let output = task.inputData["workflowOutput"], output.objectValue != nil {
                workflow.output = output
            }
            return
        default:
            finish(&task, .failedWithTerminalError)
            task.reasonForIncompletion =
                "conductor-emulator does not execute \(type) tasks; supported system tasks are WAIT, HUMAN, "
                + "SET_VARIABLE, SWITCH, DECISION, TERMINATE, NOOP, FORK_JOIN, FORK_JOIN_DYNAMIC, JOIN, DO_WHILE, "
                + "SUB_WORKFLOW, START_WORKFLOW, HTTP, INLINE, LAMBDA and JSON_JQ_TRANSFORM"
        }
        workflow.tasks[index] = task
    }

    /// SWITCH with `value-param` or `javascript`/`graaljs` (the subset of `ScriptEvaluator`), or a DECISION's
    /// `caseValueParam` / `caseExpression`; the case name is the value's string form, as in Conductor's
    /// `SwitchTaskMapper` / `DecisionTaskMapper` (core/.../execution/mapper/).
    private func runSwitch(_ task: inout TaskRun, type: String) {
        let evaluator = task.workflowTask["evaluatorType"]?.stringValue ?? "value-param"
        let value: JSONValue
        if type == "DECISION", let parameter = task.workflowTask["caseValueParam"]?.stringValue {
            value = task.inputData[parameter] ?? .null
        } else if type == "DECISION" || evaluator == "javascript" || evaluator == "graaljs" {
            let key = type == "DECISION" ? "caseExpression" : "expression"
            let script = task.workflowTask[key]?.stringValue ?? ""
            do {
                value = try ScriptEvaluator().evaluate(script, input: task.inputData)
            } catch {
                finish(&task, .failedWithTerminalError)
                task.reasonForIncompletion = error.localizedDescription
                return
            }
        } else if evaluator == "value-param", let parameter = task.workflowTask["expression"]?.stringValue {
            value = task.inputData[parameter] ?? .null
        } else {
            finish(&task, .failedWithTerminalError)
            task.reasonForIncompletion =
                "conductor-emulator evaluates SWITCH with evaluatorType value-param, javascript or graaljs, not "
                + evaluator
            return
        }
        task.outputData = ["evaluationResult": [.string(ScriptEvaluator.text(value))]]
        finish(&task, .completed)
    }

    /// INLINE (`evaluatorType` javascript / graaljs / value-param, `expression`) and the older LAMBDA
    /// (`scriptExpression`): output `result`, as `Inline.java` and `Lambda.java` in core/.../execution/tasks/ do.
    private func runInline(_ task: inout TaskRun, type: String) {
        let input = task.inputData
        let evaluator = type == "LAMBDA" ? "javascript" : input["evaluatorType"]?.stringValue ?? "javascript"
        let expression = (type == "LAMBDA" ? input["scriptExpression"] : input["expression"])?.stringValue ?? ""
        guard !expression.trimmingCharacters(in: .whitespaces).isEmpty else {
            finish(&task, .failedWithTerminalError)
            task.reasonForIncompletion =
                "Empty 'expression' in Inline task's input parameters. A non-empty String value must be provided."
            return
        }
        switch evaluator {
        case "value-param":
            task.outputData = ["result": input[expression] ?? .null]
            finish(&task, .completed)
        case "javascript", "graaljs":
            do {
                task.outputData = ["result": try ScriptEvaluator().evaluate(expression, input: input)]
                finish(&task, .completed)
            } catch {
                finish(&task, .failedWithTerminalError)
                task.reasonForIncompletion = error.localizedDescription
                task.outputData = ["error": .string(error.localizedDescription)]
            }
        default:
            finish(&task, .failedWithTerminalError)
            task.reasonForIncompletion = "Unknown evaluator '\(evaluator)' in INLINE task."
        }
    }

    /// The SUB_WORKFLOW task's input as `SubWorkflowTaskMapper` builds it: name, version, inline definition and
    /// the resolved `inputParameters` as `workflowInput`.
    private func subWorkflowInput(_ task: TaskRun, context: JSONValue) -> JSONValue {
        let params = task.workflowTask["subWorkflowParam"] ?? [:]
        let resolved = ExpressionResolver(context: context).resolve(params)
        var input: JSONValue = [
            "subWorkflowName": resolved["name"] ?? .null, "subWorkflowVersion": resolved["version"] ?? .null,
            "workflowInput": task.inputData,
        ]
        if let definition = params["workflowDefinition"], definition.objectValue != nil {
            input["subWorkflowDefinition"] = definition
        }
        if let domains = params["taskToDomain"], domains.objectValue != nil {
            input["subWorkflowTaskToDomain"] = domains
        }
        if let priority = params["priority"] { input["priority"] = priority }
        return input
    }

    /// The JOIN that must follow a fork in the definition; without one the workflow fails as Conductor fails it.
    private mutating func joinFollowing(
        _ fork: TaskRun, kind: String, in workflow: inout WorkflowRun, graph: WorkflowGraph
    ) -> JSONValue? {
        let baseRef = TaskRun.baseReferenceName(fork.referenceTaskName)
        guard let join = graph.next(after: baseRef), join["type"]?.stringValue == "JOIN" else {
            complete(
                &workflow, status: .failed,
                reason: "\(kind) task definition is not followed by a join task.  Check the blueprint")
            return nil
        }
        return join
    }

    /// FORK_JOIN: a COMPLETED `FORK` task, the first task of each branch, then the JOIN that must follow the fork
    /// (`ForkJoinTaskMapper`).
    private mutating func runFork(at index: Int, in workflow: inout WorkflowRun, graph: WorkflowGraph) {
        var fork = workflow.tasks[index]
        fork.taskDefName = "FORK"
        finish(&fork, .completed)
        fork.executed = true
        workflow.tasks[index] = fork
        guard let join = joinFollowing(fork, kind: "Fork", in: &workflow, graph: graph) else { return }
        for branch in fork.workflowTask["forkTasks"]?.arrayValue ?? [] {
            if let first = branch.arrayValue?.first {
                schedule(first, iteration: fork.iteration, in: &workflow, graph: graph)
            }
        }
        schedule(join, iteration: fork.iteration, in: &workflow, graph: graph)
    }

    /// FORK_JOIN_DYNAMIC: the task list named by `dynamicForkTasksParam` and the input map named by
    /// `dynamicForkTasksInputParamName`, each task scheduled with its input, then a JOIN on all of them
    /// (`ForkJoinDynamicTaskMapper.getDynamicForkTasksAndInput`).
    private mutating func runDynamicFork(at index: Int, in workflow: inout WorkflowRun, graph: WorkflowGraph) {
        var fork = workflow.tasks[index]
        let tasks: [JSONValue]
        let inputs: JSONObject
        if let listed = fork.inputData["forkTaskInputs"]?.arrayValue {
            (tasks, inputs) = simpleDynamicForkTasks(fork, inputs: listed, graph: graph)
        } else {
            let tasksParam = fork.workflowTask["dynamicForkTasksParam"]?.stringValue ?? ""
            let inputsParam = fork.workflowTask["dynamicForkTasksInputParamName"]?.stringValue ?? ""
            let listed = fork.inputData[tasksParam]
            guard let list = listed?.arrayValue,
                list.allSatisfy({ !($0["taskReferenceName"]?.stringValue ?? "").isEmpty })
            else {
                workflow.tasks[index] = fork
                complete(
                    &workflow, status: .failed,
                    reason:
                        "Input '\(tasksParam)' is invalid. Cannot deserialize a list of Workflow Tasks from '\((listed ?? .null).javaDescription)'",
                    startFailureWorkflow: true)
                return
            }
            guard let map = fork.inputData[inputsParam]?.objectValue else {
                workflow.tasks[index] = fork
                complete(
                    &workflow, status: .failed,
                    reason:
                        "Input to the dynamically forked tasks is not a map -> expecting a map of K,V  but found \((fork.inputData[inputsParam] ?? .null).javaDescription)",
                    startFailureWorkflow: true)
                return
            }
            (tasks, inputs) = (list, map)
        }
        guard tasks.count <= Self.maxDynamicForkTasks else {
            workflow.tasks[index] = fork
            complete(
                &workflow, status: .failed,
                reason:
                    "conductor-emulator forks at most \(Self.maxDynamicForkTasks) tasks dynamically; "
                    + "\(fork.referenceTaskName) asked for \(tasks.count)",
                startFailureWorkflow: true)
            return
        }
        guard let join = joinFollowing(fork, kind: "Dynamic fork", in: &workflow, graph: graph) else { return }
        let refs = tasks.compactMap { $0["taskReferenceName"]?.stringValue }
        fork.taskDefName = "FORK"
        fork.inputData["forkedTasks"] = .array(refs.map(JSONValue.string))
        fork.inputData["forkedTasksInputs"] = .object(inputs)
        finish(&fork, .completed)
        fork.executed = true
        workflow.tasks[index] = fork
        for var definition in tasks.map(DefinitionDefaults.workflowTask) {
            let name = definition["name"]?.stringValue ?? ""
            if definition["taskDefinition"] == nil {
                definition["taskDefinition"] =
                    taskDefs[name]
                    ?? DefinitionDefaults.adHocTaskDef(
                        name: name, isSystemTask: definition["type"]?.stringValue != "SIMPLE")
            }
            let ref = definition["taskReferenceName"]?.stringValue ?? ""
            schedule(
                definition, iteration: fork.iteration, in: &workflow, graph: graph,
                inputOverride: inputs[ref]?.objectValue.map(JSONValue.object) ?? [:])
        }
        var joinDefinition = join
        joinDefinition["joinOn"] = .array(refs.map(JSONValue.string))
        schedule(joinDefinition, iteration: fork.iteration, in: &workflow, graph: graph)
    }

    /// The `forkTaskName` / `forkTaskType` / `forkTaskWorkflow` + `forkTaskInputs` form: one task per input,
    /// named `_NAME_i` (`_FORKREF_NAME_i` when the workflow has several dynamic forks), each input a map (or
    /// `{input: value}`) with `__index` (`ForkJoinDynamicTaskMapper.getDynamicTasksSimple`).
    private func simpleDynamicForkTasks(_ fork: TaskRun, inputs listed: [JSONValue], graph: WorkflowGraph)
        -> ([JSONValue], JSONObject)
    {
        let input = fork.inputData
        let subWorkflow = input["forkTaskWorkflow"]?.stringValue
        var type = input["forkTaskType"]?.stringValue ?? "SIMPLE"
        var name = input["forkTaskName"]?.stringValue ?? (type == "SIMPLE" ? nil : type)
        name = name ?? TaskRun.baseReferenceName(fork.referenceTaskName)
        if subWorkflow != nil {
            type = "SUB_WORKFLOW"
            name = subWorkflow
        }
        let dynamicForks = WorkflowGraph.allTasks(in: graph.topLevel).filter {
            $0["type"]?.stringValue == "FORK_JOIN_DYNAMIC"
        }
        let prefix = dynamicForks.count > 1 ? "_\(TaskRun.baseReferenceName(fork.referenceTaskName))_" : "_"
        var tasks: [JSONValue] = []
        var inputs: JSONObject = [:]
        for (offset, value) in listed.enumerated() {
            let ref = "\(prefix)\(name ?? "")_\(offset)"
            var parameters = value.objectValue ?? ["input": value]
            parameters["__index"] = .int(offset)
            var task: JSONValue = [
                "name": .string(name ?? ""), "taskReferenceName": .string(ref), "type": .string(type),
                "inputParameters": .object(parameters),
            ]
            if let subWorkflow {
                var params: JSONValue = ["name": .string(subWorkflow)]
                if let version = input["forkTaskWorkflowVersion"]?.coercedInt { params["version"] = .int(version) }
                task["subWorkflowParam"] = params
            }
            if fork.workflowTask["optional"]?.coercedBool == true { task["optional"] = true }
            tasks.append(task)
            inputs[ref] = .object(parameters)
        }
        return (tasks, inputs)
    }
}

import ConductorMCPCore
import Foundation

/// The system tasks the decider re-evaluates on every pass until they end: JOIN and DO_WHILE.
extension Decider {
    /// JOIN: COMPLETED once every `joinOn` task is terminal, its output each joined task's output by reference name;
    /// FAILED when a non-optional joined task failed; COMPLETED_WITH_ERRORS when only optional ones did
    /// (core/src/main/java/com/netflix/conductor/core/execution/tasks/Join.java). Answers true when it ended.
    mutating func evaluateJoin(at index: Int, in workflow: inout WorkflowRun) -> Bool {
        var join = workflow.tasks[index]
        let joinOn = (join.inputData["joinOn"]?.arrayValue ?? []).compactMap(\.stringValue)
        let joined = joinOn.map { ref in workflow.tasks.last { $0.referenceTaskName == ref } }
        let allTerminal = joined.allSatisfy { $0?.status.isTerminal == true }
        var output = join.outputData.objectValue ?? [:]
        var optionalFailures: [String] = []
        for (ref, task) in zip(joinOn, joined) {
            guard let task else { continue }
            if !(task.outputData.objectValue ?? [:]).isEmpty { output[ref] = task.outputData }
            let optional = task.workflowTask["optional"]?.coercedBool == true
            let permissive = task.workflowTask["permissive"]?.coercedBool == true
            if task.status.isTerminal, !task.status.isSuccessful, !optional, !permissive || allTerminal {
                join.outputData = .object(output)
                join.reasonForIncompletion = joined.compactMap { $0 }
                    .filter { $0.status.isTerminal && !$0.status.isSuccessful }
                    .compactMap(\.reasonForIncompletion).joined(separator: " ")
                let canceledOnly = joined.compactMap { $0 }.allSatisfy {
                    !$0.status.isTerminal || $0.status.isSuccessful || $0.status == .canceled
                }
                finish(&join, canceledOnly ? .canceled : .failed)
                workflow.tasks[index] = join
                return true
            }
            if optional, task.status == .completedWithErrors {
                optionalFailures.append("\(task.taskDefName)/\(task.taskId)")
            }
        }
        join.outputData = .object(output)
        guard allTerminal else {
            workflow.tasks[index] = join
            return false
        }
        if optionalFailures.isEmpty {
            finish(&join, .completed)
        } else {
            join.reasonForIncompletion = optionalFailures.joined(separator: " ") + " completed with errors"
            finish(&join, .completedWithErrors)
        }
        workflow.tasks[index] = join
        return true
    }

    /// DO_WHILE: schedules iteration 1, then after each complete iteration records `output["N"]` (each body task's
    /// output by reference name) and evaluates `loopCondition` with `$` holding the loop's input, its own output and
    /// every body task's latest output (core/.../execution/tasks/DoWhile.java, `evaluateCondition`). Answers true
    /// when it scheduled an iteration or ended.
    mutating func evaluateLoop(at index: Int, in workflow: inout WorkflowRun, graph: WorkflowGraph) -> Bool {
        var loop = workflow.tasks[index]
        let loopOver = loop.workflowTask["loopOver"]?.arrayValue ?? []
        let body = graph.descendants(of: loop.referenceTaskName)
        guard let first = loopOver.first else {
            finish(&loop, .completed)
            workflow.tasks[index] = loop
            return true
        }
        let items = loopItems(loop, in: workflow)
        if loop.iteration == 0 {
            if let items, items.isEmpty {
                loop.outputData["iteration"] = 0
                finish(&loop, .completed)
                workflow.tasks[index] = loop
                return true
            }
            loop.iteration = 1
            loop.outputData["iteration"] = 1
            Self.injectLoopItem(&loop, items: items)
            workflow.tasks[index] = loop
            schedule(first, iteration: 1, in: &workflow, graph: graph)
            return true
        }
        // This iteration's tasks, the latest attempt of each.
        var current: [String: TaskRun] = [:]
        var order: [String] = []
        for task in workflow.tasks where task.iteration == loop.iteration && task.taskId != loop.taskId {
            let base = TaskRun.baseReferenceName(task.referenceTaskName)
            guard body.contains(base) else { continue }
            if current[base] == nil { order.append(base) }
            current[base] = task
        }
        var iterationOutput: JSONObject = [:]
        for base in order {
            let task = current[base]!
            iterationOutput[base] = task.outputData
            if task.status.isTerminal, !task.status.isSuccessful, !task.retried {
                loop.outputData[String(loop.iteration)] = .object(iterationOutput)
                loop.reasonForIncompletion = (task.reasonForIncompletion ?? "null") + " "
                finish(&loop, .failed)
                workflow.tasks[index] = loop
                return true
            }
        }
        loop.outputData[String(loop.iteration)] = .object(iterationOutput)
        if let keep = loop.workflowTask["inputParameters"]?["keepLastN"]?.coercedInt, keep > 0, loop.iteration > keep {
            // DoWhile.removeIterations: older iterations leave the output and the execution.
            let dropped = loop.iteration - keep
            for old in 1...dropped { loop.outputData[String(old)] = nil }
            workflow.tasks.removeAll { task in
                task.iteration > 0 && task.iteration <= dropped && task.taskId != loop.taskId
                    && body.contains(TaskRun.baseReferenceName(task.referenceTaskName))
            }
            guard let moved = workflow.tasks.firstIndex(where: { $0.taskId == loop.taskId }) else { return false }
            workflow.tasks[moved] = loop
            return evaluateLoopCondition(at: moved, in: &workflow, graph: graph, current: current, items: items)
        }
        workflow.tasks[index] = loop
        return evaluateLoopCondition(at: index, in: &workflow, graph: graph, current: current, items: items)
    }

    /// The second half of `evaluateLoop`: once the iteration is complete, evaluates the condition and schedules the
    /// next iteration or ends the loop.
    private mutating func evaluateLoopCondition(
        at index: Int, in workflow: inout WorkflowRun, graph: WorkflowGraph, current: [String: TaskRun],
        items: [JSONValue]?
    ) -> Bool {
        var loop = workflow.tasks[index]
        let loopOver = loop.workflowTask["loopOver"]?.arrayValue ?? []
        let body = graph.descendants(of: loop.referenceTaskName)
        guard let first = loopOver.first else { return false }
        let directDone = loopOver.allSatisfy { definition in
            guard let ref = definition["taskReferenceName"]?.stringValue, let task = current[ref] else { return false }
            return task.status.isTerminal
        }
        let allSettled = current.values.allSatisfy { task in
            task.status.isTerminal && (!task.status.isSuccessful || task.executed || task.status == .skipped)
        }
        guard directDone, allSettled else { return false }
        var conditionInput = ExpressionResolver(context: workflow.expressionContext).resolve(
            .object(loop.workflowTask["inputParameters"]?.objectValue ?? [:]))
        conditionInput[loop.referenceTaskName] = loop.outputData
        for task in workflow.tasks where task.taskId != loop.taskId {
            let base = TaskRun.baseReferenceName(task.referenceTaskName)
            if body.contains(base), task.iteration > 0 { conditionInput[base] = task.outputData }
        }
        let condition = loop.workflowTask["loopCondition"]?.stringValue
        var repeats: Bool
        do {
            if let items {
                // List iteration: `loopIndex` / `loopItem` join the input; more items are needed to go on, and a
                // non-empty condition must hold as well (DoWhile.evaluateCondition).
                let loopIndex = loop.iteration - 1
                conditionInput["loopIndex"] = .int(loopIndex)
                if loopIndex >= 0, loopIndex < items.count { conditionInput["loopItem"] = items[Int(loopIndex)] }
                repeats = loopIndex < Int(items.count) - 1
                if let condition, !condition.trimmingCharacters(in: .whitespaces).isEmpty {
                    repeats = try ScriptEvaluator().evaluateCondition(condition, input: conditionInput) && repeats
                }
            } else {
                repeats =
                    try condition.map { try ScriptEvaluator().evaluateCondition($0, input: conditionInput) } ?? false
            }
        } catch {
            loop.reasonForIncompletion =
                "Unable to evaluate condition \(condition ?? "null"), exception \(error.localizedDescription)"
            finish(&loop, .failedWithTerminalError)
            workflow.tasks[index] = loop
            return true
        }
        guard repeats else {
            finish(&loop, .completed)
            workflow.tasks[index] = loop
            return true
        }
        guard loop.iteration < Self.maxLoopIterations else {
            loop.reasonForIncompletion =
                "conductor-emulator stops a DO_WHILE after \(Self.maxLoopIterations) iterations; the loopCondition "
                + "was still true"
            finish(&loop, .failedWithTerminalError)
            workflow.tasks[index] = loop
            return true
        }
        loop.iteration += 1
        loop.outputData["iteration"] = .int(loop.iteration)
        Self.injectLoopItem(&loop, items: items)
        workflow.tasks[index] = loop
        schedule(first, iteration: loop.iteration, in: &workflow, graph: graph)
        return true
    }

    /// The list a DO_WHILE iterates over: its `items` expression, or `_items` among its input parameters (Orkes'
    /// spelling), resolved now; nil for a condition-only loop (DoWhile.isListIteration / evaluateItemsList).
    private func loopItems(_ loop: TaskRun, in workflow: WorkflowRun) -> [JSONValue]? {
        let resolver = ExpressionResolver(context: workflow.expressionContext)
        if let items = loop.workflowTask["items"]?.stringValue, !items.trimmingCharacters(in: .whitespaces).isEmpty {
            return resolver.resolve(.string(items)).arrayValue ?? []
        }
        if let items = loop.workflowTask["inputParameters"]?["_items"], !items.isNull {
            return resolver.resolve(items).arrayValue ?? []
        }
        return nil
    }

    /// `loopIndex` (0-based) and `loopItem` in the loop's output for the iteration it starts.
    private static func injectLoopItem(_ loop: inout TaskRun, items: [JSONValue]?) {
        guard let items else { return }
        let loopIndex = loop.iteration - 1
        loop.outputData["loopIndex"] = .int(loopIndex)
        if loopIndex >= 0, loopIndex < items.count { loop.outputData["loopItem"] = items[Int(loopIndex)] }
    }
}

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
            let optional = task.workflowTask["optional"]?.boolValue == true
            let permissive = task.workflowTask["permissive"]?.boolValue == true
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
        if loop.iteration == 0 {
            loop.iteration = 1
            loop.outputData["iteration"] = 1
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
        var iterationOutput: [String: JSON] = [:]
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
        workflow.tasks[index] = loop
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
        let repeats: Bool
        do {
            repeats = try condition.map { try ScriptEvaluator().evaluateCondition($0, input: conditionInput) } ?? false
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
        workflow.tasks[index] = loop
        schedule(first, iteration: loop.iteration, in: &workflow, graph: graph)
        return true
    }
}

public import ConductorMCPCore

/// Dry runs and payload locations: Conductor's `POST /api/workflow/test` and
/// `external-storage-location` endpoints.
extension ConductorEngine {
    /// Runs a workflow with mocked task results and answers the execution, as Conductor's
    /// `WorkflowTestService` does: tasks go to a private domain no worker polls, and each pending
    /// task whose reference name has mocks (`taskRefToMockOutput`) takes the next one in turn.
    public func testWorkflow(request: JSONValue) throws -> JSONValue {
        var start = request
        var taskToDomain = request["taskToDomain"]?.objectValue ?? [:]
        taskToDomain["*"] = .string(newId())
        start["taskToDomain"] = .object(taskToDomain)
        let id = try startWorkflow(request: start)
        var mocks: [String: [JSONValue]] = [:]
        for (ref, list) in request["taskRefToMockOutput"]?.objectValue ?? [:] { mocks[ref] = list.arrayValue ?? [] }
        var progressed = true
        while progressed {
            progressed = false
            guard let workflow = workflows[id], workflow.status == .running else { break }
            for task in workflow.tasks where !task.status.isTerminal {
                guard var queue = mocks[task.referenceTaskName], !queue.isEmpty else { continue }
                let mock = queue.removeFirst()
                mocks[task.referenceTaskName] = queue
                let status = mock["status"]?.stringValue ?? "COMPLETED"
                try updateTask(result: [
                    "taskId": .string(task.taskId), "workflowInstanceId": .string(id), "status": .string(status),
                    "outputData": mock["output"] ?? [:],
                ])
                progressed = true
                break
            }
        }
        return try workflow(id: id, includeTasks: true)
    }

    /// Where a client would read or write an externalized payload; the emulator, like Conductor's
    /// dummy payload storage, answers a fresh path and stores nothing.
    public func externalStorageLocation(path: String?, operation: String?, payloadType: String?) throws -> JSONValue {
        for (name, value) in [("path", path), ("operation", operation), ("payloadType", payloadType)] where value == nil
        {
            throw ConductorError.internalError(
                "Required request parameter '\(name)' for method parameter type String is not present")
        }
        guard ["READ", "WRITE"].contains(operation!) else {
            throw ConductorError.internalError(
                "Failed to convert value of type 'java.lang.String' to required type 'Operation': \(operation!)")
        }
        let payloadTypes = ["WORKFLOW_INPUT", "WORKFLOW_OUTPUT", "TASK_INPUT", "TASK_OUTPUT"]
        guard payloadTypes.contains(payloadType!) else {
            throw ConductorError.internalError(
                "Failed to convert value of type 'java.lang.String' to required type 'PayloadType': \(payloadType!)")
        }
        return ["path": .string(path! + newId() + ".json")]
    }
}

public import ConductorMCPCore

/// Listing and bulk operations over executions.
extension ConductorEngine {
    /// Ids of the RUNNING and PAUSED executions of `name` at `version`, optionally started in a window.
    public func runningWorkflowIds(name: String, version: Int, startTime: Int?, endTime: Int?) -> [String] {
        workflowOrder.compactMap { workflows[$0] }.filter { workflow in
            guard workflow.workflowName == name, workflow.workflowVersion == version,
                !workflow.status.isTerminal
            else { return false }
            if let startTime, let endTime {
                return workflow.createTime >= startTime && workflow.createTime <= endTime
            }
            return true
        }.map(\.workflowId)
    }

    /// Executions of `name` with a correlation id, ended ones only when `includeClosed`.
    public func workflows(
        name: String, correlationId: String, includeClosed: Bool, includeTasks: Bool
    ) -> [JSONValue] {
        workflowOrder.compactMap { workflows[$0] }.filter {
            $0.workflowName == name && $0.correlationId == correlationId && (includeClosed || !$0.status.isTerminal)
        }.map { $0.json(includeTasks: includeTasks) }
    }

    /// Applies `operation` to each id, answering Conductor's `BulkResponse`.
    public func bulk(ids: JSONValue, operation: BulkOperation) throws -> JSONValue {
        let list = (ids.arrayValue ?? []).compactMap(\.stringValue)
        guard list.count <= 1000 else {
            throw ConductorError.badRequest("Cannot process more than 1000 workflows. Please use multiple requests.")
        }
        var errors: JSONObject = [:]
        var succeeded: [JSONValue] = []
        for id in list {
            do {
                switch operation {
                case .pause: try pause(id: id)
                case .resume: try resume(id: id)
                case .terminate(let reason): try terminate(id: id, reason: reason)
                case .retry: try retry(id: id)
                case .restart(let useLatest): try restart(id: id, useLatestDefinitions: useLatest)
                case .remove: try remove(id: id)
                case .terminateRemove(let reason): try terminateRemove(id: id, reason: reason)
                }
                succeeded.append(.string(id))
            } catch let error as ConductorError {
                errors[id] = .string(error.message)
            }
        }
        return ["bulkErrorResults": .object(errors), "bulkSuccessfulResults": .array(succeeded)]
    }

    /// The executions with the given ids, answering Conductor's bulk search shape.
    public func bulkSearch(ids: JSONValue, includeTasks: Bool) -> JSONValue {
        var errors: JSONObject = [:]
        var found: [JSONValue] = []
        for id in (ids.arrayValue ?? []).compactMap(\.stringValue) {
            if let workflow = workflows[id] {
                found.append(workflow.json(includeTasks: includeTasks))
            } else {
                errors[id] = .string("No such workflow found by id: \(id)")
            }
        }
        return ["bulkErrorResults": .object(errors), "bulkSuccessfulResults": .array(found)]
    }
}

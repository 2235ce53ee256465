import ConductorMCPCore
import Hummingbird

extension EmulatorRoutes {
    /// `/api/workflow`: executions (Conductor's `WorkflowResource` and `WorkflowBulkResource`).
    func registerWorkflows<Context: RequestContext>(on router: Router<Context>) {
        registerSearch(on: router)
        registerBulk(on: router)
        let engine = engine
        router.post("/api/workflow") { request, _ in
            ConductorResponse.text(try await engine.startWorkflow(request: try await RequestReading.jsonBody(request)))
        }
        router.get("/api/workflow/running/{name}") { request, context in
            let name = try RequestReading.path(context, "name")
            let ids = await engine.runningWorkflowIds(
                name: name, version: try RequestReading.int(request, "version") ?? 1,
                startTime: try RequestReading.int(request, "startTime"),
                endTime: try RequestReading.int(request, "endTime"))
            return ConductorResponse.json(.array(ids.map(JSONValue.string)))
        }
        router.put("/api/workflow/decide/{workflowId}") { _, context in
            try await engine.decide(id: try RequestReading.path(context, "workflowId"))
            return ConductorResponse.empty()
        }
        router.post("/api/workflow/test") { request, _ in
            ConductorResponse.json(try await engine.testWorkflow(request: try await RequestReading.jsonBody(request)))
        }
        registerExternalStorageLocation(on: router, prefix: "/api/workflow")
        router.post("/api/workflow/{id}") { request, context in
            let input = try await RequestReading.jsonBody(request)
            let id = try await engine.startWorkflow(
                name: try RequestReading.path(context, "id"), version: try RequestReading.int(request, "version"),
                correlationId: RequestReading.string(request, "correlationId"),
                priority: try RequestReading.int(request, "priority") ?? 0, input: input)
            return ConductorResponse.text(id)
        }
        router.get("/api/workflow/{id}") { request, context in
            let id = try RequestReading.path(context, "id")
            let includeTasks = RequestReading.bool(request, "includeTasks", default: true)
            await engine.refreshForRead(id: id)
            return ConductorResponse.json(try await engine.workflow(id: id, includeTasks: includeTasks))
        }
        router.delete("/api/workflow/{id}") { request, context in
            let id = try RequestReading.path(context, "id")
            try await engine.terminate(id: id, reason: RequestReading.string(request, "reason"))
            return ConductorResponse.empty()
        }
        router.put("/api/workflow/{id}/pause") { _, context in
            try await engine.pause(id: try RequestReading.path(context, "id"))
            return ConductorResponse.empty()
        }
        router.put("/api/workflow/{id}/resume") { _, context in
            try await engine.resume(id: try RequestReading.path(context, "id"))
            return ConductorResponse.empty()
        }
        router.put("/api/workflow/{id}/skiptask/{taskReferenceName}") { request, context in
            let body = try await RequestReading.optionalJSONBody(request) ?? [:]
            try await engine.skipTask(
                id: try RequestReading.path(context, "id"),
                taskReferenceName: try RequestReading.path(context, "taskReferenceName"), request: body)
            return ConductorResponse.empty()
        }
        router.post("/api/workflow/{id}/restart") { request, context in
            try await engine.restart(
                id: try RequestReading.path(context, "id"),
                useLatestDefinitions: RequestReading.bool(request, "useLatestDefinitions", default: false))
            return ConductorResponse.empty(.noContent)
        }
        router.post("/api/workflow/{id}/retry") { _, context in
            try await engine.retry(id: try RequestReading.path(context, "id"))
            return ConductorResponse.empty(.noContent)
        }
        router.post("/api/workflow/{id}/resetcallbacks") { _, context in
            try await engine.resetCallbacks(id: try RequestReading.path(context, "id"))
            return ConductorResponse.empty(.noContent)
        }
        router.post("/api/workflow/{id}/rerun") { request, context in
            let body = try await RequestReading.jsonBody(request)
            return ConductorResponse.text(
                try await engine.rerun(id: try RequestReading.path(context, "id"), request: body))
        }
        router.delete("/api/workflow/{id}/remove") { _, context in
            try await engine.remove(id: try RequestReading.path(context, "id"))
            return ConductorResponse.empty()
        }
        router.delete("/api/workflow/{id}/terminate-remove") { request, context in
            try await engine.terminateRemove(
                id: try RequestReading.path(context, "id"), reason: RequestReading.string(request, "reason"))
            return ConductorResponse.empty()
        }
        router.get("/api/workflow/{id}/correlated/{correlationId}") { request, context in
            let workflows = await engine.workflows(
                name: try RequestReading.path(context, "id"),
                correlationId: try RequestReading.path(context, "correlationId"),
                includeClosed: RequestReading.bool(request, "includeClosed", default: false),
                includeTasks: RequestReading.bool(request, "includeTasks", default: false))
            return ConductorResponse.json(.array(workflows))
        }
        router.post("/api/workflow/{id}/correlated") { request, context in
            let name = try RequestReading.path(context, "id")
            let ids = (try await RequestReading.jsonBody(request).arrayValue ?? []).compactMap(\.stringValue)
            let includeClosed = RequestReading.bool(request, "includeClosed", default: false)
            let includeTasks = RequestReading.bool(request, "includeTasks", default: false)
            var result: JSONObject = [:]
            for correlationId in ids {
                result[correlationId] = .array(
                    await engine.workflows(
                        name: name, correlationId: correlationId, includeClosed: includeClosed,
                        includeTasks: includeTasks))
            }
            return ConductorResponse.json(.object(result))
        }
    }

    private func registerSearch<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        let variants: [(String, ConductorEngine.SearchShape, Bool)] = [
            ("/api/workflow/search", .summary, false), ("/api/workflow/search-v2", .full, false),
            ("/api/workflow/search-by-tasks", .summary, true), ("/api/workflow/search-by-tasks-v2", .full, true),
        ]
        for (path, shape, byTasks) in variants {
            router.get(RouterPath(path)) { request, _ in
                ConductorResponse.json(
                    try await engine.searchWorkflows(
                        start: try RequestReading.int(request, "start") ?? 0,
                        size: Int(try RequestReading.int(request, "size") ?? 100),
                        sort: RequestReading.string(request, "sort"),
                        freeText: RequestReading.string(request, "freeText"),
                        query: RequestReading.string(request, "query"), shape: shape, byTasks: byTasks))
            }
        }
    }

    private func registerBulk<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        router.put("/api/workflow/bulk/pause") { request, _ in
            ConductorResponse.json(
                try await engine.bulk(ids: try await RequestReading.jsonBody(request), operation: .pause))
        }
        router.put("/api/workflow/bulk/resume") { request, _ in
            ConductorResponse.json(
                try await engine.bulk(ids: try await RequestReading.jsonBody(request), operation: .resume))
        }
        router.post("/api/workflow/bulk/terminate") { request, _ in
            let reason = RequestReading.string(request, "reason")
            return ConductorResponse.json(
                try await engine.bulk(
                    ids: try await RequestReading.jsonBody(request), operation: .terminate(reason: reason)))
        }
        router.post("/api/workflow/bulk/retry") { request, _ in
            ConductorResponse.json(
                try await engine.bulk(ids: try await RequestReading.jsonBody(request), operation: .retry))
        }
        router.post("/api/workflow/bulk/restart") { request, _ in
            let useLatest = RequestReading.bool(request, "useLatestDefinitions", default: false)
            return ConductorResponse.json(
                try await engine.bulk(
                    ids: try await RequestReading.jsonBody(request),
                    operation: .restart(useLatestDefinitions: useLatest)))
        }
        router.delete("/api/workflow/bulk/remove") { request, _ in
            ConductorResponse.json(
                try await engine.bulk(ids: try await RequestReading.jsonBody(request), operation: .remove))
        }
        router.delete("/api/workflow/bulk/terminate-remove") { request, _ in
            let reason = RequestReading.string(request, "reason")
            return ConductorResponse.json(
                try await engine.bulk(
                    ids: try await RequestReading.jsonBody(request), operation: .terminateRemove(reason: reason)))
        }
        router.post("/api/workflow/bulk/search") { request, _ in
            let includeTasks = RequestReading.bool(request, "includeTasks", default: true)
            return ConductorResponse.json(
                await engine.bulkSearch(ids: try await RequestReading.jsonBody(request), includeTasks: includeTasks))
        }
    }
}

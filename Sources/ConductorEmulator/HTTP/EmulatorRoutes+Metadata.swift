import ConductorMCPCore
import Hummingbird

extension EmulatorRoutes {
    /// `/api/metadata`: workflow and task definitions (Conductor's `MetadataResource`).
    func registerMetadata<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        router.get("/api/metadata/workflow") { _, _ in ConductorResponse.json(.array(await engine.allWorkflowDefs())) }
        router.post("/api/metadata/workflow") { request, _ in
            let body = try await RequestReading.jsonBody(request)
            let overwrite = RequestReading.bool(request, "overwrite", default: false)
            try await engine.createWorkflowDef(body, overwrite: overwrite)
            return ConductorResponse.empty()
        }
        router.put("/api/metadata/workflow") { request, _ in
            ConductorResponse.json(try await engine.updateWorkflowDefs(try await RequestReading.jsonBody(request)))
        }
        router.post("/api/metadata/workflow/validate") { request, _ in
            try await engine.validateWorkflowDef(try await RequestReading.jsonBody(request))
            return ConductorResponse.empty()
        }
        router.get("/api/metadata/workflow/names-and-versions") { _, _ in
            ConductorResponse.json(await engine.workflowNamesAndVersions())
        }
        router.get("/api/metadata/workflow/latest-versions") { _, _ in
            ConductorResponse.json(.array(await engine.latestWorkflowDefs()))
        }
        router.get("/api/metadata/workflow/{name}") { request, context in
            let name = try RequestReading.path(context, "name")
            let version = try RequestReading.int(request, "version")
            return ConductorResponse.json(try await engine.workflowDef(name: name, version: version))
        }
        router.delete("/api/metadata/workflow/{name}/{version}") { _, context in
            let name = try RequestReading.path(context, "name")
            let text = try RequestReading.path(context, "version")
            guard let version = Int(text) else {
                throw ConductorError.badRequest(
                    "Failed to convert value of type 'java.lang.String' to required type 'java.lang.Integer'; For input string: \"\(text)\""
                )
            }
            try await engine.deleteWorkflowDef(name: name, version: version)
            return ConductorResponse.empty()
        }
        router.get("/api/metadata/taskdefs") { _, _ in ConductorResponse.json(.array(await engine.allTaskDefs())) }
        router.post("/api/metadata/taskdefs") { request, _ in
            try await engine.registerTaskDefs(try await RequestReading.jsonBody(request))
            return ConductorResponse.empty()
        }
        router.put("/api/metadata/taskdefs") { request, _ in
            try await engine.updateTaskDef(try await RequestReading.jsonBody(request))
            return ConductorResponse.empty()
        }
        router.get("/api/metadata/taskdefs/{tasktype}") { _, context in
            ConductorResponse.json(try await engine.taskDef(name: try RequestReading.path(context, "tasktype")))
        }
        router.delete("/api/metadata/taskdefs/{tasktype}") { _, context in
            try await engine.deleteTaskDef(name: try RequestReading.path(context, "tasktype"))
            return ConductorResponse.empty()
        }
    }
}

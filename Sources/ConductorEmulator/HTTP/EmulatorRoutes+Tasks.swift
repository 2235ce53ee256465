import ConductorMCPCore
import Hummingbird

extension EmulatorRoutes {
    /// `/api/tasks`: polling, updates, logs, queues and task search (Conductor's `TaskResource`).
    func registerTasks<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        router.get("/api/tasks/poll/batch/{tasktype}") { request, context in
            let tasks = try await engine.batchPoll(
                taskType: try RequestReading.path(context, "tasktype"),
                workerId: RequestReading.string(request, "workerid"), domain: RequestReading.string(request, "domain"),
                count: Int(try RequestReading.int(request, "count") ?? 1),
                timeout: try RequestReading.int(request, "timeout") ?? 100)
            return ConductorResponse.json(.array(tasks))
        }
        router.get("/api/tasks/poll/{tasktype}") { request, context in
            let tasks = await engine.poll(
                taskType: try RequestReading.path(context, "tasktype"),
                workerId: RequestReading.string(request, "workerid"), domain: RequestReading.string(request, "domain"),
                count: 1)
            // Conductor answers 204 when there is nothing to hand out.
            return tasks.first.map { ConductorResponse.json($0) } ?? ConductorResponse.empty(.noContent)
        }
        router.post("/api/tasks") { request, _ in
            let result = try await RequestReading.jsonBody(request)
            try await engine.updateTask(result: result)
            return ConductorResponse.text(result["taskId"]?.stringValue ?? "")
        }
        router.post("/api/tasks/update-v2") { request, _ in
            let result = try await RequestReading.jsonBody(request)
            let task = try await engine.updateTask(result: result)
            guard task.status.isTerminal else { return ConductorResponse.empty(.noContent) }
            let next = await engine.poll(
                taskType: task.taskType, workerId: result["workerId"]?.stringValue, domain: task.domain, count: 1)
            return next.first.map { ConductorResponse.json($0) } ?? ConductorResponse.empty(.noContent)
        }
        router.get("/api/tasks/queue/sizes") { request, _ in
            let types = RequestReading.all(request, "taskType").flatMap { $0.split(separator: ",") }
            var sizes: JSONObject = [:]
            for type in types {
                sizes[String(type)] = .int(await engine.queueSize(taskType: String(type), domain: nil))
            }
            return ConductorResponse.json(.object(sizes))
        }
        router.get("/api/tasks/queue/size") { request, _ in
            guard let type = RequestReading.string(request, "taskType") else {
                throw ConductorError.internalError(
                    "Required request parameter 'taskType' for method parameter type String is not present")
            }
            let size = await engine.queueSize(taskType: type, domain: RequestReading.string(request, "domain"))
            return ConductorResponse.json(.int(size))
        }
        router.get("/api/tasks/queue/all/verbose") { _, _ in ConductorResponse.json(await engine.allQueuesVerbose()) }
        router.get("/api/tasks/queue/all") { _, _ in
            ConductorResponse.json(
                .object(JSONObject(sortingKeysOf: await engine.allQueueSizes().mapValues { .int($0) })))
        }
        router.get("/api/tasks/queue/polldata/all") { _, _ in ConductorResponse.json(.array(await engine.allPollData()))
        }
        router.get("/api/tasks/queue/polldata") { request, _ in
            guard let type = RequestReading.string(request, "taskType") else {
                throw ConductorError.internalError(
                    "Required request parameter 'taskType' for method parameter type String is not present")
            }
            return ConductorResponse.json(.array(await engine.pollData(taskType: type)))
        }
        router.post("/api/tasks/queue/requeue/{taskType}") { _, context in
            let count = await engine.requeue(taskType: try RequestReading.path(context, "taskType"))
            return ConductorResponse.text(String(count))
        }
        for (path, shape) in [
            ("/api/tasks/search", ConductorEngine.SearchShape.summary), ("/api/tasks/search-v2", .full),
        ] {
            router.get(RouterPath(path)) { request, _ in
                ConductorResponse.json(
                    try await engine.searchTasks(
                        start: try RequestReading.int(request, "start") ?? 0,
                        size: Int(try RequestReading.int(request, "size") ?? 100),
                        sort: RequestReading.string(request, "sort"),
                        freeText: RequestReading.string(request, "freeText"),
                        query: RequestReading.string(request, "query"), shape: shape))
            }
        }
        registerExternalStorageLocation(on: router, prefix: "/api/tasks")
        router.get("/api/tasks/{id}/log") { _, context in
            let logs = await engine.logs(taskId: try RequestReading.path(context, "id"))
            return logs.isEmpty ? ConductorResponse.empty(.noContent) : ConductorResponse.json(.array(logs))
        }
        router.post("/api/tasks/{id}/log") { request, context in
            // Spring binds a String body with its string converter, whatever the content type: a
            // client that sends a JSON string gets the quotes stored too, as in Conductor.
            let text = String(decoding: try await RequestReading.rawBody(request), as: UTF8.self)
            await engine.appendLog(taskId: try RequestReading.path(context, "id"), text: text)
            return ConductorResponse.empty()
        }
        router.get("/api/tasks/{id}") { _, context in
            ConductorResponse.json(try await engine.task(id: try RequestReading.path(context, "id")))
        }
        router.post("/api/tasks/{id}/{taskRefName}/{status}/sync") { request, context in
            let workflowId = try RequestReading.path(context, "id")
            let output = try await RequestReading.jsonBody(request)
            _ = try await engine.updateTask(
                workflowId: workflowId, taskReferenceName: try RequestReading.path(context, "taskRefName"),
                status: try RequestReading.path(context, "status"),
                workerId: RequestReading.string(request, "workerid"), output: output)
            return ConductorResponse.json(try await engine.workflow(id: workflowId, includeTasks: true))
        }
        router.post("/api/tasks/{id}/{taskRefName}/{status}") { request, context in
            let output = try await RequestReading.jsonBody(request)
            let taskId = try await engine.updateTask(
                workflowId: try RequestReading.path(context, "id"),
                taskReferenceName: try RequestReading.path(context, "taskRefName"),
                status: try RequestReading.path(context, "status"),
                workerId: RequestReading.string(request, "workerid"), output: output)
            // Conductor answers an empty 200 when no task with that reference name is pending.
            return taskId.map { ConductorResponse.text($0) } ?? ConductorResponse.empty()
        }
    }
}

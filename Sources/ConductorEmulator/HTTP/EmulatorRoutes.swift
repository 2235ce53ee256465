import BundledSpecs
import ConductorMCPCore
import Foundation
import Hummingbird

/// The REST surface of the emulator: Conductor OSS paths mapped onto the engine.
///
/// Registration is split by Conductor's controllers: metadata, workflows, tasks, and the rest
/// (health, docs, token, admin, events, queues). Constant paths are registered before
/// parameterised siblings (`/search` before `/{workflowId}`) so the router prefers them.
struct EmulatorRoutes: Sendable {
    let engine: ConductorEngine
    let issuer: TokenIssuer?
    let faults: FaultPlan
    let clockOffset: ClockOffset

    /// Adds every route to `router`.
    func register(on router: Router<some RequestContext>) {
        registerSystem(on: router)
        registerMetadata(on: router)
        registerWorkflows(on: router)
        registerTasks(on: router)
    }

    /// Health, API docs, token, the emulator's fault switch, admin, events and event queues.
    func registerSystem<Context: RequestContext>(on router: Router<Context>) {
        let health: @Sendable (Request, Context) async throws -> Response = { _, _ in
            ConductorResponse.json(["healthResults": [], "suppressedHealthResults": [], "healthy": true])
        }
        router.get("/health", use: health)
        router.get("/api/health", use: health)
        router.get("/api-docs") { _, _ in
            ConductorResponse.bytes(Data(BundledSpecs.conductorOSS.utf8), contentType: "application/json")
        }
        if let issuer {
            router.post("/api/token") { request, _ in
                let body = try await RequestReading.optionalJSONBody(request) ?? [:]
                guard
                    let token = await issuer.issue(
                        keyId: body["keyId"]?.stringValue, keySecret: body["keySecret"]?.stringValue)
                else {
                    throw ConductorError(status: 401, message: "Invalid credentials", errorCode: "INVALID_CREDENTIALS")
                }
                return ConductorResponse.json(["token": .string(token)])
            }
        }
        router.get("/emulator/faults") { _, _ in
            ConductorResponse.json(.array(await faults.current().map { .string($0.description) }))
        }
        router.put("/emulator/faults") { request, _ in
            let body = try await RequestReading.jsonBody(request)
            var rules: [FaultRule] = []
            for entry in body.arrayValue ?? [] {
                guard let text = entry.stringValue, let rule = FaultRule(parsing: text) else {
                    throw ConductorError.badRequest(
                        "Unknown fault \(entry.jsonText); use latency=MS, html500, invalid-json, large-body=MB or drop, optionally @/path/prefix"
                    )
                }
                rules.append(rule)
            }
            await faults.replace(with: rules)
            return ConductorResponse.json(.array(rules.map { .string($0.description) }))
        }
        router.delete("/emulator/faults") { _, _ in
            await faults.replace(with: [])
            return ConductorResponse.empty()
        }
        registerClock(on: router)
        registerAdmin(on: router)
        registerEvents(on: router)
    }

    /// `GET /emulator/clock` answers the emulator's time and offset; `POST /emulator/clock/advance?seconds=N` moves
    /// it forward, then decides every running execution again (retry delays, timeouts) and waits for the system
    /// tasks that set off.
    private func registerClock<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        let clockOffset = clockOffset
        router.get("/emulator/clock") { _, _ in
            ConductorResponse.json([
                "nowMillis": .int(await engine.currentTime()), "offsetMillis": .int(clockOffset.millis),
            ])
        }
        router.post("/emulator/clock/advance") { request, _ in
            guard let seconds = try RequestReading.int(request, "seconds"), (0...31_536_000).contains(seconds) else {
                throw ConductorError.badRequest(
                    "Query parameter seconds is required: a whole number of seconds between 0 and 31536000")
            }
            clockOffset.advance(seconds: seconds)
            await engine.sweep()
            await engine.settle()
            return ConductorResponse.json([
                "nowMillis": .int(await engine.currentTime()), "offsetMillis": .int(clockOffset.millis),
            ])
        }
    }

    private func registerAdmin<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        router.get("/api/admin/config") { _, _ in
            ConductorResponse.json([
                "conductor.emulator": true, "conductor.db.type": "memory", "conductor.indexing.enabled": true,
            ])
        }
        router.get("/api/admin/queues") { _, _ in ConductorResponse.json([:]) }
        router.get("/api/admin/task/{tasktype}") { request, context in
            let type = try RequestReading.path(context, "tasktype")
            let start = try RequestReading.int(request, "start") ?? 0
            let count = try RequestReading.int(request, "count") ?? 100
            return ConductorResponse.json(.array(await engine.pendingTasks(taskType: type, start: start, count: count)))
        }
        router.post("/api/admin/sweep/requeue/{workflowId}") { _, context in
            let id = try RequestReading.path(context, "workflowId")
            try await engine.decide(id: id)
            return ConductorResponse.text("true")
        }
        router.post("/api/admin/consistency/verifyAndRepair/{workflowId}") { _, context in
            let id = try RequestReading.path(context, "workflowId")
            _ = try await engine.workflow(id: id, includeTasks: false)
            return ConductorResponse.text("true")
        }
    }

    private func registerEvents<Context: RequestContext>(on router: Router<Context>) {
        let engine = engine
        router.get("/api/event") { _, _ in ConductorResponse.json(.array(await engine.allEventHandlers())) }
        router.post("/api/event") { request, _ in
            try await engine.addEventHandler(try await RequestReading.jsonBody(request))
            return ConductorResponse.empty()
        }
        router.put("/api/event") { request, _ in
            try await engine.updateEventHandler(try await RequestReading.jsonBody(request))
            return ConductorResponse.empty()
        }
        router.get("/api/event/{name}") { request, context in
            let event = try RequestReading.path(context, "name")
            let activeOnly = RequestReading.bool(request, "activeOnly", default: true)
            return ConductorResponse.json(.array(await engine.eventHandlers(forEvent: event, activeOnly: activeOnly)))
        }
        router.delete("/api/event/{name}") { _, context in
            try await engine.removeEventHandler(name: try RequestReading.path(context, "name"))
            return ConductorResponse.empty()
        }
        // Event queues (QueueAdminResource): the emulator has none, so sizes and names are empty.
        router.get("/api/queue/size") { _, _ in ConductorResponse.json([:]) }
        router.get("/api/queue") { _, _ in ConductorResponse.json([:]) }
        router.post("/api/queue/update/{workflowId}/{taskRefName}/{status}") { request, context in
            let output = try await RequestReading.jsonBody(request)
            _ = try await engine.updateTask(
                workflowId: try RequestReading.path(context, "workflowId"),
                taskReferenceName: try RequestReading.path(context, "taskRefName"),
                status: try RequestReading.path(context, "status"), workerId: nil, output: output)
            return ConductorResponse.empty()
        }
        router.post("/api/queue/update/{workflowId}/task/{taskId}/{status}") { request, context in
            let output = try await RequestReading.jsonBody(request)
            try await engine.updateTask(
                workflowId: try RequestReading.path(context, "workflowId"),
                taskId: try RequestReading.path(context, "taskId"),
                status: try RequestReading.path(context, "status"), output: output)
            return ConductorResponse.empty()
        }
    }
}

extension EmulatorRoutes {
    /// `GET PREFIX/external-storage-location` and its older spelling `PREFIX/externalstoragelocation`, which both
    /// the task and the workflow resources serve.
    func registerExternalStorageLocation<Context: RequestContext>(on router: Router<Context>, prefix: String) {
        let engine = engine
        for path in ["\(prefix)/external-storage-location", "\(prefix)/externalstoragelocation"] {
            router.get(RouterPath(path)) { request, _ in
                ConductorResponse.json(
                    try await engine.externalStorageLocation(
                        path: RequestReading.string(request, "path"),
                        operation: RequestReading.string(request, "operation"),
                        payloadType: RequestReading.string(request, "payloadType")))
            }
        }
    }
}

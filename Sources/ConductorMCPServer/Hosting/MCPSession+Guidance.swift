import ConductorMCPCore

extension MCPSession {
    /// `prompts/*` and `resources/*`, answered from the document once the tools are built.
    func guidance(id: RequestID, method: String, params: JSONObject, emit: @escaping Emit) -> Task<Void, Never> {
        let toolbox = self.toolbox
        return track(
            id,
            {
                let tools = await toolbox.current.value
                let lastDiff = toolbox.lastDiff
                let caller = self.caller
                let role = tools.policy.map { $0.role(for: caller) }
                let refusal: (Endpoint) -> PolicyDecision? = { endpoint in
                    guard let policy = tools.policy, let role else { return nil }
                    let decision = policy.decide(endpoint, role: role)
                    return decision.allowed ? nil : decision
                }
                let hide = tools.visibility == .hide
                var resources = ResourceCatalog(index: tools.index, lastDiff: lastDiff)
                resources.refusal = refusal
                resources.hide = hide
                let prompts = PromptCatalog(
                    engine: tools.engine, lastDiff: lastDiff, shown: { !hide || refusal($0) == nil })
                switch method {
                case "prompts/list": return .success(prompts.listJSON)
                case "prompts/get":
                    guard let name = params["name"]?.stringValue else {
                        return .failure(.invalidParams("prompts/get needs params.name, a prompt name"))
                    }
                    return prompts.get(
                        name, arguments: params["arguments"]?.objectValue ?? JSONObject())
                case "resources/list":
                    return .success(resources.listJSON)
                default:
                    guard let uri = params["uri"]?.stringValue else {
                        return .failure(.invalidParams("resources/read needs params.uri"))
                    }
                    return resources.read(uri)
                }
            }, emit: emit)
    }
}

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
                switch method {
                case "prompts/list": return .success(PromptCatalog(engine: tools.engine, lastDiff: lastDiff).listJSON)
                case "prompts/get":
                    guard let name = params["name"]?.stringValue else {
                        return .failure(.invalidParams("prompts/get needs params.name, a prompt name"))
                    }
                    return PromptCatalog(engine: tools.engine, lastDiff: lastDiff).get(
                        name, arguments: params["arguments"]?.objectValue ?? JSONObject())
                case "resources/list":
                    return .success(ResourceCatalog(index: tools.index, lastDiff: lastDiff).listJSON)
                default:
                    guard let uri = params["uri"]?.stringValue else {
                        return .failure(.invalidParams("resources/read needs params.uri"))
                    }
                    return ResourceCatalog(index: tools.index, lastDiff: lastDiff).read(uri)
                }
            }, emit: emit)
    }
}

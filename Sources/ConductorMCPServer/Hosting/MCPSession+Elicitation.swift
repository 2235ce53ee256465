import ConductorMCPCore

extension MCPSession {
    /// How a call that needs confirmation asks the person: `elicitation/create` sent to the client when it declared
    /// elicitation and the transport can carry it, else unavailable (the call then needs `"confirm": true`). Nobody
    /// answering within `UserConfirmation.timeout` is a timeout, so the call (and its id) is never held forever.
    func confirmation(emit: @escaping Emit) -> UserConfirmation {
        guard options.allowsServerRequests, clientElicits else { return .unavailable }
        return UserConfirmation { [self] message in
            let reply = await self.request(
                "elicitation/create",
                params: [
                    "message": .string(message),
                    "requestedSchema": ["type": "object", "properties": .object(JSONObject())],
                ], emit: emit, timeout: UserConfirmation.timeout)
            guard let reply else { return .timedOut }
            guard let action = reply["action"]?.stringValue else { return .failed }
            return action == "accept" ? .accepted : .declined
        }
    }

    /// Sends a request to the client and waits for its `result` (nil past `timeout` or on an error reply).
    private func request(_ method: String, params: JSONValue, emit: @escaping Emit, timeout: Duration) async
        -> JSONObject?
    {
        nextServerRequest += 1
        let id = JSONValue.string("conductor-mcp-\(nextServerRequest)")
        let key = id.jsonText
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.resolve(key, with: nil)
        }
        defer { timer.cancel() }
        // A call cancelled while it waits (the client cancelled it, or the server is stopping) stops waiting, so it
        // ends, and is audited, with the others.
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                awaitingReplies[key] = continuation
                Task { await emit(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": params]) }
            }
        } onCancel: {
            Task { await self.resolve(key, with: nil) }
        }
    }

    private func resolve(_ key: String, with result: JSONObject?) {
        awaitingReplies.removeValue(forKey: key)?.resume(returning: result)
    }
}

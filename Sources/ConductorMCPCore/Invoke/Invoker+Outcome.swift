import Foundation

extension Invoker {
    /// The request as it would be sent, secrets masked; nothing is sent and no token is fetched.
    func dryRun(_ request: UpstreamRequest, plan: RequestBuilder.Plan, maxChars: Int) -> InvokeOutcome {
        var headers = request.headers
        if tokens != nil { headers.append(HeaderField("X-Authorization", "***")) }
        // Every configured header is masked, whatever its name: an operator's `--header` is a credential as often as
        // not (`X-Conductor-Key`, `Ocp-Apim-Subscription-Key`), and the model never needs its value.
        let configured = Set(configuration.staticHeaders.map { $0.name.lowercased() })
        headers = headers.map {
            HeaderRules.isSecret($0.name) || configured.contains($0.name.lowercased())
                ? HeaderField($0.name, "***") : $0
        }
        var lines = ["Dry run: nothing was sent.", "\(request.method) \(request.url)"]
        lines += headers.map { "\($0.name): \($0.value)" }
        var structured = JSONObject()
        structured["dryRun"] = true
        structured["method"] = .string(request.method)
        structured["url"] = .string(request.url)
        structured["headers"] = .object(JSONObject(headers.map { ($0.name, JSONValue.string($0.value)) }))
        if let body = request.body {
            var text = String(decoding: body, as: UTF8.self)
            lines.append("")
            if text.count > maxChars {
                text = String(text.prefix(maxChars))
                lines.append(text)
                lines.append("… (body shown cut at \(maxChars) of \(body.count) bytes; it would be sent whole)")
            } else {
                lines.append(text)
            }
            structured["body"] = body.count <= maxChars ? (plan.bodyValue ?? .string(text)) : .string(text)
            structured["bodyBytes"] = .int(body.count)
        }
        lines += Self.warningLines(plan.warnings)
        return InvokeOutcome(text: lines.joined(separator: "\n"), structured: .object(structured), isError: false)
    }

    /// The answer for one exchange: a status line, then the compressed body or what went wrong and what to do.
    func outcome(
        of exchange: Exchange, request original: UpstreamRequest, plan: RequestBuilder.Plan, elapsed: Duration,
        maxChars: Int, fields: [String]?, reserved: Int = 0
    ) -> InvokeOutcome {
        let milliseconds = Int((elapsed / .milliseconds(1)).rounded())
        switch exchange {
        case .authenticationFailed(let error):
            return failure(error)

        case .transportFailed(let request, let error):
            let advice = TransportAdvice.describe(
                error, baseURL: baseURL, timeout: configuration.timeout,
                maxResponseBytes: configuration.maxResponseBytes, names: configuration.names)
            let text = "Request failed · \(request.method) \(request.url) · \(milliseconds) ms\n\(advice)"
            let structured: JSONValue = [
                "error": "transport", "kind": .string(error.kind.rawValue), "message": .string(advice),
                "method": .string(request.method), "url": .string(request.url),
            ]
            return InvokeOutcome(text: text, structured: structured, isError: true)

        case .redirectRefused(let request, let response, let location):
            let text = [
                "\(Self.statusText(response)) · \(request.method) \(request.url) · \(milliseconds) ms",
                "The server redirected to \(location), which is not the configured server (\(baseURL)): not followed, "
                    + "since \(configuration.tools.invoke) sends requests and credentials only there. If Conductor moved, point "
                    + "\(configuration.names.serverURL) at the new address.",
            ].joined(separator: "\n")
            let structured: JSONValue = [
                "error": "redirect_refused", "status": .int(response.status), "location": .string(location),
            ]
            return InvokeOutcome(text: text, structured: structured, isError: true)

        case .answered(let request, let response, let notes):
            let contentType = response.header("Content-Type")
            var head = "\(Self.statusText(response)) · \(request.method) \(request.url) · \(milliseconds) ms"
            if let cut = response.truncatedAt {
                head += " · body cut at \(cut) bytes (\(configuration.names.maxResponseBytes))"
            }
            var lines = [head]
            lines += notes.map { "Note: \($0)." }
            var structured = JSONObject()
            structured["status"] = .int(response.status)
            structured["contentType"] = contentType.map(JSONValue.string) ?? .null
            if let cut = response.truncatedAt { structured["truncatedAtBytes"] = .int(cut) }

            if let encoding = response.header("Content-Encoding")?.trimmingCharacters(in: .whitespaces),
                !encoding.isEmpty, encoding.lowercased() != "identity"
            {
                // invoke asks for identity only; an encoded body is not decoded, and not shown as if it were text.
                lines.append(
                    "The server sent the \(response.body.count)-byte body with Content-Encoding: "
                        + "\(TextBounds.shortened(encoding, limit: 40)) although the request asked for none "
                        + "(Accept-Encoding: identity); it is not decoded or shown. A proxy in front of Conductor may "
                        + "compress regardless of the request: turn that off for this client.")
                structured["contentEncoding"] = .string(TextBounds.shortened(encoding, limit: 40))
                structured["bodyBytes"] = .int(response.body.count)
                return InvokeOutcome(
                    text: lines.joined(separator: "\n"), structured: .object(structured),
                    isError: !(200..<300).contains(response.status))
            }
            if (200..<300).contains(response.status) {
                lines += Self.warningLines(plan.warnings)
                // The budget covers the whole answer: the status line and notes take their share first.
                let used = lines.reduce(0) { $0 + $1.count + 1 }
                let compressed = BodyCompression.compress(
                    body: response.body, contentType: contentType, truncatedAt: response.truncatedAt,
                    maxChars: max(maxChars - used, ResponseCompressor.Options.minimumMaxChars), fields: fields,
                    names: configuration.tools, surrounding: used + reserved)
                lines.append(compressed.text)
                structured["body"] = Self.structuredBody(compressed, limit: 2 * maxChars)
                if !compressed.elided.isEmpty { structured["elided"] = .array(compressed.elided.map(JSONValue.string)) }
                var answered = InvokeOutcome(
                    text: lines.joined(separator: "\n"), structured: .object(structured), isError: false)
                answered.listShown = compressed.listShown
                return answered
            }

            let conductorError = ConductorErrorBody(response.body)
            if let conductorError {
                lines += conductorError.lines
                structured["error"] = conductorError.json
            }
            if let advice = Self.advice(
                forStatus: response.status, hasToken: tokens != nil,
                refreshed: notes.contains { $0.contains("new token") }, names: configuration.names,
                tools: configuration.tools)
            {
                lines.append(advice)
            }
            lines += Self.warningLines(plan.warnings)
            if conductorError == nil {
                // An error body is read like any other: within max_chars and by fields, so the advice in its footer
                // (raise max_chars, name the fields) does what it says.
                let used = lines.reduce(0) { $0 + $1.count + 1 }
                let compressed = BodyCompression.compress(
                    body: response.body, contentType: contentType, truncatedAt: response.truncatedAt,
                    maxChars: max(maxChars - used, ResponseCompressor.Options.minimumMaxChars), fields: fields,
                    names: configuration.tools, surrounding: used + reserved)
                lines.append(compressed.text)
                structured["body"] = Self.structuredBody(compressed, limit: 2 * maxChars)
            }
            return InvokeOutcome(text: lines.joined(separator: "\n"), structured: .object(structured), isError: true)
        }
    }

    /// The compressed JSON when it fits `limit` characters (it repeats member names, so it runs longer than the
    /// text), else the text: structured content must stay as bounded as the text.
    static func structuredBody(_ compressed: BodyCompression.Result, limit: Int) -> JSONValue {
        if let json = compressed.json, json.jsonText.count <= limit { return json }
        return .string(bounded(compressed.text, limit))
    }

    static func warningLines(_ warnings: [ValidationProblem]) -> [String] {
        guard !warnings.isEmpty else { return [] }
        return ["Warnings (the request was built anyway):"] + warnings.map { "- \($0.location): \($0.message)" }
    }

    /// `404 Not Found`, with the standard phrase when the server sent none.
    static func statusText(_ response: UpstreamResponse) -> String {
        let reason = response.reason.isEmpty ? standardReason(response.status) : response.reason
        return reason.isEmpty ? "\(response.status)" : "\(response.status) \(reason)"
    }

    /// What to try next for an HTTP error status.
    static func advice(
        forStatus status: Int, hasToken: Bool, refreshed: Bool, names: SettingNames, tools: ToolNames
    ) -> String? {
        switch status {
        case 400:
            return "Hint: the server rejected the arguments; compare them with \(tools.inspect)'s description of the "
                + "endpoint."
        case 401:
            if hasToken && refreshed {
                return "Hint: refused even with a freshly fetched token; the key may be revoked or lack access."
            }
            return hasToken
                ? "Hint: the token was refused; check the key id and secret."
                : "Hint: the server wants credentials: set \(names.credentials) or \(names.header)."
        case 403: return "Hint: authenticated but not allowed; the application's key lacks permission for this call."
        case 404:
            // Conductor also answers 404 for a state ("Workflow is still running" to a retry).
            return
                "Hint: when the server's message names a state (still running, not paused), the call does not fit "
                + "that state now: read the thing first; otherwise check the ids and names in params (they are "
                + "case-sensitive); the endpoint itself may also be missing on this server version."
        case 405:
            return
                "Hint: this server does not accept that method on this path; it may run another Conductor version than the spec describes."
        case 409:
            return
                "Hint: it conflicts with the current state (its message says which): if it exists already, change "
                + "it with its update endpoint (\(tools.search) with \"update\"); if it is in the wrong status (a "
                + "workflow still running, say), read its status and wait for it or change it first."
        case 415, 406: return "Hint: the server and the spec disagree about media types for this endpoint."
        case 429: return "Hint: rate limited; wait before retrying."
        case 500...599:
            return "Hint: a failure on the server's side, or a state it does not handle (its message says which); "
                + "retrying helps only if it is transient or marked retryable."
        default: return nil
        }
    }

    static func standardReason(_ status: Int) -> String {
        let reasons = [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
            303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            406: "Not Acceptable", 409: "Conflict", 412: "Precondition Failed", 413: "Content Too Large",
            415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        return reasons[status] ?? ""
    }

    static func bounded(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

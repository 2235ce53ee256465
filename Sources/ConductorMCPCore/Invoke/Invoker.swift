public import Foundation

/// Calls one endpoint of the configured Conductor server: validates the arguments against the spec, builds the exact
/// request, authenticates, sends it, and turns whatever comes back into an answer the agent can act on.
///
/// `invoke` never throws: bad arguments, unreachable servers and HTTP errors all come back as `isError` outcomes
/// that say what to fix. Requests go only to the configured server.
public final class Invoker: Sendable {
    /// The media types asked for: JSON first, but text too, since Conductor answers some calls (a started workflow's
    /// id) as text/plain and Spring refuses those with 406 when only JSON is acceptable.
    static let accept = "application/json, text/plain;q=0.9, */*;q=0.8"
    /// Most same-origin redirects followed before giving up.
    static let maxRedirects = 5
    /// The answer's default character budget.
    public static let defaultMaxChars = 6000

    let index: EndpointIndex
    let configuration: InvokeConfiguration
    let transport: any HTTPTransport
    let baseURL: String
    /// The configured server's scheme, host and port: every request is checked against it just before it is sent.
    let origin: ServerOrigin?
    let tokens: TokenCache?
    /// The access policy, input limits and rate limits every call passes first; nil admits every call.
    public let gate: InvokeGate?
    /// The full answers behind compressed ones, for `handle` re-reads.
    public let responses = ResponseStore()
    private let builder: RequestBuilder
    private let configurationProblems: [String]

    /// An invoker over `index` that sends through `transport`; `now` is the wall clock used for token expiry.
    public init(
        index: EndpointIndex, configuration: InvokeConfiguration, transport: any HTTPTransport,
        gate: InvokeGate? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.index = index
        self.gate = gate
        self.configuration = configuration
        self.transport = transport
        self.builder = RequestBuilder(index: index)
        self.configurationProblems = configuration.problems
        let baseURL = configuration.baseURL(
            pathsStartWithAPI: index.endpoints.contains { $0.path == "/api" || $0.path.hasPrefix("/api/") })
        self.baseURL = baseURL
        let origin = try? ServerOrigin(validating: baseURL)
        self.origin = origin
        if let key = configuration.authKey, let secret = configuration.authSecret {
            let lifetime = configuration.defaultTokenLifetime
            tokens = TokenCache(now: now) { () async throws(InvokeError) -> (token: String, expiresAt: Date) in
                let token = try await Invoker.fetchToken(
                    key: key, secret: secret, baseURL: baseURL, origin: origin, configuration: configuration,
                    transport: transport)
                return (token, TokenCache.expiry(of: token, now: now(), fallback: lifetime))
            }
        } else {
            tokens = nil
        }
    }

    /// Calls the endpoint the arguments name, or explains why it did not.
    ///
    /// An upstream that echoes what it was sent (a token endpoint repeating the key pair, an error page listing the
    /// request's headers) would hand the configured credentials to the agent: the key secret, every static header
    /// value and the token held are masked in the answer, whatever part of it they turn up in.
    public func invoke(_ arguments: InvokeArguments) async -> InvokeOutcome {
        let outcome = await answer(arguments)
        return outcome.masking(await secrets()).printable()
    }

    /// The configured credentials as they may turn up in text: static header values (and their long words), the
    /// key secret and the token held. A credential of a few characters (a header `X-Debug: 1`) is left out: it would
    /// mask every standalone "1".
    public func secrets() async -> [String] {
        var secrets = Self.credentials(in: configuration.staticHeaders) + [configuration.authSecret].compactMap { $0 }
        // The pair as HTTP Basic would carry it ("key:secret", which the mask also looks for in base64).
        if let key = configuration.authKey, let secret = configuration.authSecret { secrets.append("\(key):\(secret)") }
        if let token = await tokens?.held { secrets.append(token) }
        return secrets.filter { $0.count >= SecretMask.shortValueLength }
    }

    private func answer(_ arguments: InvokeArguments) async -> InvokeOutcome {
        if !configurationProblems.isEmpty {
            return failure(.configuration(configurationProblems.joined(separator: "; ")))
        }
        guard let endpoint = index.endpoint(named: arguments.endpoint) else {
            let nearest = index.nearest(to: arguments.endpoint).map(Inspector.label)
            return failure(.unknownEndpoint(arguments.endpoint, nearest: nearest))
        }
        // The policy decides here, before validation, on the endpoint called; and again below on the path its values
        // built, before a token is fetched or any byte is sent.
        if let gate, let refusal = gate.admit(endpoint, arguments, names: configuration.tools) { return refusal }
        var problems: [ValidationProblem] = []
        if let maxChars = arguments.maxChars, maxChars < 1 {
            problems.append(
                ValidationProblem(
                    configuration.tools.maxChars,
                    "must be a positive number of characters (default \(Self.defaultMaxChars))"))
        }
        if let fields = arguments.fields, let problem = BodyCompression.fieldsProblem(fields) {
            problems.append(ValidationProblem("fields", problem))
        }
        let plan: RequestBuilder.Plan
        switch builder.build(endpoint, params: arguments.params, body: arguments.body) {
        case .problems(let found, let warnings, let partial):
            return failure(
                .invalidArguments(endpoint: endpoint.key, problems: problems + found + warnings, partial: partial))
        case .plan(let built):
            guard problems.isEmpty else {
                return failure(.invalidArguments(endpoint: endpoint.key, problems: problems))
            }
            plan = built
        }
        // The server routes the path the values built, not the template the policy judged.
        let builtPath = String(plan.pathAndQuery.prefix { $0 != "?" })
        let route = RouteCheck.route(endpoint: endpoint, path: builtPath, index: index)
        if let problem = route.problem {
            var refused = failure(
                .invalidArguments(
                    endpoint: endpoint.key, problems: [ValidationProblem(configuration.tools.params, problem)]))
            // The audit line shows the path that was refused.
            refused.trace = InvokeTrace(method: endpoint.method, pathAndQuery: builtPath, sent: false)
            return refused
        }
        if let gate, let refusal = gate.clear(endpoint, arguments, routedPath: route.path, names: configuration.tools) {
            return refusal
        }

        var request = UpstreamRequest(
            method: plan.method, url: baseURL + plan.pathAndQuery, headers: [], body: plan.body)
        request.headers = headers(for: plan)
        let maxChars = min(arguments.maxChars ?? Self.defaultMaxChars, ResponseCompressor.Options.maximumMaxChars)

        if arguments.dryRun {
            var shown = dryRun(request, plan: plan, maxChars: maxChars)
            shown.trace = InvokeTrace(method: plan.method, pathAndQuery: plan.pathAndQuery, sent: false)
            return shown
        }

        let started = ContinuousClock.now
        let exchange = Self.masked(await send(request), secrets: await secrets())
        let elapsed = ContinuousClock.now - started
        // A kept answer names its handle in one more line: room for it is taken from the budget first.
        let keepable = configuration.tools.handle != nil && !ResponseStore.holdsSecrets(endpoint, index: index)
        let room = keepable ? handleLineRoom(maxChars, fields: arguments.fields) : 0
        var answer = outcome(
            of: exchange, request: request, plan: plan, elapsed: elapsed,
            maxChars: keepable ? max(maxChars - room, 200) : maxChars, fields: arguments.fields,
            // The budget advice is for 1,000 characters or more, where the handle line takes its full form.
            reserved: keepable ? handleLineRoom(.max, fields: arguments.fields) : 0)
        answer.trace = exchange.trace(original: request)
        if keepable, !answer.isError, answer.structured["elided"] != nil, case .answered(_, let response, _) = exchange,
            let handle = await responses.keep(
                endpoint: endpoint.key, body: response.body, contentType: response.header("Content-Type"),
                truncatedAt: response.truncatedAt, owner: arguments.caller)
        {
            let (text, next) = withHandleLine(
                answer.text, handle: handle, next: answer.listShown, fields: arguments.fields, maxChars: maxChars)
            answer.text = text
            if case .object(var structured) = answer.structured {
                structured["handle"] = .string(handle)
                if let next { structured["nextOffset"] = .int(next) }
                answer.structured = .object(structured)
            }
        }
        if case .answered(_, let response, _) = exchange, response.body.count >= HeapTrim.threshold {
            HeapTrim.afterLargeBody()
        }
        return answer
    }

    /// Characters set aside for the handle line: its full form from a budget of 1,000, else its short form, with
    /// room for a handle of up to 8 digits, an offset of up to 10, and the `fields` the next page repeats.
    func handleLineRoom(_ maxChars: Int, fields: [String]?) -> Int {
        (maxChars >= 1000 ? 170 : 64) + (Self.fieldsText(fields).map { TextBounds.length($0) + 2 } ?? 0)
    }

    /// `fields` as the next page's call repeats them, when they are short enough to repeat (else the line says to
    /// pass the same fields).
    private static func fieldsText(_ fields: [String]?) -> String? {
        guard let fields, !fields.isEmpty else { return nil }
        let text = JSONValue.array(fields.map(JSONValue.string)).jsonText
        return TextBounds.length(text) <= 200 ? text : nil
    }

    /// How to read more of a kept answer. `next` is where the next page of its list starts, when the text showed
    /// only the first part of that list; the call repeats `fields`, since the list paged is the main list of what
    /// they keep. The short form is for small budgets.
    func handleLine(_ handle: String, next: Int?, fields: [String]?, short: Bool) -> String {
        let names = configuration.tools
        var call = "{\"\(names.handle ?? "handle")\": \"\(TextBounds.shortened(handle, limit: 20))\""
        var same = ""
        if next != nil, let fields, !fields.isEmpty {
            if let text = Self.fieldsText(fields) {
                call += ", \"\(names.fields)\": \(text)"
            } else {
                same = " with the same \(names.fields)"
            }
        }
        let offset = "\"\(names.offset)\": \(next.map(String.init) ?? "N")}"
        if short { return "handle: \(handle) — \(names.invoke) \(call), \(offset)\(same)" }
        if next != nil {
            return "handle: \(handle) — \(names.invoke) \(call), \(offset)\(same) shows the next elements of the "
                + "list without calling the server again"
        }
        return "handle: \(handle) — \(names.invoke) \(call), \"\(names.fields)\": [...], \(offset) reads more of this "
            + "answer without calling the server again"
    }

    /// `text` with the handle line after it, within `maxChars`: the line is never what is cut. Its full form is
    /// tried from a budget of 1,000, then its short form; when even that does not fit, the text loses its last
    /// lines instead, and then claims no next offset (the rows it counted may be among those cut).
    func withHandleLine(_ text: String, handle: String, next: Int?, fields: [String]?, maxChars: Int)
        -> (String, Int?)
    {
        let forms = maxChars >= 1000 ? [false, true] : [true]
        for short in forms {
            let line = handleLine(handle, next: next, fields: fields, short: short)
            if TextBounds.length(text) + 1 + TextBounds.length(line) <= maxChars { return (text + "\n" + line, next) }
        }
        let plain = handleLine(handle, next: nil, fields: nil, short: true)
        let marker = "… (cut to keep the handle line)"
        var room = maxChars - TextBounds.length(plain) - TextBounds.length(marker) - 2
        var kept: [Substring] = []
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = TextBounds.length(String(part)) + 1
            guard length <= room else { break }
            kept.append(part)
            room -= length
        }
        return ((kept + [Substring(marker), Substring(plain)]).joined(separator: "\n"), nil)
    }

    /// Re-reads a kept answer: projected onto `fields`, its list paged from `offset`, within `maxChars`; no request
    /// is sent. An expired or unknown handle is an `isError` outcome that says how to get the data again.
    public func reread(handle: String, fields: [String]?, offset: Int?, maxChars: Int?, caller: CallerIdentity) async
        -> InvokeOutcome
    {
        guard let entry = await responses.entry(handle, caller: caller) else {
            let issued = await responses.wasIssued(handle)
            let text =
                issued
                ? "Handle \(TextBounds.shortened(handle, limit: 20)) has expired: only the last "
                    + "\(responses.maxEntries) answers (\(responses.maxBytes >> 20) MiB) are kept. Call "
                    + "\(configuration.tools.invoke) again with the endpoint and \(configuration.tools.params) to fetch "
                    + "the data anew."
                : "Unknown handle \(TextBounds.shortened(handle, limit: 20)): handles are named in the footer of a "
                    + "compressed \(configuration.tools.invoke) answer (handle: r7) and belong to the caller that made "
                    + "the call."
            return InvokeOutcome(
                text: text, structured: ["error": "expired_handle", "message": .string(text)], isError: true)
        }
        if let fields, let problem = BodyCompression.fieldsProblem(fields) {
            return failure(.invalidArguments(endpoint: entry.endpoint, problems: [.init("fields", problem)]))
        }
        var head = "Re-read of \(handle) (\(entry.endpoint)) · no request sent"
        let offset = offset ?? 0
        // The head, the page note and the handle line are part of the answer: the body gets what they leave.
        let maxChars = min(maxChars ?? Self.defaultMaxChars, ResponseCompressor.Options.maximumMaxChars)
        let around = TextBounds.length(head) + 1 + (offset > 0 ? Self.pageNoteRoom : 0)
        let budget = max(
            maxChars - around - handleLineRoom(maxChars, fields: fields), ResponseCompressor.Options.minimumMaxChars)
        let compressed = BodyCompression.compress(
            body: entry.body, contentType: entry.contentType, truncatedAt: entry.truncatedAt, maxChars: budget,
            fields: fields, names: configuration.tools, offset: offset,
            // The budget advice is for 1,000 characters or more, where the handle line takes its full form.
            surrounding: around + handleLineRoom(.max, fields: fields))
        if offset > 0 {
            // Only a JSON answer gets a note on its page.
            guard let note = compressed.pageNote else {
                return failure(
                    .invalidArguments(
                        endpoint: entry.endpoint,
                        problems: [.init("offset", "the answer is not JSON, so it has no list")]))
            }
            head += " · \(TextBounds.shortened(note, limit: Self.pageNoteRoom - 3))"
        }
        let (text, next) = withHandleLine(
            head + "\n" + compressed.text, handle: handle, next: compressed.listShown.map { offset + $0 },
            fields: fields, maxChars: maxChars)
        var structured = JSONObject()
        structured["handle"] = .string(handle)
        structured["body"] = Self.structuredBody(compressed, limit: 2 * budget)
        if !compressed.elided.isEmpty { structured["elided"] = .array(compressed.elided.map(JSONValue.string)) }
        if let next { structured["nextOffset"] = .int(next) }
        return InvokeOutcome(text: text, structured: .object(structured), isError: false).printable()
    }

    /// Characters set aside for the page note of a re-read ("tasks from element 20 of 300").
    static let pageNoteRoom = 100

    /// Closes the transport's connections.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    // MARK: - Sending

    /// `exchange` with the configured credentials masked in its answer's body, before anything is cut or kept: a long
    /// string cut to 200 characters had shown the first 191 of a 1,118-character echoed token, which no mask of the
    /// whole token matches.
    static func masked(_ exchange: Exchange, secrets: [String]) -> Exchange {
        guard !secrets.isEmpty, case .answered(let request, var response, let notes) = exchange,
            !response.body.isEmpty
        else { return exchange }
        // On the bytes: the bytes around a credential stay as they were (a body in another charset is decoded
        // later, by its Content-Type).
        if let masked = SecretMask(secrets).masking(bytes: response.body) { response.body = masked }
        return .answered(request, response, notes: notes)
    }

    /// What one call produced: the final request sent and its answer, or why there was none.
    enum Exchange {
        case answered(UpstreamRequest, UpstreamResponse, notes: [String])
        case transportFailed(UpstreamRequest, TransportError)
        case authenticationFailed(InvokeError)
        case redirectRefused(UpstreamRequest, UpstreamResponse, location: String)
    }

    /// Sends with a token, fetching a new one once if the server answers 401, and follows same-origin redirects.
    private func send(_ original: UpstreamRequest) async -> Exchange {
        var request = original
        var notes: [String] = []
        var refreshed = false
        var redirects = 0
        while true {
            var usedToken: String?
            if let tokens {
                do throws(InvokeError) {
                    usedToken = try await tokens.token()
                } catch {
                    return .authenticationFailed(error)
                }
                request.setHeader("X-Authorization", usedToken!)
            }
            let response: UpstreamResponse
            do throws(TransportError) {
                response = try await Self.dispatch(
                    request, origin: origin, transport: transport, timeout: configuration.timeout,
                    maxResponseBytes: configuration.maxResponseBytes)
            } catch {
                return .transportFailed(request, error)
            }
            if response.status == 401, let tokens, let usedToken, !refreshed {
                refreshed = true
                await tokens.invalidate(usedToken)
                notes.append("the server refused the cached token (401); a new token was fetched and the call repeated")
                continue
            }
            if [301, 302, 303, 307, 308].contains(response.status), let location = response.header("Location") {
                guard let target = sameOriginTarget(location, from: request.url) else {
                    return .redirectRefused(request, response, location: location)
                }
                redirects += 1
                if redirects > Self.maxRedirects {
                    return .answered(
                        request, response, notes: notes + ["more than \(Self.maxRedirects) redirects; stopped"])
                }
                let keepsMethod =
                    response.status == 307 || response.status == 308
                    || ((response.status == 301 || response.status == 302) && request.method != "POST")
                notes.append("followed a \(response.status) redirect to \(target)")
                request.url = target
                if !keepsMethod {
                    if request.method != "HEAD" { request.method = "GET" }
                    request.body = nil
                    request.headers.removeAll { $0.name.lowercased() == "content-type" }
                }
                continue
            }
            return .answered(request, response, notes: notes)
        }
    }

    /// The absolute URL of a redirect when it is a valid URL on the configured server (same scheme, host and port);
    /// nil when it leaves it or cannot be requested.
    private func sameOriginTarget(_ location: String, from current: String) -> String? {
        guard location.utf8.count <= ServerOrigin.maxURLLength, let base = URL(string: current),
            let target = URL(string: location, relativeTo: base)?.absoluteURL.absoluteString,
            let origin, origin.admits(target)
        else { return nil }
        return target
    }

    /// The one place a request leaves the process: its final URL must be valid and on the configured server, checked
    /// here on the built URL (not only on the inputs), so no spec path, redirect or token fetch can send a request, or
    /// its credentials, anywhere else.
    static func dispatch(
        _ request: UpstreamRequest, origin: ServerOrigin?, transport: any HTTPTransport, timeout: Duration,
        maxResponseBytes: Int
    ) async throws(TransportError) -> UpstreamResponse {
        guard let origin, origin.admits(request.url) else {
            let reason: String
            do {
                let target = try ServerOrigin(validating: request.url)
                reason = "it would go to \(target), not the configured server \(origin?.description ?? "(invalid)")"
            } catch {
                reason = "the URL \(error.reason)"
            }
            throw TransportError(.invalidURL, "not sent: \(reason)")
        }
        return try await transport.send(request, timeout: timeout, maxResponseBytes: maxResponseBytes)
    }

    /// The headers sent: Accept, the static headers, the parameters' headers and the body's type; the token is added
    /// when sending.
    private func headers(for plan: RequestBuilder.Plan) -> [HeaderField] {
        var request = UpstreamRequest(method: plan.method, url: "")
        request.setHeader("Accept", Self.accept)
        // Bodies are read as sent: a compressed one would need decoding (and a decompression-bomb bound); asking for
        // none keeps every byte limit a limit on what is shown.
        request.setHeader("Accept-Encoding", "identity")
        // The operator's headers win: a header parameter of the same name (an agent's `Authorization`) never
        // replaces a configured one. Cookies are merged, the operator's first, so a cookie parameter does not drop
        // the session cookie `--header Cookie` carries.
        let configured = Set(configuration.staticHeaders.map { $0.name.lowercased() })
        for header in configuration.staticHeaders { request.setHeader(header.name, header.value) }
        for header in plan.headers {
            let name = header.name.lowercased()
            if name == "cookie", let configuredCookie = request.header("Cookie"), configured.contains("cookie") {
                request.setHeader("Cookie", configuredCookie + "; " + header.value)
            } else if !configured.contains(name) {
                request.setHeader(header.name, header.value)
            }
        }
        return request.headers
    }

    /// Longest token accepted from `/api/token`.
    static let maxTokenBytes = 16 * 1024

    /// What of the static headers' values is secret: each whole value, and each word of it of 8 or more
    /// characters, so the token of `Authorization: Bearer <token>` is masked when an upstream echoes it alone
    /// (`invalid token: <token>`).
    static func credentials(in headers: [(name: String, value: String)]) -> [String] {
        // Only a credential header's value: masking an ordinary one ("X-Team: time", "Accept: application/json")
        // would garble every answer that holds its words.
        headers.filter { HeaderRules.isSecret($0.name) || HeaderRules.readsAsCredential($0.value) }.flatMap { header in
            [header.value]
                + header.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                .filter { $0.count >= 8 }.map(String.init)
        }
    }

    /// Posts the key id and secret to `/api/token` and returns the token, or says why there is none.
    static func fetchToken(
        key: String, secret: String, baseURL: String, origin: ServerOrigin?, configuration: InvokeConfiguration,
        transport: any HTTPTransport
    ) async throws(InvokeError) -> String {
        let url = baseURL + "/api/token"
        var request = UpstreamRequest(method: "POST", url: url)
        request.setHeader("Accept", "application/json")
        for header in configuration.staticHeaders { request.setHeader(header.name, header.value) }
        request.setHeader("Content-Type", "application/json")
        let credentials: JSONValue = ["keyId": .string(key), "keySecret": .string(secret)]
        request.body = Array(credentials.jsonText.utf8)
        let response: UpstreamResponse
        do throws(TransportError) {
            response = try await dispatch(
                request, origin: origin, transport: transport, timeout: configuration.timeout, maxResponseBytes: 1 << 20
            )
        } catch {
            throw .authentication(
                "could not reach POST \(url) to get a token: \(TransportAdvice.describe(error, baseURL: baseURL, maxResponseBytes: configuration.maxResponseBytes, names: configuration.names))"
            )
        }
        if (300..<400).contains(response.status) {
            // The key pair is never sent on to where a redirect points; the advice is about the address.
            let target = response.header("Location").map {
                " to \(SpecText.quoted(ServerOrigin.displayed($0), limit: 200))"
            }
            throw .authentication(
                "POST \(url) answered \(response.status), a redirect\(target ?? ""), which is not followed with the key "
                    + "pair. Point \(configuration.names.serverURL) at the address the server really answers on.")
        }
        guard (200..<300).contains(response.status) else {
            let said = ConductorErrorBody(response.body).map { ": \($0.summary)" } ?? ""
            throw .authentication(
                "POST \(url) answered \(response.status)\(said). Check the key id and secret "
                    + "(\(configuration.names.credentials)).")
        }
        guard response.truncatedAt == nil else {
            throw .authentication("POST \(url) answered more than 1 MiB; a token answer is a small JSON object")
        }
        let parsed = try? JSONParser.parse(response.body)
        guard let token = parsed?["token"]?.stringValue, !token.isEmpty else {
            throw .authentication("POST \(url) answered \(response.status) without a \"token\" member in its JSON body")
        }
        // Sent as a header value on every call: one that cannot be (CR, LF, a control character) is refused here,
        // never echoed by the HTTP client's error, which would print it.
        guard HeaderRules.valueProblem(token) == nil, token.utf8.count <= Self.maxTokenBytes else {
            throw .authentication(
                "POST \(url) answered a token that cannot be sent as a header value (a control character, or more "
                    + "than \(Self.maxTokenBytes) bytes)")
        }
        return token
    }

    func failure(_ error: InvokeError) -> InvokeOutcome {
        var structured = JSONObject()
        structured["error"] = .string(error.kind)
        let message = error.message(configuration.tools)
        structured["message"] = .string(message)
        switch error {
        case .invalidArguments(let endpoint, let problems, let partial):
            structured["endpoint"] = .string(endpoint)
            if partial { structured["partlyChecked"] = true }
            structured["problems"] = .array(
                problems.prefix(InvokeError.maxListedProblems).map {
                    ["location": .string($0.location), "message": .string($0.message)]
                })
            if problems.count > InvokeError.maxListedProblems { structured["problemCount"] = .int(problems.count) }
        case .unknownEndpoint(_, let nearest):
            structured["nearest"] = .array(nearest.map(JSONValue.string))
        default:
            break
        }
        return InvokeOutcome(text: message, structured: .object(structured), isError: true)
    }
}

import ConductorMCPCore
import Foundation

/// Runs the system tasks that leave the engine: HTTP calls and `jq` transforms.
///
/// HTTP follows Conductor's `HttpTask` (http-task/src/main/java/com/netflix/conductor/tasks/http/HttpTask.java):
/// the request is `http_request` (or the whole input) with `uri`, `method` (required), `headers`, `body`, `accept`,
/// `contentType`, `connectionTimeOut` and `readTimeOut`; a 2xx answer COMPLETES the task with output
/// `response: {statusCode, reasonPhrase, headers, body}` (the body parsed as JSON when it is JSON); any other answer
/// or a transport error FAILS it, so `retryCount` / `retryLogic` apply. Only the hosts in `allowedHosts` are
/// called (loopback by default).
public struct AsyncTaskRunner: Sendable {
    /// Largest response body an HTTP task reads, in bytes.
    public static let maxResponseBytes = 1 << 20
    /// Longest wait an HTTP task may ask for (`connectionTimeOut` + `readTimeOut`), in milliseconds.
    public static let maxTimeoutMillis: Int = 60_000
    /// `connectionTimeOut` and `readTimeOut` when the task names none, in milliseconds (HttpTask.Input's defaults).
    public static let defaultPhaseTimeoutMillis: Int = 3000
    /// Hosts HTTP tasks may call unless told otherwise.
    public static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1"]

    /// The client that sends HTTP task requests.
    public let client: any HTTPTaskClient
    /// Lower-case host names HTTP tasks may call; nil allows every host.
    public let allowedHosts: Set<String>?
    /// Path of the `jq` executable for JSON_JQ_TRANSFORM, nil when none was found.
    public let jqPath: String?

    /// Creates a runner.
    public init(
        client: any HTTPTaskClient = AsyncHTTPTaskClient(), allowedHosts: Set<String>? = loopbackHosts,
        jqPath: String? = JQTransform.locate()
    ) {
        self.client = client
        self.allowedHosts = allowedHosts.map { Set($0.map { $0.lowercased() }) }
        self.jqPath = jqPath
    }

    /// Runs the task of `type` with `input`.
    func run(type: String, input: JSONValue) async -> AsyncTaskOutcome {
        switch type {
        case "HTTP": return await runHTTP(input: input)
        case "JSON_JQ_TRANSFORM": return await JQTransform(path: jqPath).run(input: input)
        default:
            return AsyncTaskOutcome(
                status: .failedWithTerminalError, output: [:], reason: "conductor-emulator cannot run \(type) tasks")
        }
    }

    private func runHTTP(input: JSONValue) async -> AsyncTaskOutcome {
        let spec = input["http_request"]?.objectValue.map(JSONValue.object) ?? input
        guard let uri = spec["uri"]?.stringValue, !uri.isEmpty else {
            return failed("Missing HTTP URI.  See documentation for HttpTask for required input parameters")
        }
        guard let method = spec["method"]?.stringValue?.uppercased(), !method.isEmpty else {
            return failed("No HTTP method specified")
        }
        guard let url = URL(string: uri), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host?.lowercased()
        else {
            return failed("Failed to invoke HTTP task due to: the uri \(uri) is not an absolute http(s) URL")
        }
        let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let allowedHosts, !allowedHosts.contains(bareHost) {
            return failed(
                "conductor-emulator calls only the hosts \(allowedHosts.sorted().joined(separator: ", ")) from HTTP "
                    + "tasks, not \(bareHost); start it with --http-task-host \(bareHost) to allow it")
        }
        // Header values may be lists (the Python SDK's HttpInput sends `{name: [values]}`): joined with ", ".
        func headerText(_ value: JSONValue) -> String {
            if let list = value.arrayValue {
                return list.map { $0.stringValue ?? $0.jsonText }.joined(separator: ", ")
            }
            return value.stringValue ?? value.jsonText
        }
        var headers: [(String, String)] = [
            ("Content-Type", spec["contentType"].map(headerText) ?? "application/json"),
            ("Accept", spec["accept"].map(headerText) ?? "application/json"),
        ]
        for (name, value) in (spec["headers"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) where !value.isNull {
            headers.removeAll { $0.0.lowercased() == name.lowercased() }
            headers.append((name, headerText(value)))
        }
        var body: Data?
        if let payload = spec["body"], !payload.isNull {
            body = payload.stringValue.map { Data($0.utf8) } ?? Data(payload.jsonText.utf8)
        }
        let connect = spec["connectionTimeOut"]?.coercedInt ?? Self.defaultPhaseTimeoutMillis
        let read = spec["readTimeOut"]?.coercedInt ?? Self.defaultPhaseTimeoutMillis
        let timeout = min(max(1, connect) + max(1, read), Self.maxTimeoutMillis)
        let request = HTTPTaskRequest(uri: uri, method: method, headers: headers, body: body, timeoutMillis: timeout)
        do {
            let response = try await client.send(request)
            let parsed: JSONValue =
                response.body.isEmpty
                ? .null
                : (try? JSONParser.parse(response.body)) ?? .string(String(decoding: response.body, as: UTF8.self))
            let output: JSONValue = [
                "response": [
                    "statusCode": .int(response.statusCode), "reasonPhrase": .string(response.reasonPhrase),
                    "headers": .object(
                        JSONObject(sortingKeysOf: response.headers.mapValues { .array($0.map(JSONValue.string)) })),
                    "body": parsed,
                ]
            ]
            if (200..<300).contains(response.statusCode) {
                return AsyncTaskOutcome(status: .completed, output: output, reason: nil)
            }
            let shown = parsed.stringValue ?? (parsed.isNull ? "" : parsed.jsonText)
            return AsyncTaskOutcome(
                status: .failed, output: output,
                reason: "Failed to invoke HTTP task due to: \(response.statusCode) \(response.reasonPhrase)"
                    + (shown.isEmpty ? "" : ": \(shown.prefix(500))"))
        } catch {
            return failed("Failed to invoke HTTP task due to: \(method) \(uri): \(error)")
        }
    }

    private func failed(_ reason: String) -> AsyncTaskOutcome {
        AsyncTaskOutcome(status: .failed, output: ["response": .string(reason)], reason: reason)
    }
}

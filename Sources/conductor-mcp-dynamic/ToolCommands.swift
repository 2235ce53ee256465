import ArgumentParser
import ConductorMCPCore
import ConductorMCPServer
import Foundation

/// Runs one tool as the server would, then prints its answer (see `emit`).
func runTool(
    _ name: String, _ arguments: JSONObject, _ common: CommonOptions, json: Bool
) async throws {
    let runtime = try Runtime(common, forPeople: true)
    // The document first: the HTTP client must be shut down on every way out, and a load error is one.
    let document = try await SpecOptions.loadDocument(runtime.settings)
    let transport = AsyncHTTPTransport(maxResponseBytes: runtime.settings.maxResponseBytes)
    let toolbox = runtime.toolbox(document, transport)
    let result = await toolbox.call(name, arguments: arguments)
    try? await transport.shutdown()
    try emit(result, json: json)
}

/// Prints a tool's text: to stdout when it succeeds, to stderr with exit code 1 when it fails.
func emit(_ result: ToolResult, json: Bool) throws {
    let text = json ? (result.structured ?? .string(result.text)).prettyJSONText : result.text
    if result.isError {
        FileHandle.standardError.write(Data((text + "\n").utf8))
        throw ExitCode(1)
    }
    print(text)
}

/// `search`, for people.
struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find endpoints by what you want to do, as the search tool does.",
        discussion: "Example: conductor-mcp-dynamic search \"pause workflow\"")

    @OptionGroup var common: CommonOptions
    @Argument(help: "What you want to do. Empty: an overview of every tag.") var query: String = ""
    @Option(help: "Only endpoints with this tag.") var tag: String?
    @Option(help: "Only endpoints with this HTTP method.") var method: HTTPMethodOption?
    @Option(help: "How many results (1-50).") var limit: Int = 8
    @Flag(help: "Print the structured result as JSON.") var json = false

    func validate() throws {
        guard (1...50).contains(limit) else { throw ValidationError("--limit must be between 1 and 50, got \(limit)") }
    }

    func run() async throws {
        var arguments: JSONObject = JSONObject([("query", .string(query)), ("limit", .int(limit))])
        if let tag { arguments["tag"] = .string(tag) }
        if let method { arguments["method"] = .string(method.name) }
        try await runTool("search", arguments, common, json: json)
    }
}

/// A `--method` value: one of the HTTP methods an OpenAPI document can declare, in any case.
struct HTTPMethodOption: ExpressibleByArgument {
    /// The method, upper case.
    let name: String

    init?(argument: String) {
        let name = argument.uppercased()
        guard Self.allValueStrings.contains(name) else { return nil }
        self.name = name
    }

    static var allValueStrings: [String] { EndpointIndex.methods }
}

/// `inspect`, for people.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how to call one endpoint, as the inspect tool does.",
        discussion: "Example: conductor-mcp-dynamic inspect \"PUT /api/workflow/{workflowId}/pause\"")

    @OptionGroup var common: CommonOptions
    @Argument(help: "\"METHOD /path\" or an operationId.") var endpoint: String
    @Option(help: "A type name to print in full (repeatable).") var expand: [String] = []
    @Flag(help: "Print the structured result as JSON.") var json = false

    func run() async throws {
        var arguments = JSONObject([("endpoint", .string(endpoint))])
        if !expand.isEmpty { arguments["expand"] = .array(expand.map(JSONValue.string)) }
        try await runTool("inspect", arguments, common, json: json)
    }
}

/// `invoke`, for people.
struct Invoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call one endpoint, as the invoke tool does, and print its answer.",
        discussion: """
            Example: conductor-mcp-dynamic invoke "GET /api/workflow/{workflowId}" --params '{"workflowId":"…"}'
            """)

    @OptionGroup var common: CommonOptions
    @Argument(help: "\"METHOD /path\" or an operationId.") var endpoint: String
    @Option(help: "Parameters as one JSON object.") var params: String?
    @Option(help: "The request body as JSON (a JSON string for text bodies).") var body: String?
    @Flag(name: .customLong("dry-run"), help: "Show the exact request without sending it.") var dryRun = false
    @Flag(help: "Confirm a call the policy says needs confirmation (--confirm-destructive); check it with --dry-run.")
    var confirm = false
    @Option(
        help: """
            A field path to keep, such as tasks[].status (repeatable), or a JSON array of them, as the answer's \
            footer suggests: --fields '["tasks[].status", "status"]'.
            """)
    var fields: [String] = []
    @Option(name: .customLong("max-chars"), help: "Answer budget in characters (200 to 200000; default 6000).")
    var maxChars: Int?
    @Flag(help: "Print the structured result as JSON.") var json = false

    func validate() throws {
        // The invoke tool's own range, checked here so a person gets a usage error rather than the tool's JSON usage.
        let range = InvokeTool.maxCharsRange
        if let maxChars, !range.contains(maxChars) {
            throw ValidationError(
                "--max-chars must be between \(range.lowerBound) and \(range.upperBound), got \(maxChars)")
        }
    }

    func run() async throws {
        var arguments = JSONObject([("endpoint", .string(endpoint))])
        if let params { arguments["params"] = try parseJSON(params, flag: "--params") }
        if let body { arguments["body"] = try parseJSON(body, flag: "--body") }
        if dryRun { arguments["dry_run"] = true }
        if confirm { arguments["confirm"] = true }
        if !fields.isEmpty { arguments["fields"] = .array(fields.flatMap(Self.paths).map(JSONValue.string)) }
        if let maxChars { arguments["max_chars"] = .int(maxChars) }
        try await runTool("invoke", arguments, common, json: json)
    }

    /// The paths one --fields value names: a JSON array of strings is a list of paths (the footer writes them so),
    /// anything else is one path ("[].name" is not JSON).
    static func paths(_ value: String) -> [String] {
        guard value.trimmingCharacters(in: .whitespaces).first == "[",
            case .array(let elements)? = try? JSONParser.parse(value)
        else { return [value] }
        let paths = elements.compactMap(\.stringValue)
        return paths.count == elements.count && !paths.isEmpty ? paths : [value]
    }

    private func parseJSON(_ text: String, flag: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw ValidationError("\(flag) is not valid JSON at column \(error.column): \(error.message)")
        }
    }
}

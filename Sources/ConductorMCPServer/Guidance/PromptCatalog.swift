import ConductorMCPCore
import Foundation

/// Workflow-first guidance as MCP prompts: short plans that walk an agent through search → inspect → invoke, naming
/// the endpoints that searching the loaded document found.
///
/// Nothing names an endpoint of a particular API: each step is a query with the method and path word its answer must
/// have. A prompt whose steps the document cannot answer is left out, so a server without (say) workflow definitions
/// offers no plan for defining one.
struct PromptCatalog: Sendable {
    /// One step of a plan: what to search for and what the answer must look like.
    struct Step: Sendable {
        let purpose: String
        let query: String
        let method: String
        let pathWord: String
    }

    /// A prompt: its name, description, arguments and steps.
    struct Prompt: Sendable {
        let name: String
        let title: String
        let description: String
        let arguments: [(name: String, description: String, required: Bool)]
        let intro: String
        let steps: [Step]
    }

    static let prompts: [Prompt] = [
        Prompt(
            name: "explore-server", title: "Explore this Conductor server",
            description: "A first look: what the server offers, its workflow definitions and recent executions.",
            arguments: [],
            intro: "Explore this Conductor server. Start with search and an empty query to see every tag, then:",
            steps: [
                Step(
                    purpose: "list the workflow definitions", query: "list all workflow definitions", method: "GET",
                    pathWord: "workflow"),
                Step(
                    purpose: "find recent executions", query: "search workflow executions", method: "GET",
                    pathWord: "search"),
                Step(
                    purpose: "list the task definitions", query: "list all task definitions", method: "GET",
                    pathWord: "taskdefs"),
            ]),
        Prompt(
            name: "diagnose-failed-execution", title: "Diagnose a failed workflow execution",
            description: "Read a failed execution, find the failing task and its reason, and decide whether to retry.",
            arguments: [("workflowId", "The execution to diagnose", true)],
            intro: "Diagnose the workflow execution {workflowId}:",
            steps: [
                Step(
                    purpose: "read the execution with its tasks (fields: status, reasonForIncompletion, "
                        + "tasks[].referenceTaskName, tasks[].status, tasks[].reasonForIncompletion)",
                    query: "get workflow execution by id", method: "GET", pathWord: "{workflowId}"),
                Step(
                    purpose: "read the failing task's logs", query: "get task execution logs", method: "GET",
                    pathWord: "log"),
                Step(
                    purpose: "retry it once the cause is fixed (dry_run first)", query: "retry the failed workflow",
                    method: "POST", pathWord: "retry"),
            ]),
        Prompt(
            name: "define-and-run-workflow", title: "Define and run a workflow",
            description: "Register task and workflow definitions, start an execution and read its result.",
            arguments: [("name", "The workflow's name", false)],
            intro: "Define and run the workflow {name}:",
            steps: [
                Step(
                    purpose: "register its task definitions", query: "register task definitions", method: "POST",
                    pathWord: "taskdefs"),
                Step(
                    purpose: "create the workflow definition (inspect shows the WorkflowDef type)",
                    query: "create a workflow definition", method: "POST", pathWord: "workflow"),
                Step(
                    purpose: "start an execution with its input", query: "start a workflow", method: "POST",
                    pathWord: "workflow"),
                Step(
                    purpose: "read the execution until it completes", query: "get workflow execution by id",
                    method: "GET", pathWord: "{workflowId}"),
            ]),
    ]

    /// The prompts the document can answer, each with its steps resolved to endpoints.
    let available: [(prompt: Prompt, endpoints: [Endpoint])]

    /// What the last reload changed, for the `what-changed` prompt (offered only after a reload changed something).
    let lastDiff: SpecDiff?

    /// The catalog for the tools' document; `shown` leaves out the endpoints a caller must not see (the policy's
    /// `hide`), and a plan with a step only such an endpoint answers with them.
    init(engine: SearchEngine, lastDiff: SpecDiff? = nil, shown: (Endpoint) -> Bool = { _ in true }) {
        self.lastDiff = lastDiff
        available = Self.prompts.compactMap { prompt in
            var endpoints: [Endpoint] = []
            for step in prompt.steps {
                let hits = engine.search(step.query, method: step.method, limit: 5).filter {
                    !$0.isNearest && shown($0.endpoint)
                }
                guard
                    let hit = hits.first(where: { $0.endpoint.path.lowercased().contains(step.pathWord.lowercased()) })
                else { return nil }
                endpoints.append(hit.endpoint)
            }
            return (prompt, endpoints)
        }
    }

    static let whatChanged = (
        name: "what-changed", title: "What changed in this server's API",
        description: "What the last reload of the API document added, removed and changed, and what to re-check."
    )

    /// `prompts/list`.
    var listJSON: JSONValue {
        var prompts: [JSONValue] = []
        if lastDiff != nil {
            prompts.append([
                "name": .string(Self.whatChanged.name), "title": .string(Self.whatChanged.title),
                "description": .string(Self.whatChanged.description), "arguments": .array([]),
            ])
        }
        return [
            "prompts": .array(
                prompts
                    + available.map { entry in
                        [
                            "name": .string(entry.prompt.name), "title": .string(entry.prompt.title),
                            "description": .string(entry.prompt.description),
                            "arguments": .array(
                                entry.prompt.arguments.map {
                                    [
                                        "name": .string($0.name), "description": .string($0.description),
                                        "required": .bool($0.required),
                                    ]
                                }),
                        ]
                    })
        ]
    }

    /// `prompts/get` for `name` with `arguments`, or why not.
    func get(_ name: String, arguments: JSONObject) -> Result<JSONValue, JSONRPCError> {
        if name == Self.whatChanged.name, let lastDiff {
            let text = """
                The server's API document was reloaded. What changed (lines marked [breaking] can fail calls that \
                worked before):

                \(lastDiff.text)

                Re-inspect every changed endpoint you use before calling it again, and search for the added ones \
                that fit your task.
                """
            return .success([
                "description": .string(Self.whatChanged.description),
                "messages": [["role": "user", "content": ["type": "text", "text": .string(text)]]],
            ])
        }
        guard let entry = available.first(where: { $0.prompt.name == name }) else {
            let names = available.map(\.prompt.name).joined(separator: ", ")
            let known =
                names.isEmpty
                ? "this document answers none of the prompts' steps, so there are none" : "the prompts are \(names)"
            return .failure(.invalidParams("unknown prompt \"\(TextBounds.shortened(name, limit: 60))\"; \(known)"))
        }
        var intro = entry.prompt.intro
        for argument in entry.prompt.arguments {
            // The person's text, put into a message the model reads: one printable line (no escape, no bidirectional
            // mark, no line break to start a message of its own); a number is taken as its digits.
            let value = arguments[argument.name]?.scalarText.map { TextBounds.shortened($0, limit: 200) }
            if argument.required, value == nil {
                return .failure(.invalidParams("prompt \(name) needs the argument \"\(argument.name)\""))
            }
            intro = intro.replacingOccurrences(of: "{\(argument.name)}", with: value ?? "(choose one)")
        }
        var lines = [intro]
        for (number, (step, endpoint)) in zip(entry.prompt.steps, entry.endpoints).enumerated() {
            lines.append("\(number + 1). To \(step.purpose): inspect then invoke \(endpoint.key)")
        }
        lines.append(
            "Search again with your own words when a step does not fit; dry_run anything that changes state first.")
        return .success([
            "description": .string(entry.prompt.description),
            "messages": [
                ["role": "user", "content": ["type": "text", "text": .string(lines.joined(separator: "\n"))]]
            ],
        ])
    }
}

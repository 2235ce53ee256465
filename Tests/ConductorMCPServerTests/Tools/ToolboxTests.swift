import ConductorMCPCore
import ConductorMCPServer
import TestSupport
import Testing

@Suite("Tools")
struct ToolboxTests {
    let toolbox = ServerFixtures.toolbox

    @Test("search lists hits with operationId and required parameters, and the same as data")
    func search() async throws {
        let result = await toolbox.call(
            "search", arguments: JSONObject([("query", "terminate a workflow"), ("limit", 2)]))
        #expect(!result.isError)
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines[safe: 0] == "2 endpoints for \"terminate a workflow\", best first:")
        #expect(
            lines[safe: 1]
                == "DELETE /api/workflow/{workflowId} — Terminate workflow execution · terminate_1 · required: workflowId"
        )
        #expect(lines.last == #"Next: inspect {"endpoint": "DELETE /api/workflow/{workflowId}"}"#)
        #expect(result.structured?["results"]?.arrayValue?.first?["endpoint"] == "DELETE /api/workflow/{workflowId}")
    }

    @Test("a query whose words match nothing says so and shows the nearest endpoints by spelling")
    func searchNearest() async throws {
        let result = await toolbox.call("search", arguments: JSONObject([("query", "wrkflw xqzv"), ("limit", 3)]))
        #expect(!result.isError)
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "No endpoint matches \"wrkflw xqzv\" well. Nearest 3 by spelling:")
        #expect(lines.count == 5)
        #expect(result.structured?["nearest"] == true)
        #expect(result.structured?["results"]?.arrayValue?.count == 3)
        #expect(result.structured?["resembles"] == nil)
        // Spelled like no endpoint at all: still never empty, but not called near.
        for query in ["?", "🙂", "工作流"] {
            let unrelated = await toolbox.call(
                "search", arguments: JSONObject([("query", .string(query)), ("limit", 3)]))
            #expect(!unrelated.isError)
            #expect(
                unrelated.text.hasPrefix(
                    "Nothing in \"\(query)\" resembles an endpoint's words. The first 3 of the document:"),
                "\(query)")
            #expect(unrelated.structured?["resembles"] == false)
            #expect(unrelated.structured?["results"]?.arrayValue?.count == 3)
        }
    }

    @Test("bad arguments: every problem listed, with usage, as an error result")
    func badArguments() async {
        let result = await toolbox.call("search", arguments: JSONObject([("qurey", "x"), ("limit", 0)]))
        #expect(result.isError)
        #expect(
            result.text == """
                Invalid arguments for search:
                - unknown argument "qurey" (did you mean "query"?)
                - missing required argument "query" (a string)
                - "limit" must be between 1 and 50, got 0
                Usage: {"query": "pause a workflow", "limit": 8}
                """)
    }

    @Test("inspect by operationId, and unknown endpoints with the three nearest")
    func inspect() async {
        let result = await toolbox.call("inspect", arguments: JSONObject([("endpoint", "getTaskLogs")]))
        #expect(!result.isError)
        #expect(result.text.hasPrefix("GET /api/tasks/{taskId}/log — Get Task Execution Logs"))
        let unknown = await toolbox.call(
            "inspect", arguments: JSONObject([("endpoint", "GET /api/tasks/{taskId}/logs")]))
        #expect(unknown.isError)
        #expect(unknown.text.contains("Nearest: GET /api/tasks/{taskId}/log (getTaskLogs)"))
    }

    @Test("an unknown tool name is an error result naming the tools")
    func unknownTool() async {
        let result = await toolbox.call("execute", arguments: JSONObject())
        #expect(result.isError)
        #expect(result.text.hasPrefix("Unknown tool \"execute\""))
    }
}

import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Search")
struct SearchEngineTests {
    static func top(_ query: String, in spec: String = "oss", tag: String? = nil, method: String? = nil) throws
        -> [String]
    {
        SearchEngine(index: try Fixtures.real(spec)).search(query, tag: tag, method: method, limit: 5).map(
            \.endpoint.key)
    }

    @Test("splits camelCase, snake_case, kebab-case and path segments")
    func words() {
        #expect(Tokenizer.words("getWorkflowDefs") == ["get", "workflow", "defs"])
        #expect(Tokenizer.words("task_def-name/{id}") == ["task", "def", "name", "id"])
        #expect(Tokenizer.words("HTTPRequest2xx") == ["http", "request", "2", "xx"])
        // The plural of an acronym is one word, not a capital and a "Ds".
        #expect(Tokenizer.words("correlation IDs") == ["correlation", "ids"])
        #expect(Tokenizer.words("workflowIDs, APIs and URLs") == ["workflow", "ids", "apis", "and", "urls"])
        #expect(Tokenizer.words("IDsList") == ["ids", "list"])
        #expect(Tokenizer.words("HTTPServer") == ["http", "server"])
        // A version mark stays whole: "v2" of `/search-v2` is no word "v" that "invoice_flow v3" would meet.
        #expect(Tokenizer.words("/tasks/search-v2") == ["tasks", "search", "v2"])
        #expect(
            Tokenizer.words("invoice_flow V3, getV2Workflows") == ["invoice", "flow", "v3", "get", "v2", "workflows"])
        #expect(Tokenizer.words("v2beta uv2 nav1") == ["v2", "beta", "uv", "2", "nav", "1"])
        // "APIs" was "ap" + "is"; now "apis", a stop word as "api" is.
        #expect(
            QueryPlan("Get all integration APIs for a provider").terms
                == ["get", "all", "integration", "provider"].map(Stemmer.stem))
    }

    @Test("stems plurals, -ing and -ed so that forms of a word meet, and keeps nouns in -ion apart")
    func stemming() {
        #expect(Stemmer.stem("paused") == Stemmer.stem("pause"))
        #expect(Stemmer.stem("pausing") == Stemmer.stem("pauses"))
        #expect(Stemmer.stem("policies") == Stemmer.stem("policy"))
        #expect(Stemmer.stem("stopping") == "stop")
        #expect(Stemmer.stem("polling") == "poll")
        #expect(Stemmer.stem("status") == "status")
        #expect(Stemmer.stem("execution") != Stemmer.stem("execute"))
    }

    @Test("matches through verb synonyms: kill finds terminate, suspend finds pause")
    func synonyms() throws {
        #expect(try Self.top("kill a workflow").prefix(3).contains("DELETE /api/workflow/{workflowId}"))
        #expect(try Self.top("suspend workflow").first == "PUT /api/workflow/{workflowId}/pause")
        #expect(try Self.top("unregister task definition").first == "DELETE /api/metadata/taskdefs/{tasktype}")
    }

    @Test("the verb's HTTP method breaks ties between endpoints on the same path")
    func methodIntent() throws {
        #expect(try Self.top("delete workflow definition").first == "DELETE /api/metadata/workflow/{name}/{version}")
        #expect(Set(try Self.top("get event handlers").prefix(2)) == ["GET /api/event/{event}", "GET /api/event"])
        #expect(try Self.top("add event handler").first == "POST /api/event")
    }

    @Test("filters by tag and method")
    func filters() throws {
        let keys = try Self.top("workflow", tag: "workflow-bulk-resource")
        #expect(!keys.isEmpty && keys.allSatisfy { $0.contains("/bulk/") })
        #expect(try Self.top("workflow", method: "delete").allSatisfy { $0.hasPrefix("DELETE ") })
    }

    @Test("demotes a deprecated endpoint below an equal live one")
    func deprecated() throws {
        let text = #"""
            {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {
              "/v1/report": {"get": {"summary": "Get the report", "deprecated": true, "responses": {}}},
              "/v2/report": {"get": {"summary": "Get the report", "responses": {}}}}}
            """#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "t"))
        let keys = SearchEngine(index: index).search("get report").map(\.endpoint.key)
        #expect(keys == ["GET /v2/report", "GET /v1/report"])
    }

    @Test("works on any document: a YAML fixture with no Conductor words")
    func generic() throws {
        let engine = SearchEngine(index: try Fixtures.index("Fixtures/specs/petstore-3.0.yaml"))
        #expect(engine.search("remove a tree").first?.endpoint.key == "DELETE /trees/{treeId}")
        #expect(engine.search("make a new tree").first?.endpoint.key == "POST /trees")
        #expect(engine.search("fetch tree").first?.endpoint.key == "GET /trees/{treeId}")
        #expect(engine.search("attach note").first?.endpoint.key == "POST /trees/{treeId}/notes")
        let nearest = engine.search("zebra crossing")
        #expect(!nearest.isEmpty && nearest.allSatisfy(\.isNearest))
        #expect(engine.search("remove a tree").allSatisfy { !$0.isNearest })
    }

    @Test("a non-empty query never comes back empty: questions, stop words only, misspellings")
    func neverEmpty() throws {
        let engine = SearchEngine(index: try Fixtures.real("orkes"))
        for query in ["is the server healthy", "is it up?", "xqzv", "wrkflw", "??"] {
            #expect(!engine.search(query).isEmpty, "\(query)")
        }
        // "healthy" is no word of the API, but "health" is: a prefix match, not a spelling guess.
        let health = engine.search("is the server healthy")
        #expect(health.first?.endpoint.key == "GET /health")
        #expect(health.first?.isNearest == false)
        #expect(engine.search("").count == 8)
    }

    @Test("quantity words ask for the endpoint that works on many items")
    func quantity() throws {
        #expect(try Self.top("pause several workflows at once").first == "PUT /api/workflow/bulk/pause")
        #expect(try Self.top("restart many workflows in one call").first == "POST /api/workflow/bulk/restart")
        #expect(try Self.top("pause a workflow").first == "PUT /api/workflow/{workflowId}/pause")
        #expect(Vocabulary.quantity(in: ["how", "many", "tasks"]).asksForMany == false)
    }

    @Test("words after 'by' are read as parameter names")
    func byParameter() {
        let plan = QueryPlan("find executions by correlation id and name")
        #expect(plan.namesParameter == [false, false, true, true, true])
    }

    @Test("a plural after 'by' asks for the endpoint that takes many; 'ids' is the plural of id")
    func pluralParameter() throws {
        #expect(Stemmer.stem("ids") == "id")
        #expect(QueryPlan("get by correlation ids").pluralParameter)
        #expect(!QueryPlan("get by correlation id").pluralParameter)
        #expect(try Self.top("get by correlation ids", in: "orkes").first == "POST /api/workflow/{name}/correlated")
    }

    @Test("a query that says exactly an endpoint's summary names that endpoint")
    func summaryMatch() throws {
        // GET /api/secrets is "List all secret names user can grant access to"; the list verb alone prefers it.
        #expect(try Self.top("list all secret names", in: "orkes").first == "POST /api/secrets")
    }

    @Test("path words read in reverse meet the query's verb-object order")
    func reversedPathPairs() throws {
        #expect(try Self.top("search workflow executions by status").first == "GET /api/workflow/search")
        let pairs = SearchEngine.reversedPathPairs(of: "/api/workflow/{workflowId}/pause")
        #expect(pairs == [SearchEngine.pairHash("paus", "workflow")])
    }

    @Test("an empty query lists tags by size with examples")
    func overview() throws {
        let overview = SearchEngine(index: try Fixtures.real("oss")).overview()
        #expect(overview.endpointCount == 80)
        #expect(overview.tags.map(\.tag).prefix(3) == ["workflow-resource", "task-resource", "metadata-resource"])
        #expect(overview.tags.first?.count == 24)
        #expect(overview.tags.allSatisfy { !$0.examples.isEmpty && $0.examples.count <= 3 })
    }

    @Test("ranks the development set: recall@1 at least 0.90 and recall@5 at least 0.98")
    func devSet() throws {
        let text = String(decoding: try Fixtures.bytes("Fixtures/eval/search-dev.jsonl"), as: UTF8.self)
        var rows = try SearchEvaluation.rows(jsonLines: text)
        for index in rows.indices {
            rows[index].keys = try Self.top(rows[index].query, in: rows[index].spec)
        }
        let evaluation = SearchEvaluation(rows)
        #expect(evaluation.total.count >= 35)
        #expect(evaluation.empty.isEmpty)
        #expect(evaluation.total.recallAt1 >= 0.90, "misses: \(evaluation.missesAtOne.map(\.query))")
        #expect(evaluation.total.recallAt5 >= 0.98)
    }

    @Test("the evaluator counts recall at 1 and 5 and refuses a malformed line by number")
    func evaluator() throws {
        let rows = try SearchEvaluation.rows(
            jsonLines: """
                {"spec":"oss","q":"a","expect":["GET /a"],"source":"docs x","keys":["GET /a","GET /b"]}

                {"spec":"oss","q":"b","expect":["GET /b"],"source":"sdk y","keys":["GET /a","GET /c","GET /d","GET /e","GET /f","GET /b"]}
                {"spec":"oss","q":"c","expect":["GET /c"],"source":"sdk z","keys":["GET /a","GET /c"]}
                {"spec":"oss","q":"d","expect":["GET /d"]}
                """)
        let evaluation = SearchEvaluation(rows)
        #expect(evaluation.total == .init(count: 4, first: 1, five: 2, reciprocal: 1.5))
        #expect(evaluation.bySource["sdk"] == .init(count: 2, first: 0, five: 1, reciprocal: 0.5))
        #expect(evaluation.empty.map(\.query) == ["d"])
        #expect(evaluation.missesAtOne.map(\.query) == ["b", "c", "d"])
        #expect(throws: SearchEvaluationError.self) {
            try SearchEvaluation.rows(jsonLines: "{\"spec\":\"oss\",\"q\":\"a\",\"expect\":[]}")
        }
    }
}

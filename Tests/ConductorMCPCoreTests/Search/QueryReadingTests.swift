import TestSupport
import Testing

@testable import ConductorMCPCore

/// How a query is read: its head noun, its number, its verb; and what each reading does to the ranking.
@Suite("Search: reading the query")
struct QueryReadingTests {
    static func top(_ query: String, in spec: String = "oss") throws -> [String] {
        try SearchEngineTests.top(query, in: spec)
    }

    /// Expects each query to rank its endpoint first in its document: (query, document, endpoint).
    static func expectFirsts(
        _ rows: [(String, String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (query, spec, endpoint) in rows {
            #expect(try top(query, in: spec).first == endpoint, "\(query)", sourceLocation: sourceLocation)
        }
    }

    @Test("an input form the query names ('with path parameters', 'a JSON body') is how to call, not words to match")
    func inputForms() throws {
        func forms(_ text: String) -> Set<Vocabulary.InputForm> {
            Vocabulary.inputForms(in: Tokenizer.words(text)).forms
        }
        #expect(forms("start with path parameters") == [.path])
        #expect(Vocabulary.inputForms(in: Tokenizer.words("start with path parameters")).positions == [2, 3])
        #expect(forms("send it in a json body") == [.body])
        #expect(forms("filter by query string") == [.query])
        #expect(forms("pass the name as a url variable and the input in the request body") == [.path, .body])
        // Not a form: a request's parameters, a path written as a string, a body alone, a form named as a thing.
        #expect(forms("with request parameters").isEmpty)
        #expect(forms("with a path string").isEmpty)
        #expect(forms("update with the body").isEmpty)
        #expect(forms("show the request body of event e1").isEmpty)
        let plan = QueryPlan("Start with Path Parameters")
        #expect(plan.inputForms == [.path])
        #expect(plan.terms == [Stemmer.stem("start")])
        // A form that is all the query says stays its words: there is nothing else to match.
        #expect(QueryPlan("in the request body").terms == ["request", "body"].map(Stemmer.stem))
        #expect(try !Self.top("in the request body", in: "orkes").isEmpty)
        // The Start endpoint that takes the name in its path, not the one that takes a StartWorkflowRequest body.
        try Self.expectFirsts([
            ("Start with Path Parameters", "oss", "POST /api/workflow/{name}"),
            ("Start with Path Parameters", "netflix", "POST /api/workflow/{name}"),
        ])
    }

    @Test("a summary that relates two things by one word says only a query about the first of them")
    func relationHead() throws {
        let relating = "Get Integrations of an Integration Provider"
        #expect(
            SearchEngine.relationHead(of: relating, stems: Tokenizer.terms(relating)) == Stemmer.stem("integrations"))
        let plain = "Get all Integrations Providers"
        #expect(SearchEngine.relationHead(of: plain, stems: Tokenizer.terms(plain)) == nil)
        try Self.expectFirsts([
            // The providers, not the integrations of one provider, whose summary has the same words.
            ("get integration providers", "orkes", "GET /api/integrations/provider"),
            // Said whole, the summary still names its endpoint.
            (relating, "orkes", "GET /api/integrations/provider/{name}/integration"),
        ])
    }

    @Test("the head noun is the one before a preposition: 'tags for a schedule' is about tags")
    func headBeforePreposition() {
        #expect(QueryPlan("get all tags for a task definition").headTerm == Stemmer.stem("tags"))
        #expect(QueryPlan("get the status of the workflow execution").headTerm == Stemmer.stem("status"))
        #expect(QueryPlan("get task definition").headTerm == Stemmer.stem("definition"))
        // No noun before the preposition yet: the phrase after it names the thing.
        #expect(QueryPlan("start with input parameters").headTerm == Stemmer.stem("parameters"))
    }

    @Test("a plural object after a changing verb asks for many; 'all' and reads do not")
    func writesMany() throws {
        #expect(QueryPlan("terminate workflows").writesMany)
        #expect(QueryPlan("restart workflows").writesMany)
        #expect(!QueryPlan("terminate a workflow").writesMany)
        #expect(!QueryPlan("get workflows").writesMany)
        #expect(!QueryPlan("pause all schedules").writesMany)
        #expect(try Self.top("terminate workflows").first == "POST /api/workflow/bulk/terminate")
        #expect(try Self.top("restart workflows").first == "POST /api/workflow/bulk/restart")
        #expect(try Self.top("terminate a workflow").first == "DELETE /api/workflow/{workflowId}")
        #expect(try Self.top("restart a workflow").first == "POST /api/workflow/{workflowId}/restart")
    }

    @Test("a prefix written apart joins its verb when the joined word means something")
    func detachedPrefix() {
        #expect(QueryPlan("un register workflow").terms.first == Stemmer.stem("unregister"))
        #expect(QueryPlan("Un-registers the workflow").methodIntent == ["DELETE"])
        // "re" before a word it does not make a known word with stays apart, and alone is no term ("we're").
        #expect(QueryPlan("re workflow").terms == ["workflow"])
        #expect(QueryPlan("re run workflow").terms.first == Stemmer.stem("rerun"))
    }

    @Test("'all', 'list' or a plural head asks for the collection; a singular head for one item")
    func collectionOrItem() {
        #expect(QueryPlan("retrieve all prompt templates").asksForAll)
        #expect(QueryPlan("get tags").asksForAll)
        #expect(!QueryPlan("get workflows by correlation id").asksForAll)
        #expect(QueryPlan("retrieve the workflow definition").asksForOne)
        #expect(!QueryPlan("list workflow definitions").asksForOne)
    }

    @Test("create and update answer for each other: 'add a tag' finds 'Put a tag'")
    func upsert() throws {
        #expect(try Self.top("add application tags", in: "orkes").first == "PUT /api/applications/{id}/tags")
        #expect(try Self.top("create an application", in: "orkes").first == "POST /api/applications")
    }

    @Test("'dry run' means test, 'give me' means get")
    func dryRun() throws {
        #expect(QueryPlan("dry run a workflow").terms.first == Stemmer.stem("test"))
        #expect(try Self.top("dry run a workflow with mocked outputs").first == "POST /api/workflow/test")
        // "give me" asks to be shown something; "give" alone grants.
        #expect(QueryPlan("give me the workflow").methodIntent == ["GET"])
        #expect(QueryPlan("give a user access").methodIntent == ["POST", "PUT"])
    }

    @Test("'find … by <key>' looks one up by its parameter; 'search … by' still searches")
    func lookupByParameter() throws {
        #expect(QueryPlan("find a task by its id").namesParameter == [false, false, true])
        #expect(try Self.top("find a task by its id").first == "GET /api/tasks/{taskId}")
        #expect(
            try Self.top("look up executions by correlation id").first
                == "GET /api/workflow/{name}/correlated/{correlationId}")
        #expect(try Self.top("search workflow executions by status").first == "GET /api/workflow/search")
    }

    @Test("odd casing and compatibility forms read as the plain word; camelCase still splits")
    func normalization() throws {
        #expect(QueryPlan.normalized("PaUsE WoRkFlOw") == "pause workflow")
        #expect(QueryPlan.normalized("getWorkflowDefs by ID") == "getWorkflowDefs by ID")
        #expect(QueryPlan.normalized("ｐａｕｓｅ ﬁnd") == "pause find")
        // ASCII text is read by byte ranges; the result is the one the Unicode properties give.
        for text in [
            "PaUsE WoRkFlOw", "getWorkflowDefs by ID", "Retrieves a Human task's details  using the ID", "ABC aBc AbC",
            "wf-3001 PAUSED? x_Y_z", " leading and trailing ", "",
        ] {
            #expect(QueryPlan.normalizedASCII(text) == QueryPlan.normalizedScalars(text), "\(text)")
        }
        #expect(try Self.top("PaUsE WoRkFlOw").first == "PUT /api/workflow/{workflowId}/pause")
        #expect(try Self.top("un register workflow") == Self.top("unregister workflow"))
    }

    @Test("a query that is exactly an operationId or an endpoint key names that endpoint")
    func exactName() throws {
        #expect(try Self.top("pauseWorkflow_1", in: "orkes").first == "PUT /api/workflow/bulk/pause")
        #expect(try Self.top("pauseWorkflow", in: "orkes").first == "PUT /api/workflow/{workflowId}/pause")
        #expect(try Self.top("put /api/workflow/bulk/pause", in: "orkes").first == "PUT /api/workflow/bulk/pause")
    }

    @Test("'by name and version' names two keys: the endpoint taking both beats the one taking one")
    func parameterKeys() throws {
        let plan = QueryPlan("delete a schema by its name and version")
        let name = try #require(plan.terms.firstIndex(of: Stemmer.stem("name")))
        let version = try #require(plan.terms.firstIndex(of: Stemmer.stem("version")))
        #expect(plan.namesParameter[name] && plan.namesParameter[version])
        #expect(plan.parameterKey[name] >= 0 && plan.parameterKey[version] > plan.parameterKey[name])
        // One key of three words stays one key.
        let one = QueryPlan("find executions by correlation id")
        #expect(Set(one.parameterKey.filter { $0 >= 0 }).count == 1)
        // "search … by correlation id and status" takes one key only: the endpoint behind `{correlationId}` gains nothing.
        #expect(
            try Self.top("search workflows by correlationId and status RUNNING", in: "orkes").first
                == "GET /api/workflow/search")
        // Keys choose among endpoints whose path says the head noun: the tags of a template, not its version's delete.
        let tags = [
            ("delete prompt template tags by name and version", "DELETE /api/prompts/{name}/tags"),
            ("get tags for a prompt template by name and version", "GET /api/prompts/{name}/tags"),
        ]
        for (query, key) in tags { #expect(try Self.top(query, in: "orkes").first == key, "\(query)") }
        // A key says which item; a path variable the query neither gives nor mentions ("by name": no version) is one
        // the endpoint wants and was not given.
        #expect(try Self.top("get schema by name", in: "orkes").first == "GET /api/schema/{name}")
        // With the keys read apart, `/{name}/{version}` gains on `/{name}`; with `parameterMatch` at 1 it does not.
        let text = #"""
            {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {
              "/form/{name}": {"get": {"summary": "Get a form", "parameters": [
                {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {}}},
              "/form/{name}/{version}": {"get": {"summary": "Get a form", "parameters": [
                {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "version", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {}}}}}
            """#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "t"))
        func ratio(_ weights: SearchWeights, _ query: String) -> Double {
            let hits = SearchEngine(index: index, weights: weights).search(query)
            let both = hits.first { $0.endpoint.path == "/form/{name}/{version}" }?.score ?? 0
            let one = hits.first { $0.endpoint.path == "/form/{name}" }?.score ?? 1
            return both / one
        }
        var plain = SearchWeights.fitted
        plain.parameterMatch = 1
        #expect(ratio(.fitted, "get a form by name and version") > ratio(plain, "get a form by name and version") * 1.1)
        // Keys in the plural are not one path variable each: "by names and versions" asks for many.
        #expect(
            abs(ratio(.fitted, "get forms by names and versions") - ratio(plain, "get forms by names and versions"))
                < 1e-9)
    }

    @Test(
        "an object said in the plural and again in a key still asks to change many: 'retry workflows by workflow ids'")
    func pluralObjectRepeatedInKey() throws {
        let plan = QueryPlan("retry workflows by workflow ids")
        let workflow = try #require(plan.terms.firstIndex(of: Stemmer.stem("workflow")))
        #expect(plan.namesParameter[workflow] && !plan.firstSaidAsKey[workflow])
        #expect(plan.writesMany)
        // Said first in the key, a plural describes the key, not the object.
        #expect(!QueryPlan("retry the run by workflow ids").writesMany)
        try Self.expectFirsts([
            ("retry workflows by workflow ids", "oss", "POST /api/workflow/bulk/retry"),
            ("terminate workflows by workflow ids", "oss", "POST /api/workflow/bulk/terminate"),
            ("retry the workflow by workflow id", "oss", "POST /api/workflow/{workflowId}/retry"),
        ])
    }

    @Test("the action's third-person '-s' is no plural object: 'Executes a workflow' is not about many")
    func actionIsNoPlural() throws {
        let plan = QueryPlan("Executes a workflow with specified return strategy")
        let execute = try #require(plan.terms.firstIndex(of: Stemmer.stem("executes")))
        #expect(!plan.isPlural[execute])
        // A plural object after the action still counts.
        let many = QueryPlan("Terminates running workflows")
        let workflows = try #require(many.terms.firstIndex(of: Stemmer.stem("workflows")))
        #expect(many.isPlural[workflows])
        try Self.expectFirsts([
            (
                "Executes a workflow with specified return strategy", "orkes",
                "POST /api/workflow/execute/{name}/{version}"
            ),
            (
                "Executes the named workflow and waits for its result", "orkes",
                "POST /api/workflow/execute/{name}/{version}"
            ),
        ])
    }

    @Test("a change of all things of a kind is not answered by one item behind a path variable")
    func changeOfAllIsNoItem() throws {
        #expect(QueryPlan("resume all schedules").changesAll)
        #expect(!QueryPlan("resume the schedule").changesAll)
        #expect(!QueryPlan("list all schedules").changesAll)
        let top = try Self.top("resume all of the paused schedules", in: "orkes")
        #expect(top.first != "GET /api/scheduler/schedules/{name}/resume")
        #expect(top.prefix(3).contains("GET /api/scheduler/admin/resume"))
    }

    @Test("'with all its tasks' after the head counts the parts of one thing, not the whole collection")
    func allOfItsParts() throws {
        #expect(!QueryPlan("get workflow 0a1b with all its tasks").asksForAll)
        #expect(!QueryPlan("fetch execution 7c2e together with all of its tasks").asksForAll)
        #expect(QueryPlan("get workflow 0a1b with all its tasks").asksForOne)
        // "together" is no head noun.
        #expect(QueryPlan("fetch execution 7c2e together with all of its tasks").headTerm == Stemmer.stem("execution"))
        // "all" before the head, or across owners, still asks for the collection.
        #expect(QueryPlan("get all workflows").asksForAll)
        #expect(QueryPlan("poll data for all task types").asksForAll)
        try Self.expectFirsts([
            ("fetch execution 7c2e together with all of its tasks", "netflix", "GET /api/workflow/{workflowId}"),
            ("show me workflow 4d5e with all its tasks", "oss", "GET /api/workflow/{workflowId}"),
        ])
    }

    @Test("a version mark ('order_flow v3') meets no endpoint that only shares its letter ('/secrets-v2'); 'the runs'")
    func versionMarks() throws {
        try Self.expectFirsts([
            ("ids of the runs of order_flow v3 that are still running", "orkes", "GET /api/workflow/running/{name}"),
            ("instances of checkout_flow v3 that are still running", "orkes", "GET /api/workflow/running/{name}"),
            ("running instances of refund_flow v3", "orkes", "GET /api/workflow/running/{name}"),
            ("search tasks with the v2 endpoint", "oss", "GET /api/tasks/search-v2"),
        ])
        // After an article a verb's plural is a noun: "the runs" is no action.
        #expect(QueryPlan("ids of the runs of order_flow v3").actionIndex == nil)
        #expect(QueryPlan("run order_flow v3").actionIndex == 0)
    }

    @Test("right after a preposition a verb is a noun ('status of run 3f9e'), and a run is an execution")
    func verbAfterPreposition() throws {
        #expect(QueryPlan("status of run 3f9e01aa").actionIndex == nil)
        let runs = QueryPlan("history of runs launched by the scheduler")
        let run = try #require(runs.terms.firstIndex(of: Stemmer.stem("runs")))
        #expect(runs.concepts[run] == Vocabulary.concept(of: Stemmer.stem("execution")))
        #expect(QueryPlan("run order_flow now").actionIndex == 0)
        // A verb that meets its object stays a verb.
        #expect(QueryPlan("endpoint for delete workflow").actionIndex != nil)
        try Self.expectFirsts([
            ("endpoint for delete workflow", "orkes", "DELETE /api/workflow/{workflowId}/remove"),
            ("api for terminate workflow", "orkes", "DELETE /api/workflow/{workflowId}"),
            ("history of runs launched by the scheduler", "orkes", "GET /api/scheduler/search/executions"),
        ])
    }

    @Test("a version mark after a name is that thing's version; 'every workflow' speaks of many")
    func versionOfANameAndEvery() throws {
        #expect(QueryPlan.values(in: "start payment_flow v2").values.contains("v2"))
        #expect(QueryPlan.values(in: "use the v2 task search").values.isEmpty)
        for spec in ["oss", "netflix"] {
            let top = try Self.top("start payment_flow v2", in: spec)
            #expect(!top.prefix(3).contains { $0.hasSuffix("-v2") }, "\(spec): \(top)")
        }
        #expect(QueryPlan("pause every workflow").changesAll)
        #expect(try Self.top("pause every workflow", in: "oss").first != "PUT /api/workflow/{workflowId}/pause")
    }

    @Test("a change of many things is answered by the POST that takes their list, whatever the change's method")
    func bulkChangeByPost() throws {
        try Self.expectFirsts([
            ("remove workflows by workflow ids", "orkes", "POST /api/workflow/bulk/delete"),
            ("delete several workflows at once", "orkes", "POST /api/workflow/bulk/delete"),
            // One thing is still its own DELETE.
            ("delete a workflow", "orkes", "DELETE /api/workflow/{workflowId}/remove"),
        ])
    }

    @Test("a noun made from an action the API does not use is read as that action: 'suspension of a workflow'")
    func nounOfAction() throws {
        #expect(Vocabulary.actionOfNoun("suspension") == Stemmer.stem("suspend"))
        #expect(Vocabulary.actionOfNoun("cancellation") == Stemmer.stem("cancel"))
        #expect(Vocabulary.actionOfNoun("termination") == Stemmer.stem("terminate"))
        // Nouns whose undone ending is no action of the vocabulary stay nouns.
        for noun in ["information", "total", "environment", "signal", "permission", "al", "tion"] {
            #expect(Vocabulary.actionOfNoun(noun) == nil, "\(noun)")
        }
        let plan = QueryPlan("suspension of a workflow")
        #expect(plan.actionIndex == 0 && plan.methodIntent?.contains("PUT") == true)
        // After a verb, or before another noun, it describes: "get the suspension reason of a workflow" reads.
        for query in ["get the suspension reason of a workflow", "suspension state of a schedule"] {
            #expect(QueryPlan(query).methodIntent.map { $0 == ["GET"] } ?? true, "\(query)")
        }
        try Self.expectFirsts([
            ("get the suspension reason of a workflow", "oss", "GET /api/workflow/{workflowId}"),
            ("get the cancellation reason of a workflow", "netflix", "GET /api/workflow/{workflowId}"),
        ])
        // A word the API uses keeps its meaning: an execution is a run, not a call to execute.
        #expect(QueryPlan("execution of a workflow", isKnown: { _ in true }).actionIndex == nil)
        try Self.expectFirsts([
            ("suspension of a workflow", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            ("cancellation of a workflow", "oss", "DELETE /api/workflow/{workflowId}"),
        ])
    }

    @Test(
        "a query naming an input form the endpoint lacks says more than its summary: 'update a task with path parameters'"
    )
    func inputFormOverSummary() throws {
        try Self.expectFirsts([
            ("update a task with path parameters", "orkes", "POST /api/tasks/{workflowId}/{taskRefName}/{status}"),
            ("update a task with a request body", "orkes", "POST /api/tasks"),
        ])
    }

    @Test("a corrected slip counts in word pairs as the word meant: 'serch workflows' pairs as 'search workflows'")
    func correctedSlipInPairs() throws {
        let plan = QueryPlan(
            "serch workflows", isKnown: { $0 != "serch" },
            correction: { $0 == "serch" ? Stemmer.stem("search") : nil })
        #expect(plan.readAs == [0: Stemmer.stem("search")])
        #expect(
            SearchEngine.wordPairs(ofWords: plan.words, readAs: plan.readAs)
                == SearchEngine.wordPairs(ofWords: ["search", "workflows"]))
        try Self.expectFirsts([
            ("serch workflows by correlationId and status RUNNING", "orkes", "GET /api/workflow/search")
        ])
    }

    @Test("'based on' and 'given' introduce a parameter the way 'by' does")
    func basedOnNamesParameter() {
        #expect(QueryPlan("get the task based on its id").namesParameter == [false, false, true])
        let given = QueryPlan("get last poll data for a given task type")
        #expect(
            given.terms.indices.filter { given.namesParameter[$0] }.map { given.terms[$0] }
                == ["task", "type"].map(Stemmer.stem))
        // "based" alone is a word of the query.
        #expect(QueryPlan("list the based workflows").terms.contains(Stemmer.stem("based")))
    }

    @Test("a '-sion' noun meets the verb a path says: 'decision' for `/decide`")
    func derivedVerb() throws {
        let text = #"""
            {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {
              "/flow/{name}": {"put": {"summary": "Change a flow", "responses": {}}},
              "/flow/decide/{id}": {"put": {"summary": "Advance a flow", "responses": {}}}}}
            """#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "t"))
        let keys = SearchEngine(index: index).search("request a decision on a flow").map(\.endpoint.key)
        #expect(keys.first == "PUT /flow/decide/{id}")
    }

    @Test("a live endpoint beats a deprecated one with the same words")
    func deprecatedLoses() throws {
        #expect(try Self.top("execute workflow", in: "orkes").first == "POST /api/workflow/execute/{name}/{version}")
    }

    @Test("'using' and 'via' introduce a parameter the way 'by' does")
    func usingNamesParameter() throws {
        #expect(QueryPlan("get an application using its access key").namesParameter == [false, false, true, true])
        #expect(QueryPlan("start a workflow via its name").namesParameter == [false, false, true])
        #expect(
            try Self.top("retrieve an application using its access key", in: "orkes").first
                == "GET /api/applications/key/{accessKeyId}")
    }

    @Test("'log' or 'tag' leading a command records something; before 'of' or a participle it is a noun")
    func nounAsVerb() throws {
        #expect(QueryPlan("log a message for a task").methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("Logs messages to a task execution").methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("log message for task").methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("logs of a task").methodIntent == nil)
        #expect(QueryPlan("log entries of a task").methodIntent == nil)
        #expect(QueryPlan("labels attached to a schedule").methodIntent == nil)
        #expect(QueryPlan("log").methodIntent == nil)
        #expect(try Self.top("log messages of a task").first == "GET /api/tasks/{taskId}/log")
        #expect(try Self.top("log a message for a task").first == "POST /api/tasks/{taskId}/log")
        #expect(try Self.top("logs of a task").first == "GET /api/tasks/{taskId}/log")
    }

    @Test("one item named after the head ('tags of a schedule') is the owner: not the whole collection")
    func oneOwner() throws {
        let plan = QueryPlan("retrieve the tags associated with a schedule")
        #expect(plan.namesOneOwner)
        #expect(plan.ownerPhrases.map { $0.map { plan.terms[$0] } } == [[Stemmer.stem("schedule")]])
        let compound = QueryPlan("adds tags to an integration provider")
        #expect(
            compound.ownerPhrases.map { $0.map { compound.terms[$0] } } == [
                ["integration", "provider"].map(Stemmer.stem)
            ])
        #expect(
            try Self.top("adds tags to an integration provider", in: "orkes").first
                == "PUT /api/integrations/provider/{name}/tags")
        #expect(!plan.asksForAll)
        #expect(QueryPlan("get tags").asksForAll)
        // A plural after the preposition is no one item.
        #expect(!QueryPlan("get tags of schedules").namesOneOwner)
        #expect(
            try Self.top("retrieve the tags associated with a schedule", in: "orkes").first
                == "GET /api/scheduler/schedules/{name}/tags")
    }

    @Test("an opening gerund or a participle after a bare 'be' is the action; state participles describe")
    func gerundHeading() throws {
        let saving = QueryPlan("Saving a secret")
        #expect(saving.actionIndex == 0)
        #expect(saving.methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("get running workflows").methodIntent == ["GET"])
        #expect(QueryPlan("Running workflows of a definition").methodIntent == nil)
        #expect(QueryPlan("Adding a secret").methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("the workflow can be restarted").methodIntent == ["POST", "PUT"])
        // "is", "was", "been" describe a state; no action is asked for.
        #expect(QueryPlan("has the workflow been terminated").methodIntent == nil)
        #expect(QueryPlan("workflows that are paused").methodIntent == nil)
        #expect(QueryPlan("workflows that are paused").namesState)
        #expect(!QueryPlan("pause the workflows").namesState)
        #expect(!QueryPlan("restart failed workflows").namesState)
        #expect(try Self.top("Running workflows of a definition").first == "GET /api/workflow/running/{name}")
    }

    @Test("a word one typing slip from a known one is read as it; real words that differ by a letter are not")
    func typingSlips() throws {
        func slip(_ a: String, _ b: String) -> Bool { SearchEngine.isTypingSlip(Array(a.utf8), Array(b.utf8)) }
        #expect(slip("definiton", "definition"))
        #expect(slip("acccess", "access"))
        #expect(slip("wrokflow", "workflow"))
        #expect(slip("retriv", "retriev"))
        // A changed letter, or one more or less at either end, makes another real word.
        #expect(!slip("replay", "replac"))
        #expect(!slip("remot", "remov"))
        #expect(!slip("ready", "read"))
        #expect(!slip("xtask", "task"))
        #expect(!slip("definitn", "definition"))
        #expect(!slip("same", "same"))
        let fixed = QueryPlan("get the task definiton", correction: { $0 == "definiton" ? "definit" : nil })
        #expect(fixed.terms.contains("definit"))
        // The word as typed still tells its number.
        let plural = QueryPlan("get workflow definitons", correction: { $0 == "definiton" ? "definit" : nil })
        #expect(plural.isPlural[plural.terms.firstIndex(of: "definit")!])
        let short = QueryPlan("get a tsak", correction: { _ in "task" })
        #expect(short.terms.contains("tsak"))
        #expect(try Self.top("get the wrokflow definiton").first == Self.top("get the workflow definition").first)
        #expect(try Self.top("get workflow definitons").first == Self.top("get workflow definitions").first)
        #expect(try Self.top("termiante a workflow").first == Self.top("terminate a workflow").first)
        // Real words are not turned into actions: "replay" is no "replace", "remote" no "remove".
        #expect(try Self.top("replay a failed workflow", in: "orkes").first == "POST /api/workflow/{workflowId}/retry")
        #expect(try Self.top("list remote workers").first?.hasPrefix("DELETE") == false)
    }

    @Test("'register', 'unregister' and 'define' act on definitions even unsaid")
    func definingVerbs() throws {
        #expect(QueryPlan("register a task").terms.contains(Stemmer.stem("definition")))
        #expect(QueryPlan("register a task definition").terms.filter { $0 == Stemmer.stem("definition") }.count == 1)
        #expect(!QueryPlan("update a task").terms.contains(Stemmer.stem("definition")))
        #expect(try Self.top("register your task", in: "orkes").first == "POST /api/metadata/taskdefs")
        #expect(
            try Self.top("unregister your task", in: "orkes").first == "DELETE /api/metadata/taskdefs/{tasktype}")
    }

    @Test("upload and download suggest their methods")
    func uploadDownload() throws {
        #expect(QueryPlan("upload a proto file").methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("download the definitions").methodIntent == ["GET"])
        #expect(
            try Self.top("upload a proto file to a service", in: "orkes").first
                == "POST /api/registry/service/protos/{registryName}/{filename}")
    }

    @Test("a path word that abbreviates a query word stands in for it; an action's stem does not")
    func abbreviations() throws {
        #expect(
            try Self.top("get queue configuration", in: "orkes").first
                == "GET /api/event/queue/config/{queueType}/{queueName}")
        #expect(
            try Self.top("delete queue configuration", in: "orkes").first
                == "DELETE /api/event/queue/config/{queueType}/{queueName}")
        // "execution" is not "execute": starting an execution is no synchronous execute.
        #expect(
            try Self.top("start a workflow execution asynchronously", in: "orkes").first
                == "POST /api/workflow/start/{name}/{version}")
    }

    @Test("a plural naming a path variable asks for many, not the one item the variable holds")
    func pluralVariable() throws {
        #expect(
            try Self.top("get workflows by names and correlation ids", in: "orkes").first
                == "POST /api/workflow/correlated/batch")
        #expect(
            try Self.top("get workflows by name and correlation id", in: "orkes").first
                == "GET /api/workflow/{name}/correlated/{correlationId}")
    }

    @Test("a later clause describes: its words count less, and the head noun is the main clause's")
    func laterClauses() throws {
        #expect(
            QueryPlan.clauses(of: "a, b; c — d (e) search-v2 f - g. h") == [
                "a", " b", " c ", " d ", "e", " search-v2 f ", " g", " h",
            ])
        let resume = QueryPlan("Resumes the paused workflow, evaluating its state")
        #expect(resume.headTerm == Stemmer.stem("workflow"))
        let state = try #require(resume.terms.firstIndex(of: Stemmer.stem("state")))
        let workflow = try #require(resume.terms.firstIndex(of: Stemmer.stem("workflow")))
        #expect(resume.inLaterClause[state])
        #expect(!resume.inLaterClause[workflow])
        // A clause that "given" or "if" opens is not the main one: the words before the action still count.
        let given = QueryPlan("Given the target, returns all permissions")
        #expect(given.inLaterClause.allSatisfy { !$0 })
        // A subordinating word splits only once the clause has named something: "check if …" is one clause.
        #expect(QueryPlan("check if the task definition exists").inLaterClause.allSatisfy { !$0 })
        // " -- " and the ideographic full stop end a clause too (the empty clause between two dashes is skipped).
        #expect(
            QueryPlan.clauses(of: "delete the workflow -- keep it。done") == [
                "delete the workflow ", "", " keep it", "done",
            ])
        // An identifier in a later clause does not pick the endpoint.
        #expect(QueryPlan("delete the task definition; the taskId is xyz").identifiers.isEmpty)
        #expect(QueryPlan("update task using TaskResult object").identifiers == ["taskresult"])
        // "after" and "if" open a subordinate clause inside a sentence.
        let after = QueryPlan("update your workflow after adding new tasks")
        #expect(after.inLaterClause[try #require(after.terms.firstIndex(of: Stemmer.stem("tasks")))])
        #expect(!QueryPlan("update your workflow").inLaterClause.contains(true))
        #expect(
            try Self.top("Resumes the paused workflow, evaluating its state and scheduling the next tasks", in: "orkes")
                .first == "PUT /api/workflow/{workflowId}/resume")
        #expect(
            try Self.top("update the workflow definition after adding new tasks", in: "orkes").first
                == "PUT /api/metadata/workflow")
    }

    @Test("a type or parameter written as an identifier names the endpoints that use it")
    func identifiers() throws {
        #expect(QueryPlan.identifiers(in: "Returns SearchResult<Task> — full task objects") == ["searchresulttask"])
        #expect(QueryPlan.identifiers(in: "returns a ConductorApplication object") == ["conductorapplication"])
        #expect(QueryPlan.identifiers(in: "start the workflow, PAUSE it, Get all") == [])
        let many = (1...50).map { "type" + String(repeating: "x", count: $0) + "Name" }.joined(separator: " ")
        #expect(QueryPlan.identifiers(in: many).count == QueryPlan.maximumIdentifiers)
        // The endpoint whose response type the query writes climbs; with the factor at 1 it does not.
        let index = try Fixtures.real("oss")
        var plain = SearchWeights.fitted
        plain.namedIdentifier = 1
        let query = "Returns SearchResult<Task> — full task objects including input/output data"
        func rank(_ weights: SearchWeights) -> Int {
            SearchEngine(index: index, weights: weights).search(query, limit: 20).firstIndex {
                $0.endpoint.key == "GET /api/tasks/search-v2"
            } ?? 20
        }
        #expect(rank(.fitted) < rank(plain))
        #expect(rank(.fitted) < 5)
    }

    @Test("'all' in the query favours a path that says all, when the query names every other word of it")
    func allInPath() throws {
        #expect(try Self.top("get queue sizes for all tasks", in: "orkes").first == "GET /api/tasks/queue/all")
        // "all" alone does not pull in an unrelated path that says all.
        #expect(try Self.top("get all services", in: "orkes").first == "GET /api/registry/service")
        #expect(try Self.top("get all services", in: "orkes").contains("GET /api/integrations/all") == false)
        // Not for an endpoint that does not do what the query asks, nor for "all" in a later clause.
        #expect(try Self.top("poll every task in the queue", in: "orkes").first != "GET /api/tasks/queue/all")
        #expect(!QueryPlan("get the size of the HTTP task queue, not all of them").mentionsAll)
        #expect(
            try Self.top("get the size of the HTTP task queue, not all of them").first == "GET /api/tasks/queue/size")
    }

    @Test("'to the open state', 'into a PAUSED status': the state named is the action")
    func targetState() throws {
        let paused = QueryPlan("A running workflow can be put to a PAUSED status")
        #expect(paused.methodIntent == Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: Stemmer.stem("pause"))])
        #expect(paused.headTerm == Stemmer.stem("workflow"))
        #expect(
            try Self.top("A running workflow can be put to a PAUSED status", in: "orkes").first
                == "PUT /api/workflow/{workflowId}/pause")
        #expect(
            try Self.top("force the circuit breaker to the open state", in: "orkes").first
                == "POST /api/registry/service/{name}/circuit-breaker/open")
        // A state noun with no word before it names nothing to do.
        #expect(QueryPlan("set the status to state").methodIntent == QueryPlan("set the status").methodIntent)
        #expect(QueryPlan.targetStates(in: ["to", "the", "open", "state"]) == ([2], [3]))
        #expect(QueryPlan.targetStates(in: ["to", "state", "status"]) == ([], []))
        #expect(QueryPlan.targetStates(in: ["to", "the", "state"]) == ([], []))
    }

    @Test("a question about a state asks for the status; a participle one word after 'be' is still the action")
    func stateQuestions() throws {
        #expect(QueryPlan("is the workflow paused").terms.contains(Stemmer.stem("status")))
        #expect(try Self.top("has the workflow been terminated", in: "orkes").first?.hasPrefix("GET ") == true)
        #expect(try Self.top("is the workflow paused", in: "orkes").first == "GET /api/workflow/{workflowId}")
        // A question with no command, or "check if …", asks about a state too.
        #expect(QueryPlan("why did the workflow fail?").namesState)
        #expect(QueryPlan("is the task completed").terms.contains(Stemmer.stem("status")))
        #expect(try Self.top("is the workflow completed", in: "orkes").first?.hasPrefix("GET ") == true)
        #expect(try Self.top("why did the workflow fail?", in: "orkes").first?.hasPrefix("GET ") == true)
        #expect(QueryPlan("check if the workflow is paused").namesState)
        #expect(!QueryPlan("check if the workflow is paused").inLaterClause.contains(true))
        // "has" and "did" are no search words: "this group has …" answers no question about a task.
        #expect(try Self.top("has my task finished?", in: "orkes").first?.contains("groups") == false)
        // A command names no state: nothing is implied.
        #expect(!QueryPlan("pause the workflow").terms.contains(Stemmer.stem("status")))
        #expect(QueryPlan("Conductor workflows can be unit tested").methodIntent == ["POST"])
        #expect(QueryPlan("the task needs to be retried").methodIntent == QueryPlan("retry the task").methodIntent)
        #expect(Stemmer.stem("retried") == Stemmer.stem("retry"))
        #expect(!QueryPlan("Conductor workflows can be unit tested").namesState)
    }

    @Test("words that single out one item do not keep a query from saying a summary")
    func summaryWithMarker() throws {
        #expect(
            try Self.top("Get event handlers for a specific event", in: "orkes").first == "GET /api/event/{event}")
    }

    @Test("'by' before a gerund says how, not by which key")
    func byGerund() {
        #expect(!QueryPlan("update your task definition by modifying field values").namesParameter.contains(true))
        #expect(QueryPlan("find executions by correlation id").namesParameter.contains(true))
        // Looking one up by its key reads.
        #expect(QueryPlan("find executions by correlation id").methodIntent == ["GET"])
    }

    @Test("a POST whose path ends in a search reads: a read query does not count its method against it")
    func searchByPost() throws {
        #expect(
            try Self.top("Retrieves a list of Human tasks based on the provided search criteria", in: "orkes").first
                == "POST /api/human/tasks/search")
    }

    @Test("enable, disable, activate and deactivate are one toggle; resource, object and target one thing")
    func toggleAndTarget() throws {
        #expect(
            try Self.top("disable an access key", in: "orkes").first
                == "POST /api/applications/{applicationId}/accessKeys/{keyId}/status")
        #expect(
            try Self.top("get permissions for a resource", in: "orkes").first
                == "GET /api/auth/authorization/{type}/{id}")
    }

    @Test("'Returns …' opening a clause before any action reads as get; the imperative 'return' does not")
    func returnsReads() throws {
        #expect(QueryPlan("Returns all subjects that have been granted access").terms.first == Stemmer.stem("get"))
        #expect(QueryPlan("Returns all subjects that have been granted access").actionIndex == 0)
        let afterGiven = QueryPlan("Given the target, returns all permissions")
        #expect(afterGiven.actionIndex.map { afterGiven.terms[$0] } == Stemmer.stem("get"))
        // Not once an action has been read, not inside a clause, not the imperative.
        #expect(QueryPlan("Creates a group and returns it").terms.contains(Stemmer.stem("get")) == false)
        #expect(QueryPlan("The workflow returns its output").terms.contains(Stemmer.stem("get")) == false)
        #expect(QueryPlan("Return response, add logs").terms.first == Stemmer.stem("return"))
        // A changing action of a later clause takes over from the read; a read of a later clause does not.
        #expect(QueryPlan("Returns nothing; deletes the workflow definition").methodIntent == ["DELETE"])
        #expect(QueryPlan("Returns void. Terminates the workflow").methodIntent?.contains("GET") == false)
        #expect(QueryPlan("Returns the tags, list of TagObject").actionIndex == 0)
        #expect(
            try Self.top("Returns nothing; deletes the workflow definition", in: "orkes").first
                == "DELETE /api/metadata/workflow/{name}/{version}")
        #expect(
            try Self.top(
                "Given the target, returns all permissions associated with it as a Dict of str, List of SubjectRef",
                in: "orkes"
            ).first == "GET /api/auth/authorization/{type}/{id}")
        #expect(
            try Self.top("Returns all subjects that have been granted access to a specific resource", in: "orkes")
                .first == "GET /api/auth/authorization/{type}/{id}")
    }

    @Test("adverbs, the pronoun 'one', 'once' and 'able' are never the head noun")
    func wordsThatNameNothing() throws {
        #expect(QueryPlan("Signal Running Task Asynchronously").headTerm == Stemmer.stem("task"))
        #expect(QueryPlan("Execute Workflow Asynchronously").headTerm == Stemmer.stem("workflow"))
        #expect(QueryPlan("update the workflow or create one").headTerm == Stemmer.stem("workflow"))
        #expect(QueryPlan("Fire the schedule's agent once").headTerm == Stemmer.stem("agent"))
        // An adverb of a vocabulary group names its thing: "synchronously" is what tells `/signal/sync` apart.
        #expect(QueryPlan("signal synchronously").headTerm == Stemmer.stem("synchronously"))
        #expect(
            try Self.top("signal synchronously", in: "orkes").first
                == "POST /api/tasks/{workflowId}/{status}/signal/sync")
        #expect(!QueryPlan("Signal Running Task Asynchronously").nounIndices.contains { $0 == 3 })
        // Short words in -ly may be nouns or adjectives.
        #expect(QueryPlan("get the daily report").nounIndices.count == 2)
        #expect(
            try Self.top("You should be able to update your workflow after adding new tasks").first
                == "PUT /api/metadata/workflow")
    }

    @Test("an owner named in a path variable: 'executions for a specific handler', 'a task in a workflow execution'")
    func ownerInVariable() throws {
        #expect(
            try Self.top("Updates the status of a running task in a workflow execution").first
                == "POST /api/tasks/{workflowId}/{taskRefName}/{status}")
    }

    @Test("a DELETE comes first only when the query asks to remove something")
    func unaskedDelete() throws {
        let read = try Self.top("get the role of a specific application", in: "orkes")
        #expect(read.first?.hasPrefix("DELETE") == false)
        #expect(try Self.top("role of a specific application", in: "orkes").first?.hasPrefix("DELETE") == false)
        #expect(try Self.top("get the methods of a registry service", in: "orkes").first?.hasPrefix("DELETE") == false)
        #expect(
            try Self.top("delete the role of an application", in: "orkes").first
                == "DELETE /api/applications/{applicationId}/roles/{role}")
        #expect(try Self.top("terminate a workflow").first == "DELETE /api/workflow/{workflowId}")
    }

    @Test(
        "values the query writes (ids, quoted names, key=value) and states in capitals count little and are no action")
    func valuesAndCapitalStates() throws {
        let (values, states, listed, _, ids) = QueryPlan.values(
            in: "find executions whose id is order-5531, tag 'approve' team=payments")
        #expect(values == ["order", "5531", "approve", "team", "payments"])
        #expect(ids == ["order", "5531"])
        #expect(states.isEmpty)
        #expect(!listed)
        #expect(QueryPlan.values(in: "pause wf-1, wf-2 and wf-3").listed)
        #expect(!QueryPlan.values(in: "get workflow 123, version 2").listed)
        #expect(QueryPlan("pause wf-1, wf-2").asksForMany)
        #expect(try Self.top("pause workflow wf-1, wf-2, wf-3", in: "orkes").first == "PUT /api/workflow/bulk/pause")
        // A version suffix is part of a name, not a value; a query in capitals has no capital states.
        #expect(QueryPlan.values(in: "use search-v2 or v3").values.isEmpty)
        #expect(QueryPlan.values(in: "search workflows with status RUNNING").states == ["running"])
        #expect(QueryPlan.values(in: "GET WORKFLOW STATUS").states.isEmpty)
        let running = QueryPlan("search workflows by correlationId and status RUNNING")
        #expect(running.actionIndex.map { running.terms[$0] } == Stemmer.stem("search"))
        #expect(running.weights[running.terms.firstIndex(of: Stemmer.stem("running"))!] == QueryPlan.stateWordWeight)
        let quoted = QueryPlan("complete task 'approve' of workflow wf-3")
        #expect(quoted.weights[quoted.terms.firstIndex(of: Stemmer.stem("approve"))!] == QueryPlan.valueWeight)
        #expect(quoted.headTerm == Stemmer.stem("task"))
        // A state the query puts something into is still the action ("put to a PAUSED status").
        #expect(QueryPlan("A running workflow can be put to a PAUSED status").methodIntent == ["PUT", "POST"])
        #expect(
            try Self.top("search workflows by correlationId and status RUNNING", in: "orkes").first
                == "GET /api/workflow/search")
        #expect(try Self.top("write a log entry for task t-3", in: "netflix").first == "POST /api/tasks/{taskId}/log")
    }

    @Test("'these', 'those' and 'a list of' point at many given items: the bulk endpoint answers")
    func pointersAtMany() throws {
        #expect(QueryPlan("retry these failed runs").asksForMany)
        #expect(QueryPlan("here is the list of ids").asksForMany)
        #expect(!QueryPlan("list the workflows").asksForMany)
        #expect(!QueryPlan("retry the failed run").asksForMany)
        #expect(
            try Self.top("retry all of these failed runs: w1, w2, w3", in: "netflix").first
                == "POST /api/workflow/bulk/retry")
        #expect(
            try Self.top("terminate the workflows in this list of ids", in: "orkes").first
                == "POST /api/workflow/bulk/terminate")
    }

    @Test("an action's word ending a phrase after an article is a noun; what a contraction leaves is no word")
    func nounAfterArticleAndContractions() throws {
        // "in a list": the list holds the ids; the request is the retry that follows.
        let story =
            "We had an outage and a bunch of executions ended up FAILED. I've collected their ids in a list "
            + "(about 80). Please retry all of them in a single request, I don't want to loop."
        let plan = QueryPlan(story)
        #expect(plan.actionIndex.map { plan.terms[$0] } == Stemmer.stem("retry"))
        #expect(plan.methodIntent?.contains("GET") == false)
        for fragment in ["ve", "don", "t"] { #expect(!plan.terms.contains(fragment), "\(fragment)") }
        #expect(try Self.top(story, in: "orkes").first == "POST /api/workflow/bulk/retry")
        // Before the noun it qualifies, or with no article, the word is still the action.
        #expect(QueryPlan("list the workflows").actionIndex == 0)
        #expect(QueryPlan("send a test payload to webhook wh-33").methodIntent?.contains("POST") == true)
        #expect(QueryPlan("we can't delete the schedule, why?").terms.contains("t") == false)
        // A noun after an article is still corrected: "the secert" is the secret.
        #expect(try Self.top("delete the secert", in: "orkes").first == "DELETE /api/secrets/{key}")
    }

    @Test("what recurs on a clock ('every day', 'each monday', 'nightly') is a schedule; 'every' there counts nothing")
    func recurrenceMeansSchedule() throws {
        let plan = QueryPlan("run my report workflow every day at 2am")
        #expect(plan.terms.contains(Stemmer.stem("schedule")))
        #expect(!plan.mentionsAll)
        #expect(
            try Self.top("run my report workflow every day at 2am", in: "orkes").first
                == "POST /api/scheduler/schedules")
        #expect(Vocabulary.saysRecurrence(Tokenizer.words("start it each Monday")))
        #expect(!QueryPlan("start the billing workflow every monday").mentionsAll)
        #expect(Vocabulary.saysRecurrence(Tokenizer.words("every 15 minutes")))
        #expect(!Vocabulary.saysRecurrence(Tokenizer.words("pause every workflow")))
        #expect(QueryPlan("pause every workflow").mentionsAll)
        #expect(!QueryPlan("run my report workflow now").terms.contains(Stemmer.stem("schedule")))
    }

    @Test("everyday verbs: wipe, get rid of, spin up, bump, write; a JWT is a token; 'tag X with' tags")
    func everydayVerbs() throws {
        #expect(try Self.top("wipe a secret", in: "orkes").first == "DELETE /api/secrets/{key}")
        #expect(try Self.top("get rid of the schedule", in: "orkes").first == "DELETE /api/scheduler/schedules/{name}")
        #expect(try Self.top("spin up a workflow", in: "orkes").first == "POST /api/workflow")
        #expect(
            try Self.top("bump the retry count on task def send_email", in: "orkes").first
                == "PUT /api/metadata/taskdefs")
        #expect(try Self.top("exchange my key id and secret for a JWT", in: "orkes").first == "POST /api/token")
        #expect(QueryPlan.leadsAsVerb(["tag", "secret", "stripe", "key", "with", "team"]))
        #expect(
            try Self.top("tag secret STRIPE_KEY with team=payments", in: "orkes").first == "PUT /api/secrets/{key}/tags"
        )
        // A name written as code after a noun is that thing's name, even when it opens with an action.
        #expect(QueryPlan.values(in: "tag workflow terminate_stale_runs with owner=ops").names.contains("terminate"))
        #expect(
            try Self.top("tag workflow terminate_stale_runs with owner=ops", in: "orkes").first?.hasSuffix(
                " /api/metadata/workflow/{name}/tags") == true)
        // A value's words are no grammar: the "on" of on_order_created does not end the object before "with".
        let tagHandler = "tag event handler on_order_created with domain=orders"
        #expect(QueryPlan(tagHandler).methodIntent?.contains("PUT") == true)
        #expect(try Self.top(tagHandler, in: "orkes").first == "PUT /api/event/{name}/tags")
        // "give" leading a command grants; "give me" still reads.
        #expect(QueryPlan("give the ops group access").methodIntent == ["POST", "PUT"])
        #expect(QueryPlan("give me the workflow").methodIntent == ["GET"])
        // Phrasal verbs say their action in two words.
        try Self.expectFirsts([
            ("shut down workflow wf-2", "oss", "DELETE /api/workflow/{workflowId}"),
            ("take over human task 55", "orkes", "POST /api/human/tasks/{taskId}/claim"),
            ("clean up workflow wf-4 from the system", "oss", "DELETE /api/workflow/{workflowId}/remove"),
            ("set up a schedule for nightly_export", "orkes", "POST /api/scheduler/schedules"),
            // After a form of "be" or "get" one says a state; before "done" it is the thing done.
            ("workflow abc was shut down - why?", "oss", "GET /api/workflow/{workflowId}"),
            ("which event handlers are set up", "netflix", "GET /api/event"),
            ("clean up done; list all environment variables", "orkes", "GET /api/environment"),
        ])
        #expect(Vocabulary.replacingPhrases(in: ["it", "got", "shut", "down"]) == ["it", "got", "stopped"])
        #expect(Vocabulary.replacingPhrases(in: ["clean", "up", "done"]) == ["clean", "up", "done"])
        // A phrasal verb added later gets its participle, or it would act where it only describes.
        for phrase in Vocabulary.phrases where phrase.meaning.count == 1 && phrase.meaning[0] != "get" {
            #expect(Vocabulary.phraseParticiples[phrase.meaning[0]] != nil, "\(phrase.words)")
        }
    }

    @Test("'whose' introduces the key to look up, as 'by' does")
    func whoseNamesParameter() throws {
        let plan = QueryPlan("find executions of checkout whose correlation id is order-5531")
        #expect(plan.namesParameter[plan.terms.firstIndex(of: Stemmer.stem("correlation"))!])
        let ranked = try Self.top("find executions of checkout whose correlation id is order-5531", in: "orkes")
        #expect(ranked.prefix(2).contains("GET /api/workflow/{name}/correlated/{correlationId}"))
    }

    @Test("after a hostile pass: a name that repeats the verb, method names and emphasis in capitals, URLs")
    func valuesHostilePass() throws {
        // A word the query also writes plainly is no value: the verb of "delete … 'delete_logs_daily'" still acts.
        #expect(
            try Self.top("delete the schedule 'delete_logs_daily'", in: "orkes").first
                == "DELETE /api/scheduler/schedules/{name}")
        #expect(
            try Self.top("terminate workflow terminate-test-1", in: "orkes").first
                == "DELETE /api/workflow/{workflowId}")
        // Capitals make a state only of a participle: a method name, emphasis or "ALL" keeps its meaning.
        #expect(try Self.top("DELETE task definition", in: "orkes").first == "DELETE /api/metadata/taskdefs/{tasktype}")
        #expect(
            try Self.top("RESUME the paused workflow", in: "orkes").first == "PUT /api/workflow/{workflowId}/resume")
        #expect(try Self.top("pause ALL schedules", in: "orkes").first == "GET /api/scheduler/admin/pause")
        // A URL's path words count; its scheme, host and port are values; a colon inside a token ends no clause.
        #expect(
            QueryPlan.values(in: "put http://localhost:8080/api/workflow/abc/pause").values == [
                "http", "localhost", "8080",
            ])
        #expect(QueryPlan.clauses(of: "queue kafka:orders") == ["queue kafka:orders"])
        #expect(QueryPlan.clauses(of: "runs: w1") == ["runs", " w1"])
        #expect(
            try Self.top("put http://localhost:8080/api/workflow/abc/pause", in: "orkes").first
                == "PUT /api/workflow/{workflowId}/pause")
        // A name written as code is a value even with a version suffix: it is the user's workflow, not an API word.
        #expect(QueryPlan.values(in: "start start_onboarding_v2 now").values == ["onboarding", "v2"])
        #expect(QueryPlan.values(in: "start search-v2 now").values.isEmpty)
    }

    @Test("a name written as code is a value; a thing given by its name is not looked up by an id")
    func namesAreNotIds() throws {
        let found = QueryPlan.values(in: "mark task wait_for_approval of workflow w1 and STRIPE_KEY")
        #expect(found.values == ["wait", "for", "approval", "w", "1", "stripe", "key"])
        #expect(found.names == ["wait", "for", "approval", "stripe", "key"])
        // Before the noun or after it; an id ("w1") names nothing by name.
        let plan = QueryPlan("mark WAIT task wait_for_approval in workflow w1 as COMPLETED")
        #expect(plan.namedItems.map { plan.terms[$0] } == [Stemmer.stem("task")])
        let before = QueryPlan("start the order_fulfillment workflow")
        #expect(before.namedItems.map { before.terms[$0] } == [Stemmer.stem("workflow")])
        #expect(QueryPlan("complete task t-17 in workflow w1").namedItems.isEmpty)
        #expect(SearchEngine.nameNouns(of: "/api/queue/update/{workflowId}/{taskRefName}/{status}") == ["task", "ref"])
        #expect(SearchEngine.nameNouns(of: "/api/metadata/workflow/{name}") == ["workflow"])
        #expect(SearchEngine.nameNouns(of: "/api/workflow/{workflowId}/restart").isEmpty)
        // A task given by its reference name answers the endpoint that takes one, one given by an id the other.
        let byName = "POST /api/queue/update/{workflowId}/{taskRefName}/{status}"
        let byId = "POST /api/queue/update/{workflowId}/task/{taskId}/{status}"
        #expect(
            try Self.top("mark WAIT task wait_for_approval in workflow w1 as COMPLETED", in: "netflix").first == byName)
        #expect(
            try Self.top("complete the WAIT task 'wait_for_payment' in workflow w1 by publishing to the queue").first
                == byName)
        #expect(
            try Self.top("complete task t-17 in workflow w1 by publishing to the queue", in: "netflix").first == byId)
    }

    @Test("states and times in a question: 'which workflows failed in the last hour' finds them")
    func statesAndTimes() throws {
        let words = ["which", "workflows", "failed", "in", "the", "last", "hour"]
        #expect(Vocabulary.timePhrases(in: words) == [5, 6])
        #expect(Vocabulary.timePhrases(in: ["since", "yesterday"]) == [0, 1])
        #expect(Vocabulary.timePhrases(in: ["failed", "runs", "since", "monday"]) == [2, 3])
        #expect(Vocabulary.timePhrases(in: ["runs", "from", "2", "days", "ago"]) == [2, 3, 4])
        #expect(Vocabulary.timePhrases(in: ["retry", "the", "last", "failed", "task"]).isEmpty)
        #expect(Vocabulary.timePhrases(in: ["poll", "timeout", "in", "seconds"]).isEmpty)
        let plan = QueryPlan("which workflows failed in the last hour?")
        #expect(plan.terms == [Stemmer.stem("workflows"), Stemmer.stem("failed"), Stemmer.stem("search")])
        #expect(plan.weights[1] == QueryPlan.stateWordWeight)
        #expect(plan.headTerm == Stemmer.stem("workflows"))
        #expect(
            try Self.top("which workflows failed in the last hour?", in: "orkes").first == "GET /api/workflow/search")
        #expect(try Self.top("which tasks timed out yesterday", in: "netflix").first == "GET /api/tasks/search")
        // An action still acts: the last failed task is retried.
        #expect(
            try Self.top("retry the last failed task of workflow w1", in: "orkes").first
                == "POST /api/workflow/{workflowId}/retry")
    }

    @Test("after a hostile pass: states of many things, wanting a thing done, operation names, settings, marks")
    func stateDescriptionsHostilePass() throws {
        // The endpoint each request must rank first: (query, document, endpoint).
        let firsts: [(String, String, String)] = [
            // A participle of an action describing plural things, with no action or a read, asks to find them; one
            // relating them to something does not.
            ("which workflows were terminated today", "oss", "GET /api/workflow/search"),
            ("terminated workflows", "orkes", "GET /api/workflow/search"),
            ("failed workflows", "orkes", "GET /api/workflow/search"),
            ("show failed workflows", "oss", "GET /api/workflow/search"),
            ("get the terminated workflows", "orkes", "GET /api/workflow/search"),
            ("tags attached to workflow checkout_flow", "orkes", "GET /api/metadata/workflow/{name}/tags"),
            // After the object of a verb of wanting, the participle is the action; after "been" or in a relative
            // clause it is not.
            ("I need workflow 8f14e45f terminated now", "orkes", "DELETE /api/workflow/{workflowId}"),
            ("I want the workflow paused", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            ("have the workflows been terminated?", "orkes", "GET /api/workflow/search"),
            (
                "You should be able to get your task definiton that you added previously", "orkes",
                "GET /api/metadata/taskdefs/{tasktype}"
            ),
            // An operation's name written as code keeps its action.
            ("delete_queue_config", "orkes", "DELETE /api/event/queue/config/{queueType}/{queueName}"),
            ("GRANT_PERMISSIONS", "orkes", "POST /api/auth/authorization"),
            // A value's words mention no path word: "bulk" in a schedule's name asks for no bulk endpoint.
            ("resume schedule bulk_restart_job", "orkes", "GET /api/scheduler/schedules/{name}/resume"),
            // A setting after a comma is no second item.
            ("kill wf-3001, reason=manual", "oss", "DELETE /api/workflow/{workflowId}"),
            // A hyphenated name is the user's; a hyphenated phrase keeps its meaning.
            ("pause the daily-report schedule", "orkes", "GET /api/scheduler/schedules/{name}/pause"),
            ("dry-run my workflow with mocked task outputs", "orkes", "POST /api/workflow/test"),
            // Accents and widths are folded; a combining mark left after composition does not split the word.
            ("pa\u{336}use workflow", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            ("pa\u{301}use workflow", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            ("páuse workflow", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            ("ｐａｕｓｅ workflow", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            // Shorthand and everyday verbs.
            ("wf defs list", "orkes", "GET /api/metadata/workflow"),
            ("tear down the schedule old-cleanup", "orkes", "DELETE /api/scheduler/schedules/{name}"),
            ("silence the nightly-sync schedule", "orkes", "GET /api/scheduler/schedules/{name}/pause"),
            ("strip the ADMIN role from app ci-bot", "orkes", "DELETE /api/applications/{applicationId}/roles/{role}"),
            ("try my prompt against gpt-4o", "orkes", "POST /api/prompts/test"),
            ("try again the failed workflow w1", "orkes", "POST /api/workflow/{workflowId}/retry"),
            ("kick the decider for workflow 8c", "oss", "PUT /api/workflow/decide/{workflowId}"),
        ]
        try Self.expectFirsts(firsts)
        #expect(
            try Self.top("kick off the order_fulfillment workflow", in: "orkes").first?.hasPrefix("POST /api/workflow")
                == true)
        // What the value reading finds: a name after an action is the user's; an operation's name is not a value; a
        // setting is no second item; an address is a value; a hyphenated word the API knows is no value.
        #expect(QueryPlan.values(in: "start the create_user workflow").values == ["create", "user"])
        #expect(QueryPlan.values(in: "delete_queue_config now").values.isEmpty)
        #expect(!QueryPlan.values(in: "kill wf-3001, reason=manual").listed)
        #expect(QueryPlan.values(in: "add jane@acme.com to group ops").values == ["jane", "acme", "com"])
        let known: (String) -> Bool = { ["daily", "schedule", "search", "task", "progress"].contains($0) }
        #expect(QueryPlan.values(in: "pause the daily-report schedule", isKnown: known).values == ["daily", "report"])
        #expect(QueryPlan.values(in: "use search-by-tasks", isKnown: known).values.isEmpty)
        #expect(QueryPlan.values(in: "tasks in-progress", isKnown: known).values.isEmpty)
    }

    @Test("a word the API runs together ('taskdef') is no abbreviation of its first part, and mentions its parts")
    func compoundsInTheQuery() throws {
        #expect(try Self.top("taskdefs", in: "netflix").first == "GET /api/metadata/taskdefs")
        #expect(try Self.top("get taskdef ocr", in: "netflix").first == "GET /api/metadata/taskdefs/{tasktype}")
        #expect(try Self.top("taskdef update timeout", in: "orkes").first == "PUT /api/metadata/taskdefs")
        // A path word still abbreviates a query word whose rest is no word ("config" for "configuration").
        #expect(
            try Self.top("configuration of the queue", in: "orkes").first
                == "GET /api/event/queue/config/{queueType}/{queueName}")
        // Said whole, a compound mentions its parts: no penalty for path words the query did not say.
        #expect(try Self.top("delete taskdef foo").first == "DELETE /api/metadata/taskdefs/{tasktype}")
        #expect(try Self.top("delete taskdefs foo", in: "orkes").first == "DELETE /api/metadata/taskdefs/{tasktype}")
    }

    @Test("'who am I' asks for the caller's user info")
    func whoAmI() throws {
        for query in ["who am I according to my token?", "whoami"] {
            #expect(try Self.top(query, in: "orkes").first == "GET /api/token/userInfo")
        }
    }

    @Test("'running' names a state, not the act of running: 'run workflow' starts one")
    func runningIsAState() throws {
        #expect(Stemmer.stem("running") == "running")
        #expect(Stemmer.stem("runs") == "run")
        #expect(QueryPlan("running workflows").actionIndex == nil)
        #expect(try Self.top("run workflow", in: "orkes").first?.hasSuffix("/upgrade") == false)
        #expect(try Self.top("get running workflows", in: "orkes").first == "GET /api/workflow/running/{name}")
    }

    @Test("questions about what is or was, ids, times, and variables that name another thing")
    func questionsIdsAndVariables() throws {
        // The endpoint each request must rank first: (query, document, endpoint).
        let firsts: [(String, String, String)] = [
            // A variable naming another thing than the word before it holds one of that thing: the messages of
            // one event are no single message.
            ("get event messages", "orkes", "GET /api/event/message/{event}"),
            // Being alive is health; the newest is the latest.
            ("is conductor alive?", "netflix", "GET /health"),
            ("newest version of each workflow def", "oss", "GET /api/metadata/workflow/latest-versions"),
            // A question about what was done reads; a question that asks for an action to be done does not.
            ("what did the worker write to the log for task 1234abcd?", "orkes", "GET /api/tasks/{taskId}/log"),
            ("is there a way to pause workflow w1?", "orkes", "PUT /api/workflow/{workflowId}/pause"),
            ("is there an endpoint that terminates a workflow", "oss", "DELETE /api/workflow/{workflowId}"),
            ("did the deploy; now start workflow order_flow", "oss", "POST /api/workflow/{name}"),
            // A question about a state does not ask for the endpoint that changes it.
            ("is workflow wf-3001 paused?", "oss", "GET /api/workflow/{workflowId}"),
            ("has human task ht-77 been claimed", "orkes", "GET /api/human/tasks/{taskId}"),
            ("has the task def send_email been registered", "netflix", "GET /api/metadata/taskdefs/{tasktype}"),
            // A request with no verb that ends in a question mark asks what is, not to change it.
            ("taskdef http_poll timeout?", "orkes", "GET /api/metadata/taskdefs/{tasktype}"),
            // So does a last clause that asks what is and ends the request with a question mark; a command before
            // a question about a state still asks for the command.
            ("task def transcode - what's its retry policy?", "oss", "GET /api/metadata/taskdefs/{tasktype}"),
            ("retry workflow wf-9 - why is it failing?", "oss", "POST /api/workflow/{workflowId}/retry"),
            (
                "open the circuit breaker for payment-svc?", "orkes",
                "POST /api/registry/service/{name}/circuit-breaker/open"
            ),
            (
                "wf-3 on wrong branch - is there a way to jump to ship?", "orkes",
                "POST /api/workflow/{workflowId}/jump/{taskReferenceName}"
            ),
            // Ids one after another are several items.
            ("retry 7f3c9e1a 8a8b2c3d", "oss", "POST /api/workflow/bulk/retry"),
            // The pieces of an id are no words.
            ("where's wf 2b7e90c1 at? include tasks", "netflix", "GET /api/workflow/{workflowId}"),
            // "search-by-tasks" is a search of workflows by their tasks, not a resource named tasks.
            ("tasks search: status=IN_PROGRESS taskType=llm_call", "oss", "GET /api/tasks/search"),
        ]
        try Self.expectFirsts(firsts)
        #expect(QueryPlan.endsAsQuestion("server up? ") && !QueryPlan.endsAsQuestion("why? list the tasks"))
        #expect(QueryPlan("taskdef http_poll timeout?").namesState)
        #expect(!QueryPlan("pause workflow w1?").namesState)
        // A verb the vocabulary lacks still asks for its action: before an object, or where the request asks for a
        // way to act.
        #expect(!QueryPlan("open the circuit breaker for payment-svc?").namesState)
        #expect(!QueryPlan("human task 55 - is there a way to claim it?").namesState)
        #expect(QueryPlan.asksAboutState(["did", "the", "handler", "fire"]))
        #expect(QueryPlan.asksAboutState(["what", "did", "the", "worker", "write"]))
        #expect(!QueryPlan.asksAboutState(["is", "there", "a", "way", "to", "pause", "it"]))
        #expect(!QueryPlan.asksAboutState(["what", "do", "i", "call", "to", "pause", "it"]))
        #expect(!QueryPlan.asksAboutState(["is", "there", "an", "endpoint", "that", "terminates", "it"]))
        #expect(!QueryPlan.asksAboutState(["is", "it", "possible", "to", "quickly", "pause", "it"]))
        #expect(!QueryPlan.asksAboutState(["has", "to", "be", "paused"]))
        #expect(QueryPlan.asksAboutState(["what", "tags", "are", "set", "on", "schedule", "nightly"]))
        // A question about what is asks for a read, not for the endpoint of the verb it uses.
        for query in ["what tags are set on schedule nightly", "what is the terminate reason for workflow 4"] {
            #expect(try Self.top(query, in: "orkes").first?.hasPrefix("GET ") == true, "\(query)")
        }
        let question = QueryPlan("what did the worker write to the log for task 1234abcd?")
        #expect(question.methodIntent == nil && question.actionIndex == nil)
        #expect(QueryPlan.values(in: "resume wf-1 wf-2 wf-3").listed)
        #expect(!QueryPlan.values(in: "start order_flow version 2").listed)
        #expect(!QueryPlan.values(in: "pause 'nightly' 7f3c9e1a").listed)
        // An id's pieces are dropped; a known word inside a value ("wf") is kept.
        let ids = QueryPlan("which application owns access key 7f3c9e1a?")
        #expect(!ids.terms.contains("f") && !ids.terms.contains("7") && !ids.terms.contains("c"))
        #expect(QueryPlan("kill wf-3001 now", isKnown: { $0 == "wf" }).terms.contains("wf"))
        // "since" and the clock time after it only say when; so does "right now".
        #expect(Vocabulary.timePhrases(in: ["messages", "since", "10", "00"]) == [1, 2, 3])
        #expect(Vocabulary.timePhrases(in: ["state", "in", "right", "now"]) == [2, 3])
        // "what state is it in" asks about a state, as "is it paused" does.
        #expect(QueryPlan("what state is wf-81c2 in right now").namesState)
        #expect(!QueryPlan("what to do with wf-81c2").namesState)
        #expect(SearchEngine.singleItemTerms(of: "/event/message/{event}") == [Stemmer.stem("event")])
        #expect(SearchEngine.singleItemTerms(of: "/users/{userId}") == ["user", "user", "id"])
        #expect(SearchEngine.singleItemTerms(of: "/metadata/workflow/{name}") == ["workflow", Stemmer.stem("name")])
    }

    @Test("a summary about all of a thing does not answer a query about one of it ('save an integration')")
    func singularOfAll() throws {
        #expect(SearchEngine.allOfTerms(of: "Delete all versions of schema by name") == [Stemmer.stem("versions")])
        #expect(
            SearchEngine.allOfTerms(of: "Set (replaces all existing) the tags of the workflow") == [
                Stemmer.stem("tags")
            ])
        #expect(SearchEngine.allOfTerms(of: "Gets all task definition").isEmpty)
        #expect(SearchEngine.allOfTerms(of: "Get task by id").isEmpty)
        try Self.expectFirsts([
            // "Save all Integrations" takes a list; one integration is saved under its provider.
            ("save an integration", "orkes", "POST /api/integrations/provider/{name}/integration/{integration_name}"),
            // The template (which takes a version), not "Get all versions of a Template".
            ("get a version of prompt template greet", "orkes", "GET /api/prompts/{name}"),
            // Said with "all", the endpoint for all of them.
            ("delete all versions of schema invoice", "orkes", "DELETE /api/schema/{name}"),
            ("delete a schema version", "orkes", "DELETE /api/schema/{name}/{version}"),
            // No path addresses one tag: "tag" said loosely still means the workflow's tags.
            ("get tag of workflow billing", "orkes", "GET /api/metadata/workflow/{name}/tags"),
        ])
    }

    @Test("'all' counts the noun after it, even as the action: a path's 'all' answers only for that noun")
    func whatAllCounts() throws {
        let tags = QueryPlan("fetch all tags attached to an integration")
        #expect(tags.allNoun.map { tags.terms[$0] } == Stemmer.stem("tags"))
        // Said again after "all", a noun already read is still what it counts.
        let sizes = QueryPlan("task queue sizes for all tasks in the cluster")
        #expect(sizes.allNoun.map { sizes.terms[$0] } == Stemmer.stem("tasks"))
        // Read as the listing action, "all" still counts what follows.
        let leading = QueryPlan("all queue sizes")
        #expect(leading.actionIndex == 0 && leading.mentionsAll)
        #expect(leading.allNoun.map { leading.terms[$0] } == Stemmer.stem("queue"))
        try Self.expectFirsts([
            // All the tags of one integration, not `/integrations/all`.
            (
                "fetch all tags attached to an integration", "orkes",
                "GET /api/integrations/provider/{name}/integration/{integration_name}/tags"
            ),
            // The sizes of every queue at once, not one type's.
            ("queue sizes for all tasks", "orkes", "GET /api/tasks/queue/all"),
            ("queue sizes for all tasks", "oss", "GET /api/tasks/queue/all"),
            ("all queue sizes", "oss", "GET /api/tasks/queue/all"),
        ])
    }

    @Test("a noun said again after 'a particular' names the one item; 'specific' and its like name none")
    func ownerSaidAgain() throws {
        for query in [
            "event handlers configured for a particular event", "show the event handlers set up for a single event",
        ] {
            let plan = QueryPlan(query)
            #expect(plan.ownerPhrases.map { $0.map { plan.terms[$0] } } == [[Stemmer.stem("event")]], "\(query)")
            #expect(try Self.top(query, in: "orkes").first == "GET /api/event/{event}", "\(query)")
        }
        // Continuing a phrase, a noun said before stays out of it: "an application user" is the application's.
        let continued = QueryPlan("add a role to the user of an application user")
        #expect(continued.ownerPhrases.map { $0.map { continued.terms[$0] } }.last == [Stemmer.stem("application")])
    }

    @Test("a question about who, or a person's pronoun, is about users")
    func whoAsksForUsers() throws {
        #expect(QueryPlan("who's in the ops group").terms.contains(Stemmer.stem("user")))
        #expect(try Self.top("who's in the ops group", in: "orkes").first == "GET /api/groups/{id}/users")
        // A person's pronoun is about a user too.
        let pronoun = "what is bob allowed to do? list his granted permissions"
        #expect(try Self.top(pronoun, in: "orkes").first == "GET /api/users/{userId}/permissions")
        // "who am i" is a phrase of its own.
        #expect(QueryPlan("who am i").terms == ["get", "user", "info"].map(Stemmer.stem))
    }

    @Test("a question with no action, then its restatement: the later clause counts in full")
    func questionRestated() throws {
        let query = "is the conductor server up? liveness check for k8s probe"
        #expect(QueryPlan(query).inLaterClause.allSatisfy { !$0 })
        #expect(try Self.top(query, in: "orkes").first == "GET /health")
        // With an action the question is the operation's, and what follows details it.
        let withAction = QueryPlan("pause workflow wf-1? it keeps failing")
        #expect(withAction.inLaterClause.contains(true))
        #expect(!QueryPlan.opensWithQuestion("status of wf-1, is it done?", firstClause: "status of wf-1"))
    }

    @Test("a server that is up is healthy; 'up' in a phrasal verb is not")
    func upIsHealth() throws {
        try Self.expectFirsts([
            ("is conductor up?", "netflix", "GET /health"),
            ("server up?", "orkes", "GET /health"),
            ("look up executions by correlation id", "oss", "GET /api/workflow/{name}/correlated/{correlationId}"),
            ("set up a schedule for nightly_export", "orkes", "POST /api/scheduler/schedules"),
            ("conductor up or down", "orkes", "GET /health"),
        ])
        // After a verb "up" is a particle: "look up task abc123" is no health check.
        #expect(!QueryPlan("look up task abc123").concepts.contains(Vocabulary.concept(of: "health")))
        #expect(QueryPlan("conductor up or down").concepts.contains(Vocabulary.concept(of: "health")))
        #expect(try Self.top("look up task abc123").first != "GET /health")
    }

    @Test("a queue's depth is its size")
    func queueDepth() throws {
        #expect(QueryPlan("queue depth email_send").concepts.contains(Vocabulary.concept(of: Stemmer.stem("size"))))
        #expect(try Self.top("queue depth email_send", in: "orkes").contains("GET /api/tasks/queue/sizes"))
    }

    @Test("a thing given by its id, to the endpoint that takes that thing's id")
    func givenId() throws {
        let plan = QueryPlan("which application owns access key 7f3c9e1a?")
        #expect(plan.identifiedItems.map { plan.terms[$0] } == [Stemmer.stem("key")])
        #expect(
            try Self.top("which application owns access key 7f3c9e1a?", in: "orkes").first
                == "GET /api/applications/key/{accessKeyId}")
        #expect(
            SearchEngine.idNouns(of: "/api/applications/{applicationId}/accessKeys/{keyId}/status")
                == [
                    "application", "key",
                ].map(Stemmer.stem))
        #expect(SearchEngine.idNouns(of: "/api/groups/{id}/users") == [Stemmer.stem("groups")])
        // Looking up a thing given by its id reads it, as a lookup by its key does.
        #expect(QueryPlan("look up task abc123").methodIntent == ["GET"])
        #expect(try Self.top("look up workflow wf-123", in: "orkes").first == "GET /api/workflow/{workflowId}")
        // Only for the method asked for: a read, with no action.
        #expect(try Self.top("groups of user u77", in: "orkes").first?.hasPrefix("GET ") == true)
        // Ids joined by "and" list several: the bulk endpoint, not the one behind the id.
        #expect(QueryPlan.values(in: "restart workflow wf-3 and wf-4").listed)
        #expect(try Self.top("restart workflow wf-3 and wf-4", in: "orkes").first == "POST /api/workflow/bulk/restart")
        // A setting is no id ("env=prod"), nor a name ('approve').
        #expect(QueryPlan("attach tag env=prod to workflow billing").identifiedItems.isEmpty)
        #expect(QueryPlan("complete task 'approve'").identifiedItems.isEmpty)
    }

    @Test("a query past the scalar cap is read to the cap, whatever its scripts")
    func cappedScalars() {
        let long = String(repeating: "é工a", count: 1_000)
        let capped = QueryPlan.capped(long)
        #expect(capped.unicodeScalars.count == QueryPlan.maximumScalars)
        #expect(long.hasPrefix(capped))
        #expect(QueryPlan.capped("pause wf-1") == "pause wf-1")
        #expect(QueryPlan.string(of: Array("wf-3 é工".unicodeScalars)[...]) == "wf-3 é工")
    }
}

/// The numbers of the ranking: BM25F field weights and the factors applied after the sum.
///
/// `fitted` was found by coordinate descent on development sets only (`Fixtures/eval`: `search-sdk-dev.jsonl`,
/// `search-held-dev.jsonl`, `search-dev.jsonl`, `search-olddocs-dev.jsonl`, `search-pydocs-dev.jsonl`,
/// `search-docs-dev.jsonl`, each weighted by the square root of its size); the held-out test part is measured, never
/// fitted on, and `search-transfer-dev.jsonl` (the same queries asked of the other documents) is a check.
/// `conductor-mcp-bench specs --fit Fixtures/eval/search-sdk-dev.jsonl Fixtures/eval/search-held-dev.jsonl
/// Fixtures/eval/search-dev.jsonl Fixtures/eval/search-olddocs-dev.jsonl Fixtures/eval/search-pydocs-dev.jsonl
/// Fixtures/eval/search-docs-dev.jsonl` reruns the fit from these values. None of
/// these names or favours an endpoint of any particular API.
public struct SearchWeights: Sendable, Equatable {
    /// Weight of each `SearchField`, by raw value.
    public var fields: [Double]
    /// BM25 term-frequency saturation.
    public var k1: Double
    /// BM25 length normalisation.
    public var b: Double
    /// A match through a vocabulary group counts this much of an exact match.
    public var conceptWeight: Double
    /// How much covering the whole query counts: a hit is multiplied by 1 - coverage + coverage × the share of the
    /// query's terms it matches, so two-word matches beat one strong word.
    public var coverage: Double
    /// Multiplies a hit once for each noun of the query that names a resource somewhere in the API's paths but
    /// that the endpoint does not match: "modify a workflow definition" is not about task definitions.
    public var missedObject: Double
    /// Multiplies a hit whose endpoint matches nothing of the query's leading action word.
    public var missedAction: Double
    /// Multiplies a hit whose last literal path word is the query's head noun.
    public var resourceMatch: Double
    /// Multiplies a hit whose last literal path word is another noun of the query (not its head).
    public var resourceMention: Double
    /// Multiplies a hit whose path ends in a variable (one item) when the query's head noun is plural, or whose
    /// path has a variable after the plural object of a changing verb ("terminate workflows":
    /// `/workflow/{workflowId}`).
    public var pluralSingleItem: Double
    /// Multiplies a hit whose method the leading action suggests.
    public var methodMatch: Double
    /// Multiplies a GET when the query has no action word: it names something to look at or asks about a state
    /// ("workflows that are paused").
    public var verblessGet: Double
    /// Multiplies an endpoint that is not a GET when the query has no action but names a state with an action's
    /// participle ("workflows that are paused") or asks a question about one ("was the task retried?"). Set by a
    /// sweep after the question reading (0.7 fitted before it; 0.5 lost no dev query and gained two agent-style ones).
    public var stateChange: Double
    /// Multiplies a hit whose method the leading action does not suggest.
    public var methodMismatch: Double
    /// Multiplies a hit for each literal path word the query does not mention.
    public var unmentionedPathWord: Double
    /// Multiplies a hit again for each scope-widening path word (bulk, batch) the query does not ask for.
    public var unaskedScope: Double
    /// Multiplies a hit that works on many items (a scope-widening path word, a list body) when the query asks for
    /// many ("several", "at once", "in one call").
    public var askedScope: Double
    /// How much a term after "by" ("by correlation id") counts again when it names a parameter or path variable.
    public var byParameter: Double
    /// Multiplies a hit by 1 + this × the share of the query's word pairs that appear side by side in its summary,
    /// operationId or path ("search by tasks" in `/search-by-tasks`): word order the bag of words loses.
    public var phrase: Double
    /// A query word that is a prefix of an API word, or the other way round ("healthy", "health"), counts this much.
    public var prefixWeight: Double
    /// Multiplies a hit whose summary has exactly the query's terms (stop words aside, in any order).
    public var summaryMatch: Double
    /// Multiplies a collection (a GET on a path without variables) when the query names one thing in the singular
    /// ("retrieve the workflow definition").
    public var singularCollection: Double
    /// Multiplies a collection when the query asks to list, or for all of a kind ("retrieve all prompt templates").
    public var collection: Double
    /// Multiplies a hit with a parameter or path variable whose name holds every word the query puts after "by"
    /// ("look up executions by correlation id": `{correlationId}`).
    public var parameterMatch: Double
    /// Multiplies a deprecated endpoint.
    public var deprecated: Double
    /// Multiplies a hit with a variable after the word the query names one of ("tags of a schedule":
    /// `/schedules/{name}/tags`), or with a variable named after it ("executions for a specific handler":
    /// `/event/execution/{eventHandlerName}`).
    public var ownerItem: Double
    /// How much a term counts that the query first says in a clause after the one with its action ("Resumes the
    /// paused workflow, evaluating its state": state): later clauses describe effects and details, not the
    /// operation.
    public var secondaryClause: Double
    /// Multiplies a hit whose request-body type, response type or parameter the query writes as an identifier
    /// ("returns a ConductorApplication", "Update task using TaskResult object").
    public var namedIdentifier: Double
    /// Multiplies a hit whose path says "all" (`/tasks/queue/all`) when the query says "all" or "every" without
    /// it being its action ("queue sizes for all tasks").
    public var allInPath: Double
    /// Multiplies a DELETE when the query does not ask to remove anything: a destructive endpoint must not answer a
    /// read or a question. Set, not fitted: no dev query moves at rank 1 or 5 at 0.4, 0.5, 0.8 or 1, so it is chosen
    /// for safety (a DELETE stays below a read that scores half as well).
    public var unaskedDelete: Double
    /// Multiplies a hit that takes the name of a thing the query gives by name ("complete task 'approve'":
    /// `{taskRefName}` rather than `{taskId}`), and again one that takes the id of a thing the query gives by id
    /// ("access key 7f3c9e1a": `{accessKeyId}`). Set by a sweep, not fitted: the dev sets never give a name,
    /// and on the agent dev sets 1.5 did best of 1, 1.5, 2 and 3 (for ids 1.3, 1.5 and 2 did the same).
    public var givenName: Double
    /// Multiplies a hit that takes its input in every way the query names ("Start with Path Parameters": a path
    /// variable; "query parameters", "request body"). Set by a sweep, not fitted: 1.25 and 1.5 each gained the same
    /// two dev queries (held-dev, transfer), 2 lost an SDK one.
    public var inputForm: Double
    /// Multiplies a hit whose summary speaks of all of the head noun ("Delete all versions of schema by name") when
    /// the query names one, in the singular, and says no "all" ("delete schema version"): the endpoint for one
    /// answers it. Only for a noun the API addresses one of (a path variable or the word before one says it). Set
    /// by a sweep, not fitted: 0.3 and 0.4 gained three SDK dev queries, 0.5 and 0.6 two, 0.7 one; 0.5 is taken for
    /// the milder step (at 0.4 a plain "get a user in group admins" left the group's users for one user's endpoint),
    /// and a hostile set of 437 scores the same at 0.4 and 0.5.
    public var singularOfAll: Double

    /// The weights fitted on the dev parts.
    public static let fitted = SearchWeights(
        fields: [1.17, 2.0, 5.86, 1.88, 0.75, 0.562, 0.8, 0.188, 0.281, 0.4], k1: 1.25, b: 0.8, conceptWeight: 0.2,
        coverage: 0.8, missedObject: 1, missedAction: 0.95, resourceMatch: 1.25, resourceMention: 1,
        pluralSingleItem: 0.45, methodMatch: 1.15, methodMismatch: 0.8, unmentionedPathWord: 0.7, unaskedScope: 1,
        askedScope: 1.15, byParameter: 1.15, phrase: 0.6, prefixWeight: 0.5, summaryMatch: 2,
        singularCollection: 0.75, collection: 1.3, parameterMatch: 1.5, deprecated: 0.45,
        ownerItem: 1.35, verblessGet: 1.1, stateChange: 0.5, secondaryClause: 0.1, namedIdentifier: 1.8, allInPath: 2,
        unaskedDelete: 0.5, givenName: 1.5, inputForm: 1.5, singularOfAll: 0.5)

    /// Weights from explicit values; see the properties for what each does.
    public init(
        fields: [Double], k1: Double, b: Double, conceptWeight: Double, coverage: Double,
        missedObject: Double, missedAction: Double, resourceMatch: Double,
        resourceMention: Double, pluralSingleItem: Double, methodMatch: Double, methodMismatch: Double,
        unmentionedPathWord: Double, unaskedScope: Double,
        askedScope: Double, byParameter: Double, phrase: Double, prefixWeight: Double,
        summaryMatch: Double, singularCollection: Double, collection: Double, parameterMatch: Double,
        deprecated: Double, ownerItem: Double, verblessGet: Double,
        stateChange: Double, secondaryClause: Double, namedIdentifier: Double, allInPath: Double,
        unaskedDelete: Double, givenName: Double, inputForm: Double, singularOfAll: Double
    ) {
        precondition(fields.count == SearchField.allCases.count, "one weight per SearchField")
        self.fields = fields
        self.k1 = k1
        self.b = b
        self.conceptWeight = conceptWeight
        self.coverage = coverage
        self.missedObject = missedObject
        self.missedAction = missedAction
        self.resourceMatch = resourceMatch
        self.resourceMention = resourceMention
        self.pluralSingleItem = pluralSingleItem
        self.methodMatch = methodMatch
        self.methodMismatch = methodMismatch
        self.unmentionedPathWord = unmentionedPathWord
        self.unaskedScope = unaskedScope
        self.askedScope = askedScope
        self.byParameter = byParameter
        self.phrase = phrase
        self.prefixWeight = prefixWeight
        self.summaryMatch = summaryMatch
        self.singularCollection = singularCollection
        self.collection = collection
        self.parameterMatch = parameterMatch
        self.deprecated = deprecated
        self.ownerItem = ownerItem
        self.verblessGet = verblessGet
        self.stateChange = stateChange
        self.secondaryClause = secondaryClause
        self.namedIdentifier = namedIdentifier
        self.allInPath = allInPath
        self.unaskedDelete = unaskedDelete
        self.givenName = givenName
        self.inputForm = inputForm
        self.singularOfAll = singularOfAll
    }

    /// The scalar factors by name, in the order the fit varies them one at a time.
    static let scalars: [(name: String, keyPath: any WritableKeyPath<SearchWeights, Double> & Sendable)] = [
        ("k1", \.k1), ("b", \.b), ("conceptWeight", \.conceptWeight), ("coverage", \.coverage),
        ("missedObject", \.missedObject), ("missedAction", \.missedAction), ("resourceMatch", \.resourceMatch),
        ("resourceMention", \.resourceMention), ("pluralSingleItem", \.pluralSingleItem),
        ("methodMatch", \.methodMatch), ("methodMismatch", \.methodMismatch),
        ("unmentionedPathWord", \.unmentionedPathWord), ("unaskedScope", \.unaskedScope),
        ("askedScope", \.askedScope), ("byParameter", \.byParameter), ("phrase", \.phrase),
        ("prefixWeight", \.prefixWeight), ("summaryMatch", \.summaryMatch),
        ("singularCollection", \.singularCollection), ("collection", \.collection),
        ("parameterMatch", \.parameterMatch), ("deprecated", \.deprecated), ("ownerItem", \.ownerItem),
        ("verblessGet", \.verblessGet), ("stateChange", \.stateChange), ("secondaryClause", \.secondaryClause),
        ("namedIdentifier", \.namedIdentifier), ("allInPath", \.allInPath), ("unaskedDelete", \.unaskedDelete),
        ("givenName", \.givenName), ("inputForm", \.inputForm), ("singularOfAll", \.singularOfAll),
    ]

    /// The names of `scalars`.
    public static let scalarNames = scalars.map(\.name)

    private static let scalarKeyPaths = Dictionary(uniqueKeysWithValues: scalars.map { ($0.name, $0.keyPath) })

    /// The scalar factor `name` (one of `scalarNames`); other names read 0 and write nothing.
    public subscript(scalar name: String) -> Double {
        get { Self.scalarKeyPaths[name].map { self[keyPath: $0] } ?? 0 }
        set {
            if let keyPath = Self.scalarKeyPaths[name] { self[keyPath: keyPath] = newValue }
        }
    }
}

/// A field of an endpoint's text, as BM25F weighs it.
public enum SearchField: Int, CaseIterable, Sendable {
    case summary, operationId, path, tags, parameters, pathVariables, requestType, bodyProperties, responseType,
        description
}

import Foundation

/// Building the search tables: fields, terms and postings per endpoint.
extension SearchEngine {
    /// Prepares the engine for `index` with the fitted weights.
    public init(index: EndpointIndex) {
        self.init(index: index, weights: .fitted)
    }

    /// Prepares the engine for `index` with `weights` (the fit varies them).
    public init(index: EndpointIndex, weights: SearchWeights) {
        self.index = index
        self.weights = weights
        let splitter = CompoundSplitter(
            texts: index.endpoints.flatMap { [$0.summary ?? "", $0.operationId ?? "", $0.description ?? ""] })
        var ids: [String: Int32] = [:]
        var conceptOfId: [Int32] = []
        func intern(_ term: String) -> Int32 {
            if let id = ids[term] { return id }
            let id = Int32(conceptOfId.count)
            ids[term] = id
            conceptOfId.append(id)
            let concept = Vocabulary.concept(of: term)
            if concept != term { conceptOfId[Int(id)] = intern(concept) }
            return id
        }
        var raw: [EndpointTerms] = []
        for endpoint in index.endpoints {
            raw.append(Self.fieldTerms(for: endpoint, in: index, splitter: splitter))
        }
        let fieldCount = SearchField.allCases.count
        let count = max(raw.count, 1)
        var totals = [Double](repeating: 0, count: fieldCount)
        for document in raw {
            for (field, terms) in document.fields.enumerated() { totals[field] += Double(terms.count) }
        }
        let averages = totals.map { max(1, $0 / Double(count)) }
        var pathFrequency: [String: Int] = [:]
        for document in raw {
            for term in Set(document.path.joined()) { pathFrequency[term, default: 0] += 1 }
        }
        let common = Set(pathFrequency.filter { Double($0.value) > Double(count) / 3 }.keys)
        let scopeWidening = Set(Vocabulary.scopeWidening.map(intern))

        var documents: [Document] = []
        var documentFrequency: [Int32: Double] = [:]
        var conceptFrequency: [Int32: Double] = [:]
        var termPostings: [Int32: [Posting]] = [:]
        var conceptPostings: [Int32: [Posting]] = [:]
        var flatNorms: [Double] = []
        var pathVocabulary = Set<Int32>()
        var compoundParts: [Int32: [Int32]] = [:]
        for (offset, document) in raw.enumerated() {
            var terms: [Entry] = []
            var concepts: [Entry] = []
            var termPositions: [Int: Int] = [:]
            var conceptPositions: [Int: Int] = [:]
            for (field, fieldTerms) in document.fields.enumerated() {
                flatNorms.append(1 - weights.b + weights.b * Double(fieldTerms.count) / averages[field])
                for term in fieldTerms {
                    let id = intern(term)
                    Self.add(&terms, &termPositions, field: field, id: id)
                    Self.add(&concepts, &conceptPositions, field: field, id: conceptOfId[Int(id)])
                }
            }
            for id in Set(terms.map(\.id)) { documentFrequency[id, default: 0] += 1 }
            for id in Set(concepts.map(\.id)) { conceptFrequency[id, default: 0] += 1 }
            for entry in terms {
                termPostings[entry.id, default: []].append(
                    Posting(document: Int32(offset), field: Int32(entry.field), count: entry.count))
            }
            for entry in concepts {
                conceptPostings[entry.id, default: []].append(
                    Posting(document: Int32(offset), field: Int32(entry.field), count: entry.count))
            }
            // "taskdefs" said whole mentions its parts, as the path groups hold them.
            for compound in document.compounds { compoundParts[intern(compound.whole)] = compound.parts.map(intern) }
            let allGroups = document.path.map { $0.map(intern) }
            for id in allGroups.joined() { pathVocabulary.formUnion([id, conceptOfId[Int(id)]]) }
            // A word used all over the paths ("workflow" in most of them) says little when missing; a compound
            // keeps its common parts ("task" of `taskdefs`), since the query may name only the other one.
            let groups = document.path.map { group in
                (group.count > 1 ? group : group.filter { !common.contains($0) }).map(intern)
            }.filter { !$0.isEmpty }
            let resource = document.resource.map(intern) ?? -1
            let endpoint = index.endpoints[offset]
            let bodyIsList =
                endpoint.requestBody?.preferred.map { media in
                    (index.resolve(media.schema) ?? media.schema).types.contains("array")
                } ?? false
            let summaryStems = document.fields[SearchField.summary.rawValue].filter {
                !Self.oneMarkerStems.contains($0)
            }
            documents.append(
                Document(
                    pathGroups: groups, pathWords: Set(allGroups.joined().flatMap { [$0, conceptOfId[Int($0)]] }),
                    resource: resource,
                    resourceConcept: resource >= 0 ? conceptOfId[Int(resource)] : -1,
                    resourceParts: document.resourceParts.map(intern),
                    isCollection: endpoint.method == "GET" && !endpoint.path.contains("{"),
                    singleItemTerms: Self.singleItemTerms(of: endpoint.path).map(intern),
                    itemTerms: Self.itemTerms(of: endpoint.path).map(intern),
                    worksOnMany: bodyIsList || allGroups.contains { $0.contains(where: scopeWidening.contains) },
                    pairs: Self.wordPairs(of: [endpoint.summary ?? "", endpoint.operationId ?? "", endpoint.path])
                        .union(Self.reversedPathPairs(of: endpoint.path)),
                    summaryTerms: Array(Set(summaryStems.map(intern))).sorted(),
                    inputForms: Self.inputForms(of: endpoint),
                    relationHead: Self.relationHead(of: endpoint.summary ?? "", stems: summaryStems).map(intern) ?? -1,
                    method: endpoint.method, tags: endpoint.tags.map { $0.lowercased() },
                    deprecated: endpoint.deprecated,
                    parameterNames: endpoint.parameters.map { Set(Tokenizer.terms($0.name).map(intern)) },
                    variableTerms: Self.variableTerms(of: endpoint.path).map { Set($0.map(intern)) },
                    depth: endpoint.path.split(separator: "/").count,
                    identifiers: Self.identifiers(of: endpoint),
                    nameNouns: Self.nameNouns(of: endpoint.path).map(intern),
                    idNouns: Self.idNouns(of: endpoint.path).map(intern),
                    // A word of its own, not the part of a compound ("overall").
                    pathSaysAll: document.path.contains { $0.count == 1 && Vocabulary.allWords.contains($0[0]) },
                    allOfTerms: Self.allOfTerms(of: endpoint.summary ?? "").map(intern),
                    searchesByPost: endpoint.method == "POST"
                        && Vocabulary.concept(of: document.resource ?? "") == Vocabulary.concept(of: "search")))
        }
        self.ids = ids
        self.conceptOfId = conceptOfId
        self.documents = documents
        self.documentFrequency = documentFrequency
        self.conceptFrequency = conceptFrequency
        self.scopeWideningIds = scopeWidening
        self.pathVocabulary = pathVocabulary
        self.termPostings = termPostings
        self.conceptPostings = conceptPostings
        self.documentTerms = ids.filter { termPostings[$0.value] != nil }.map { (Array($0.key.utf8), $0.value) }
            .sorted { $0.id < $1.id }
        self.norms = flatNorms
        var exactNames: [String: Int] = [:]
        for (offset, endpoint) in index.endpoints.enumerated() {
            exactNames[endpoint.key.lowercased()] = offset
            // Documents may repeat an operationId; the first keeps it.
            if let operationId = endpoint.operationId?.lowercased(), exactNames[operationId] == nil {
                exactNames[operationId] = offset
            }
        }
        self.exactNames = exactNames
        self.pairVocabulary = documents.reduce(into: Set<Int>()) { $0.formUnion($1.pairs) }
        self.itemVocabulary = documents.reduce(into: Set<Int32>()) { $0.formUnion($1.itemTerms) }
        self.addressableIds = documents.reduce(into: itemVocabulary) { ids, document in
            for variable in document.variableTerms { ids.formUnion(variable) }
        }
        var correctable: [UInt8: [[UInt8]]] = [:]
        let vocabularyStems = Vocabulary.conceptOfStem.keys.sorted()
        let apiStems = ids.filter { termPostings[$0.value] != nil && Vocabulary.conceptOfStem[$0.key] == nil }
            .sorted {
                let left = documentFrequency[$0.value] ?? 0
                let right = documentFrequency[$1.value] ?? 0
                return left != right ? left > right : $0.key < $1.key
            }.map(\.key)
        for stem in vocabularyStems + apiStems where stem.utf8.count >= QueryPlan.minimumCorrected - 1 {
            let bytes = Array(stem.utf8)
            correctable[bytes[0], default: []].append(bytes)
        }
        self.correctableStems = correctable
        self.compoundParts = compoundParts
        self.oneMarkerIds = Set(Self.oneMarkerStems.compactMap { ids[$0] })
        self.spellings = index.endpoints.map {
            CharacterTrigrams([$0.summary ?? "", $0.operationId ?? "", $0.path].joined(separator: " "))
        }
    }

    /// Counts one occurrence of `id` in `field`, in first-seen order; `positions` finds an entry in constant time.
    static func add(_ entries: inout [Entry], _ positions: inout [Int: Int], field: Int, id: Int32) {
        let key = field << 32 | Int(id)
        if let index = positions[key] {
            entries[index].count += 1
        } else {
            positions[key] = entries.count
            entries.append(Entry(field: field, id: id, count: 1))
        }
    }

    /// What the index reads of one endpoint, as stems: the terms of each field, the literal path words (as compound
    /// parts where they split), the resource word and its compound parts, and each path word that splits with its
    /// parts.
    struct EndpointTerms {
        var fields: [[String]]
        var path: [[String]]
        var resource: String?
        var resourceParts: [String]
        /// The path words the splitter splits ("taskdefs": task, def), whole and in parts.
        var compounds: [(whole: String, parts: [String])]
    }

    /// The terms of `endpoint`'s fields and path; see `EndpointTerms`.
    static func fieldTerms(for endpoint: Endpoint, in index: EndpointIndex, splitter: CompoundSplitter)
        -> EndpointTerms
    {
        var texts = [String](repeating: "", count: SearchField.allCases.count)
        func set(_ field: SearchField, _ text: String) { texts[field.rawValue] = text }
        set(.summary, endpoint.summary ?? "")
        set(.operationId, endpoint.operationId ?? "")
        let literalPath = literalWords(of: endpoint.path)
        set(.path, literalPath)
        set(.tags, endpoint.tags.joined(separator: " ").replacingOccurrences(of: "resource", with: ""))
        set(.parameters, endpoint.parameters.filter { $0.location != .path }.map(\.name).joined(separator: " "))
        set(.pathVariables, endpoint.parameters.filter { $0.location == .path }.map(\.name).joined(separator: " "))
        let types = typeNames(of: endpoint)
        set(.requestType, types.request ?? "")
        set(.responseType, types.response ?? "")
        if let body = endpoint.requestBody?.preferred?.schema {
            let resolved = index.resolve(body) ?? body
            let object = resolved.items.flatMap { index.resolve($0) } ?? resolved
            set(
                .bodyProperties,
                object.properties.prefix(maximumBodyProperties).map(\.name).joined(separator: " "))
        }
        set(.description, String((endpoint.description ?? "").prefix(maximumDescription)))
        // Only path segments and parameter names run words together ("taskdefs", "tasktype"); prose and camelCase
        // property names need no splitting.
        let splitting: Set<Int> = [
            SearchField.path.rawValue, SearchField.parameters.rawValue, SearchField.pathVariables.rawValue,
        ]
        let fields = texts.enumerated().map { field, text in
            Tokenizer.terms(text, splitter: splitting.contains(field) ? splitter : nil).filter { Int($0) == nil }
        }
        var compounds: [(whole: String, parts: [String])] = []
        let path = Tokenizer.words(literalPath).filter { !Tokenizer.stopWords.contains($0) }.map { word in
            guard let parts = splitter.split(word)?.map(Stemmer.stem) else { return [Stemmer.stem(word)] }
            compounds.append((Stemmer.stem(word), parts))
            return parts
        }
        let lastLiteral = endpoint.path.split(separator: "/").last { !$0.hasPrefix("{") }.map(String.init) ?? ""
        let lastWords = Tokenizer.words(lastLiteral)
        let parts = lastWords.count == 1 ? (splitter.split(lastWords[0])?.map(Stemmer.stem) ?? []) : []
        // "search-by-tasks", "getByName": what comes after "by" is the key, not the resource.
        let beforeBy = lastWords.firstIndex(of: "by").map { lastWords[..<$0].joined(separator: " ") } ?? lastLiteral
        return EndpointTerms(
            fields: fields, path: path, resource: Tokenizer.terms(beforeBy).last ?? Tokenizer.terms(lastLiteral).last,
            resourceParts: parts, compounds: compounds)
    }

    /// The stems of the words that single out one item ("a specific event"), left out of the summary match.
    static let oneMarkerStems = Set(QueryPlan.oneMarkers.map(Stemmer.stem))

    /// The names of `endpoint`'s request-body type and first success response type, or of their item types.
    static func typeNames(of endpoint: Endpoint) -> (request: String?, response: String?) {
        func name(_ schema: OpenAPISchema?) -> String? { schema.flatMap { $0.refName ?? $0.items?.refName } }
        let success = endpoint.responses.first { $0.status.hasPrefix("2") && !$0.content.isEmpty }
        return (name(endpoint.requestBody?.preferred?.schema), name(success?.content.first?.schema))
    }

    /// The ways `endpoint` takes its input: path variables, query parameters, a request body.
    static func inputForms(of endpoint: Endpoint) -> Set<Vocabulary.InputForm> {
        var forms = Set<Vocabulary.InputForm>()
        if endpoint.parameters.contains(where: { $0.location == .path }) { forms.insert(.path) }
        if endpoint.parameters.contains(where: { $0.location == .query }) { forms.insert(.query) }
        if endpoint.requestBody != nil { forms.insert(.body) }
        return forms
    }

    /// The stem of the word a summary that says some word twice is about: its last word before its first
    /// preposition, stop words aside ("Get Integrations of an Integration Provider": integration); nil when no
    /// word of `stems` (the summary's, in order) repeats.
    static func relationHead(of summary: String, stems: [String]) -> String? {
        guard Set(stems).count < stems.count else { return nil }
        let phrase = Tokenizer.words(summary).prefix { !QueryPlan.prepositions.contains($0) }
        return phrase.last { !Tokenizer.stopWords.contains($0) }.map(Stemmer.stem)
    }

    /// The lower-cased names of `endpoint`'s request-body and response types (`typeNames(of:)`) and of its
    /// parameters.
    static func identifiers(of endpoint: Endpoint) -> Set<String> {
        let types = typeNames(of: endpoint)
        let names = endpoint.parameters.map(\.name) + [types.request, types.response].compactMap { $0 }
        return Set(names.map { $0.lowercased() })
    }

    /// The nouns a summary says all of: the plural words after "all" or "every" up to a preposition ("Delete all
    /// versions of schema by name": version; "Get all Integrations Providers": integration, provider), stemmed.
    static func allOfTerms(of summary: String) -> [String] {
        let words = Tokenizer.words(summary).map { $0.lowercased() }
        guard let all = words.firstIndex(where: Vocabulary.allWords.contains) else { return [] }
        var stems: [String] = []
        for word in words[(all + 1)...] {
            if QueryPlan.prepositions.contains(word) || word == "by" { break }
            let stem = Stemmer.stem(word)
            if QueryPlan.isWrittenPlural(word, stem: stem) { stems.append(stem) }
        }
        return stems
    }

    /// The hashed pairs of adjacent stemmed words within each of `texts` (stop words kept: "search by tasks").
    static func wordPairs(of texts: [String]) -> Set<Int> {
        var pairs = Set<Int>()
        for text in texts { pairs.formUnion(wordPairs(ofWords: Tokenizer.words(text))) }
        return pairs
    }

    /// The hashed pairs of adjacent stemmed `words`, lower-case words in order; `readAs` gives the stem of a position
    /// the query reads otherwise (a corrected slip).
    static func wordPairs(ofWords words: [String], readAs: [Int: String] = [:]) -> Set<Int> {
        let stems = words.indices.map { readAs[$0] ?? Stemmer.stem(words[$0]) }
        return Set(zip(stems, stems.dropFirst()).map { pairHash($0, $1) })
    }

    /// The hashed pairs of adjacent literal path words in reverse order: REST paths name the resource before what
    /// is done to it (`/workflow/{id}/pause`, `/workflow/search`) where English puts the verb first ("pause
    /// workflow", "search workflows").
    static func reversedPathPairs(of path: String) -> Set<Int> {
        let literal = literalWords(of: path)
        // Stop words out: a path's "api" prefix says nothing about the operation.
        let words = Tokenizer.words(literal).filter { !Tokenizer.stopWords.contains($0) }.map(Stemmer.stem)
        return Set(zip(words, words.dropFirst()).map { pairHash($1, $0) })
    }

    static func pairHash(_ left: String, _ right: String) -> Int {
        var hasher = Hasher()
        hasher.combine(left)
        hasher.combine(right)
        return hasher.finalize()
    }

    /// The words of each path variable's name (`/workflow/{name}/correlated/{correlationId}`: [name], [correlation,
    /// id]).
    static func variableTerms(of path: String) -> [[String]] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { Tokenizer.terms(String($0)) }
    }

    /// The resource word and the variable's words when `path` ends in a variable (`/users/{userId}`: user, user,
    /// id); empty otherwise. A variable that names another thing than the word before it holds one of that thing,
    /// and the word is what it has many of: `/event/message/{event}` is the messages of one event.
    static func singleItemTerms(of path: String) -> [String] {
        let segments = path.split(separator: "/")
        guard let last = segments.last, last.hasPrefix("{") else { return [] }
        let literal = segments.lastIndex { !$0.hasPrefix("{") }
        let resource = literal.map { Tokenizer.terms(String(segments[$0])) } ?? []
        let variable = Tokenizer.terms(String(last))
        if let literal, let word = resource.last, !variable.allSatisfy(Self.genericVariableTerms.contains),
            !segments[(literal + 1)...].contains(where: { Tokenizer.terms(String($0)).contains(word) })
        {
            return variable
        }
        return resource + variable
    }

    /// Words of a variable that name no thing of their own: `{id}`, `{name}`, `{version}`.
    static let genericVariableTerms: Set<String> = Set(["id", "name", "key", "version", "uuid"].map(Stemmer.stem))

    /// The stem of each literal path word directly before a variable (`/groups/{groupId}/users/{userId}`: group,
    /// user).
    static func itemTerms(of path: String) -> [String] {
        let segments = path.split(separator: "/")
        return zip(segments, segments.dropFirst()).compactMap { word, next in
            next.hasPrefix("{") && !word.hasPrefix("{") ? Tokenizer.terms(String(word)).last : nil
        }
    }

    /// The stems of the things `path` takes a name of: the other words of a variable that says "name"
    /// (`/tasks/{workflowId}/{taskRefName}`: task, ref), or the path word before a bare `{name}`
    /// (`/metadata/workflow/{name}`: workflow).
    static func nameNouns(of path: String) -> [String] { nouns(of: path, keyedBy: nameStem) }

    /// The stems of the things `path` takes an id of, as `nameNouns(of:)` for "id"
    /// (`/applications/key/{accessKeyId}`: access, key; `/groups/{id}`: group).
    static func idNouns(of path: String) -> [String] { nouns(of: path, keyedBy: idStem) }

    /// The stems of "name" and "id", which close the variables that take one (`{taskRefName}`, `{workflowId}`).
    static let nameStem = Stemmer.stem("name")
    static let idStem = Stemmer.stem("id")

    /// The stems of the things `path` takes a key of, the key being the last word of a variable (`key`, a stem):
    /// the other words of that variable, or the path word before a variable that is the key alone.
    static func nouns(of path: String, keyedBy key: String) -> [String] {
        let segments = path.split(separator: "/")
        var nouns: [String] = []
        for (offset, segment) in segments.enumerated() where segment.hasPrefix("{") {
            let words = Tokenizer.terms(String(segment))
            guard words.last == key else { continue }
            if words.count > 1 {
                nouns += words.dropLast()
            } else if offset > 0, !segments[offset - 1].hasPrefix("{"),
                let word = Tokenizer.terms(String(segments[offset - 1])).last
            {
                nouns.append(word)
            }
        }
        return nouns
    }

    /// The literal segments of `path` joined by spaces, without the base segments a server puts before every
    /// operation (`/api/`, `/v2/`, `/api/v1/`): they name no operation, and a renamed base must not change a rank.
    static func literalWords(of path: String) -> String {
        path.split(separator: "/").filter { !$0.hasPrefix("{") }
            .drop { Tokenizer.stopWords.contains($0.lowercased()) || isVersion($0) }.joined(separator: " ")
    }

    /// `v` and digits: a version segment.
    static func isVersion(_ segment: Substring) -> Bool {
        segment.count > 1 && (segment.first == "v" || segment.first == "V")
            && segment.dropFirst().allSatisfy(\.isNumber)
    }
}

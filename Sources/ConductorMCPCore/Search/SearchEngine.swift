import Foundation

/// Ranks endpoints for a natural-language query.
///
/// BM25F over the fields an API names things in (`SearchField`: summary, operationId, path, tags, parameter and
/// path-variable names, request-body and response type names, body property names, description), with each term
/// matched exactly, through its `Vocabulary` group, or by prefix when the API does not use the word ("healthy",
/// "health"). After the sum: a bonus when the query's verb suggests the endpoint's HTTP method, a penalty for path
/// words the query does not mention (so "restart workflow" prefers `/workflow/{id}/restart` to
/// `/workflow/bulk/restart`) unless it asks for many items, words after "by" weighed again on parameter names, and
/// deprecated endpoints demoted. All numbers come from `SearchWeights`. A query whose words reach nothing still gets
/// the nearest endpoints by spelling, marked `isNearest`. Built once per index as postings (where each term occurs);
/// a query touches only the endpoints its words reach.
public struct SearchEngine: Sendable {
    /// One occurrence count of a term (or of a vocabulary group) in one field of one endpoint.
    struct Entry: Sendable {
        var field: Int
        var id: Int32
        var count: Double
    }

    /// One endpoint as the boosts after the BM25F sum see it.
    struct Document: Sendable {
        /// Literal path words (no placeholders), each as its stem or the stems of its compound parts, for the
        /// "unmentioned path word" penalty; common words already removed.
        var pathGroups: [[Int32]]
        /// The last literal path word, which names the resource in REST paths (and its group).
        var resource: Int32
        var resourceConcept: Int32
        /// The compound parts of the last literal path word ("taskdefs": task, def), empty when it is one word.
        var resourceParts: [Int32]
        /// A GET on a path without parameters: a collection.
        var isCollection: Bool
        /// When the path ends in a variable (the endpoint acts on one item): the resource word before it and the
        /// words of the variable's name; otherwise empty.
        var singleItemTerms: [Int32]
        /// Works on many items: a scope-widening path word (bulk, batch) or a request body that is a list.
        var worksOnMany: Bool
        /// Adjacent word pairs of the summary, operationId and path (stop words kept), hashed.
        var pairs: Set<Int>
        /// The endpoint's method, tags (lower-cased) and deprecation, kept here so the loop copies no `Endpoint`.
        var method: String
        var tags: [String]
        var deprecated: Bool
    }

    private let index: EndpointIndex
    private let weights: SearchWeights
    private let documents: [Document]
    /// Every stem and group name seen, interned: comparisons in the ranking loop are integer compares.
    private let ids: [String: Int32]
    /// The group of each interned term.
    private let conceptOfId: [Int32]
    private let documentFrequency: [Int32: Double]
    private let conceptFrequency: [Int32: Double]
    private let scopeWideningIds: Set<Int32>
    /// Where each term id occurs (endpoint, field, count): a query touches only the endpoints its words reach.
    private let termPostings: [Int32: [Posting]]
    /// Where each group id occurs.
    private let conceptPostings: [Int32: [Posting]]
    /// Every literal path word and compound part, and their groups: the nouns that name resources in this API.
    private let pathVocabulary: Set<Int32>
    /// The terms that occur in some endpoint, as UTF-8, for prefix matching of words the API does not use.
    private let documentTerms: [(term: [UInt8], id: Int32)]
    /// BM25 length normalisation, `norms[endpoint * fieldCount + field]`.
    private let norms: [Double]
    /// The trigrams of each endpoint's summary, operationId and path, for the nearest-by-spelling answer.
    private let spellings: [CharacterTrigrams]

    /// One occurrence of a term or group in one field of one endpoint.
    struct Posting: Sendable {
        var document: Int32
        var field: Int32
        var count: Double
    }

    /// Applied to parameterless GET endpoints when the query asks to list something.
    private static let collectionFactor = 1.15
    /// Hits scoring below this share of the best hit are left out.
    private static let relativeScoreFloor = 0.25
    /// A query word and an API word meet by prefix only when they share at least this many letters.
    private static let minimumPrefix = 4
    /// At most this many API words stand in for one unknown query word.
    private static let maximumPrefixMatches = 4
    /// Body property names read per endpoint: enough for the names a request is about, not a whole schema.
    static let maximumBodyProperties = 40
    /// Description characters read per endpoint.
    static let maximumDescription = 400

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
        var raw: [(fields: [[String]], path: [[String]], resource: String?, resourceParts: [String])] = []
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
            documents.append(
                Document(
                    pathGroups: groups, resource: resource,
                    resourceConcept: resource >= 0 ? conceptOfId[Int(resource)] : -1,
                    resourceParts: document.resourceParts.map(intern),
                    isCollection: endpoint.method == "GET" && !endpoint.path.contains("{"),
                    singleItemTerms: Self.singleItemTerms(of: endpoint.path).map(intern),
                    worksOnMany: bodyIsList || allGroups.contains { $0.contains(where: scopeWidening.contains) },
                    pairs: Self.wordPairs(of: [endpoint.summary ?? "", endpoint.operationId ?? "", endpoint.path]),
                    method: endpoint.method, tags: endpoint.tags.map { $0.lowercased() },
                    deprecated: endpoint.deprecated))
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
        self.spellings = index.endpoints.map {
            CharacterTrigrams([$0.summary ?? "", $0.operationId ?? "", $0.path].joined(separator: " "))
        }
    }

    /// Counts one occurrence of `id` in `field`, in first-seen order; `positions` finds an entry in constant time.
    private static func add(_ entries: inout [Entry], _ positions: inout [Int: Int], field: Int, id: Int32) {
        let key = field << 32 | Int(id)
        if let index = positions[key] {
            entries[index].count += 1
        } else {
            positions[key] = entries.count
            entries.append(Entry(field: field, id: id, count: 1))
        }
    }

    /// The stemmed terms of each field, the literal path words (as compound parts where they split), the resource
    /// word and its compound parts.
    static func fieldTerms(for endpoint: Endpoint, in index: EndpointIndex, splitter: CompoundSplitter)
        -> (fields: [[String]], path: [[String]], resource: String?, resourceParts: [String])
    {
        var texts = [String](repeating: "", count: SearchField.allCases.count)
        func set(_ field: SearchField, _ text: String) { texts[field.rawValue] = text }
        set(.summary, endpoint.summary ?? "")
        set(.operationId, endpoint.operationId ?? "")
        let literalPath = endpoint.path.split(separator: "/").filter { !$0.hasPrefix("{") }.joined(separator: " ")
        set(.path, literalPath)
        set(.tags, endpoint.tags.joined(separator: " ").replacingOccurrences(of: "resource", with: ""))
        set(.parameters, endpoint.parameters.filter { $0.location != .path }.map(\.name).joined(separator: " "))
        set(.pathVariables, endpoint.parameters.filter { $0.location == .path }.map(\.name).joined(separator: " "))
        if let body = endpoint.requestBody?.preferred?.schema {
            set(.requestType, body.refName ?? body.items?.refName ?? "")
            let resolved = index.resolve(body) ?? body
            let object = resolved.items.flatMap { index.resolve($0) } ?? resolved
            set(
                .bodyProperties,
                object.properties.prefix(maximumBodyProperties).map(\.name).joined(separator: " "))
        }
        let success = endpoint.responses.first { $0.status.hasPrefix("2") && !$0.content.isEmpty }
        if let schema = success?.content.first?.schema {
            set(.responseType, schema.refName ?? schema.items?.refName ?? "")
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
        let path = Tokenizer.words(literalPath).filter { !Tokenizer.stopWords.contains($0) }.map { word in
            splitter.split(word)?.map(Stemmer.stem) ?? [Stemmer.stem(word)]
        }
        let lastLiteral = endpoint.path.split(separator: "/").last { !$0.hasPrefix("{") }.map(String.init) ?? ""
        let lastWords = Tokenizer.words(lastLiteral)
        let parts = lastWords.count == 1 ? (splitter.split(lastWords[0])?.map(Stemmer.stem) ?? []) : []
        return (fields, path, Tokenizer.terms(lastLiteral).last, parts)
    }

    /// The hashed pairs of adjacent stemmed words within each of `texts` (stop words kept: "search by tasks").
    static func wordPairs(of texts: [String]) -> Set<Int> {
        var pairs = Set<Int>()
        for text in texts {
            let words = Tokenizer.words(text).map(Stemmer.stem)
            for (left, right) in zip(words, words.dropFirst()) { pairs.insert(pairHash(left, right)) }
        }
        return pairs
    }

    private static func pairHash(_ left: String, _ right: String) -> Int {
        var hasher = Hasher()
        hasher.combine(left)
        hasher.combine(right)
        return hasher.finalize()
    }

    /// The resource word and the variable's words when `path` ends in a variable (`/users/{userId}`: user, user,
    /// id); empty otherwise.
    static func singleItemTerms(of path: String) -> [String] {
        let segments = path.split(separator: "/")
        guard let last = segments.last, last.hasPrefix("{") else { return [] }
        let resource = segments.last { !$0.hasPrefix("{") }.map(String.init) ?? ""
        return Tokenizer.terms(resource) + Tokenizer.terms(String(last))
    }

    /// The API words that stand in for `term`, a query word no endpoint uses and no vocabulary group knows: those
    /// that it begins with or that begin with it, sharing at least `minimumPrefix` letters ("healthy": health).
    private func prefixMatches(of term: String) -> [Int32] {
        let query = Array(term.utf8)
        guard query.count >= Self.minimumPrefix else { return [] }
        var found: [(id: Int32, length: Int)] = []
        for (candidate, id) in documentTerms where candidate.count >= Self.minimumPrefix {
            let shorter = min(candidate.count, query.count)
            guard candidate[0] == query[0], candidate.prefix(shorter).elementsEqual(query.prefix(shorter)) else {
                continue
            }
            found.append((id, abs(candidate.count - query.count)))
        }
        return found.sorted { $0.length != $1.length ? $0.length < $1.length : $0.id < $1.id }
            .prefix(Self.maximumPrefixMatches).map(\.id)
    }

    /// The best `limit` endpoints for `query`, optionally only those with `tag` and `method`.
    /// An empty query lists the matching endpoints in document order. A non-empty query never comes back empty
    /// while some endpoint passes the filters: when its words reach nothing, the nearest endpoints by spelling are
    /// returned, marked `isNearest`.
    public func search(_ query: String, tag: String? = nil, method: String? = nil, limit: Int = 8) -> [SearchHit] {
        let wantedMethod = method?.uppercased()
        let wantedTag = tag?.lowercased()
        let endpoints = index.endpoints
        func passes(_ document: Document) -> Bool {
            if let wantedMethod, document.method != wantedMethod { return false }
            if let wantedTag, !document.tags.contains(wantedTag) { return false }
            return true
        }
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            return documents.indices.filter { passes(documents[$0]) }.prefix(limit).map {
                SearchHit(endpoint: endpoints[$0], score: 0)
            }
        }
        let plan = QueryPlan(trimmed)
        let termCount = plan.terms.count
        // Query terms as ids; a term no endpoint uses is -1 and can still match through its group or by prefix.
        let termIds = plan.terms.map { ids[$0] ?? -1 }
        let conceptIds = plan.concepts.map { ids[$0] ?? -1 }
        let hasGroup = plan.terms.map { Vocabulary.conceptOfStem[$0] != nil }
        let prefixIds = (0..<termCount).map { i -> [Int32] in
            termPostings[termIds[i]] == nil && !hasGroup[i] ? prefixMatches(of: plan.terms[i]) : []
        }
        let relatedAction = plan.actionIndex.flatMap { Vocabulary.relatedConcepts[plan.concepts[$0]] }.flatMap {
            ids[$0]
        }
        var mentioned = Set(termIds + conceptIds + prefixIds.joined()).subtracting([-1])
        if plan.asksForMany { mentioned.formUnion(scopeWideningIds) }
        let pluralIds = Set((0..<termCount).filter { plan.isPlural[$0] }.map { termIds[$0] }).subtracting([-1])
        // Nouns of the query that name a resource somewhere in the paths: the objects it is about.
        var objectMask: UInt64 = 0
        for i in plan.nounIndices where i < 64 && plan.weights[i] >= 1 {
            if pathVocabulary.contains(termIds[i]) || pathVocabulary.contains(conceptIds[i]) {
                objectMask |= 1 << UInt64(i)
            }
        }
        let queryPairs = Set(Self.wordPairs(of: [trimmed]))
        let nounIds = Set(plan.nounIndices.flatMap { [termIds[$0], conceptIds[$0]] }).subtracting([-1])
        let headIds = plan.headTerm.map { (ids[$0] ?? -1, ids[Vocabulary.concept(of: $0)] ?? -1) }
        let total = Double(max(documents.count, 1))
        func idf(_ frequency: Double) -> Double { log(1 + (total - frequency + 0.5) / (frequency + 0.5)) }
        let idfs = (0..<termCount).map { i -> (exact: Double, concept: Double) in
            let conceptDF = conceptFrequency[conceptIds[i]] ?? 1
            if let first = prefixIds[i].first {
                return (0, idf(documentFrequency[first] ?? 1))
            }
            return (idf(documentFrequency[termIds[i]] ?? conceptDF), idf(conceptDF))
        }
        let fieldWeights = weights.fields
        let parameterFields: Set<Int> = [
            SearchField.parameters.rawValue, SearchField.pathVariables.rawValue, SearchField.bodyProperties.rawValue,
        ]
        // Scores by endpoint position; `SearchHit`s (which copy the endpoint) are made for the winners only.
        let count = documents.count
        let fieldCount = SearchField.allCases.count
        var scores = [Double](repeating: 0, count: count)
        var matchedTerms = [Int](repeating: 0, count: count)
        // Which query terms each endpoint matched (the first 64).
        var matchedMask = [UInt64](repeating: 0, count: count)
        var actionMatched = [Bool](repeating: false, count: count)
        // Per query term: the weighted frequency per endpoint, which fields matched exactly, whether a group
        // match was used, and which endpoints were touched (to reset only those).
        var weighted = [Double](repeating: 0, count: count)
        var exactFields = [UInt16](repeating: 0, count: count)
        var usedConcept = [Bool](repeating: false, count: count)
        var touched: [Int] = []
        for i in 0..<termCount {
            // Words after "by" name a parameter: they count again where they are one.
            let parameterBoost = plan.namesParameter[i] ? 1 + weights.byParameter : 1
            let termFieldWeights = fieldWeights.indices.map {
                parameterFields.contains($0) ? fieldWeights[$0] * parameterBoost : fieldWeights[$0]
            }
            for posting in termPostings[termIds[i]] ?? [] {
                let doc = Int(posting.document)
                let field = Int(posting.field)
                if weighted[doc] == 0 && exactFields[doc] == 0 && !usedConcept[doc] { touched.append(doc) }
                exactFields[doc] |= 1 << field
                weighted[doc] += termFieldWeights[field] * posting.count / norms[doc * fieldCount + field]
            }
            // The group, or words sharing a prefix, count at a discount in fields where the exact term is absent.
            var alternates: [(postings: [Posting], weight: Double)] = []
            if hasGroup[i] { alternates.append((conceptPostings[conceptIds[i]] ?? [], weights.conceptWeight)) }
            for id in prefixIds[i] {
                alternates.append((termPostings[id] ?? [], weights.prefixWeight))
                if let group = conceptPostings[conceptOfId[Int(id)]], conceptOfId[Int(id)] != id {
                    alternates.append((group, weights.prefixWeight * weights.conceptWeight))
                }
            }
            for (postings, weight) in alternates {
                for posting in postings {
                    let doc = Int(posting.document)
                    let field = Int(posting.field)
                    guard exactFields[doc] & (1 << field) == 0 else { continue }
                    if weighted[doc] == 0 && exactFields[doc] == 0 && !usedConcept[doc] { touched.append(doc) }
                    weighted[doc] +=
                        weight * termFieldWeights[field] * posting.count / norms[doc * fieldCount + field]
                    usedConcept[doc] = true
                }
            }
            if i == plan.actionIndex, let relatedAction {
                // A related action ("Get Templates" for "list templates") spares the missed-action penalty but
                // adds no score of its own.
                for posting in conceptPostings[relatedAction] ?? [] { actionMatched[Int(posting.document)] = true }
            }
            for doc in touched {
                if weighted[doc] > 0 {
                    if i == plan.actionIndex { actionMatched[doc] = true }
                    matchedTerms[doc] += 1
                    if i < 64 { matchedMask[doc] |= 1 << UInt64(i) }
                    let idf = usedConcept[doc] ? idfs[i].concept : idfs[i].exact
                    scores[doc] += plan.weights[i] * idf * weighted[doc] / (weights.k1 + weighted[doc])
                }
                weighted[doc] = 0
                exactFields[doc] = 0
                usedConcept[doc] = false
            }
            touched.removeAll(keepingCapacity: true)
        }
        var hits: [(offset: Int, score: Double)] = []
        for offset in 0..<count where scores[offset] > 0 {
            let document = documents[offset]
            guard passes(document) else { continue }
            var score = scores[offset]
            // Reward covering more of the query, so two-word matches beat one strong word.
            score *= 1 - weights.coverage + weights.coverage * Double(matchedTerms[offset]) / Double(termCount)
            let missedObjects = (objectMask & ~matchedMask[offset]).nonzeroBitCount
            if missedObjects > 0 { score *= pow(weights.missedObject, Double(missedObjects)) }
            // An endpoint that does not do what the query asks (its leading verb) is a weaker answer.
            if plan.actionIndex != nil, !actionMatched[offset] { score *= weights.missedAction }
            // REST names the resource in the last literal path word; the query names it in its last noun, or in
            // every part of a compound ("task definition" for `taskdefs`).
            if document.resource >= 0 {
                let headMatch = headIds.map { $0.0 == document.resource || $0.1 == document.resourceConcept } ?? false
                let partsMatch =
                    !document.resourceParts.isEmpty
                    && document.resourceParts.allSatisfy {
                        mentioned.contains($0) || mentioned.contains(conceptOfId[Int($0)])
                    }
                if headMatch || partsMatch {
                    score *= weights.resourceMatch
                } else if nounIds.contains(document.resource) || nounIds.contains(document.resourceConcept) {
                    score *= weights.resourceMention
                }
            }
            // "add users to a group" is about the collection, not one user behind `{userId}`.
            if !pluralIds.isEmpty, document.singleItemTerms.contains(where: pluralIds.contains) {
                score *= weights.pluralSingleItem
            }
            // "list the schedules" asks for the collection: a GET on a path with no parameters.
            if plan.asksForCollection, document.isCollection { score *= Self.collectionFactor }
            if let intent = plan.methodIntent {
                score *= intent.contains(document.method) ? weights.methodMatch : weights.methodMismatch
            } else if document.method == "GET" {
                // A query with no verb names something to look at, or asks a question about a state.
                score *= 1.1
            }
            for group in document.pathGroups
            where group.contains(where: { !mentioned.contains($0) && !mentioned.contains(conceptOfId[Int($0)]) }) {
                score *= weights.unmentionedPathWord
                if group.count == 1, scopeWideningIds.contains(group[0]) { score *= weights.unaskedScope }
            }
            if plan.asksForMany, document.worksOnMany { score *= weights.askedScope }
            if !queryPairs.isEmpty, weights.phrase > 0 {
                let shared = queryPairs.reduce(0) { $0 + (document.pairs.contains($1) ? 1 : 0) }
                score *= 1 + weights.phrase * Double(shared) / Double(queryPairs.count)
            }
            if document.deprecated { score *= 0.7 }
            hits.append((offset, score))
        }
        if hits.isEmpty { return nearest(to: trimmed, passing: passes, limit: limit) }
        hits.sort { left, right in
            if left.score != right.score { return left.score > right.score }
            // Ties: the shorter path is the more general endpoint.
            let leftPath = endpoints[left.offset].path.utf8.count
            let rightPath = endpoints[right.offset].path.utf8.count
            if leftPath != rightPath { return leftPath < rightPath }
            return endpoints[left.offset].key < endpoints[right.offset].key
        }
        // Hits far below the best are noise that costs the agent context: keep those within reach of the top.
        let floor = (hits.first?.score ?? 0) * Self.relativeScoreFloor
        return hits.prefix(limit).prefix { $0.score >= floor }.map {
            SearchHit(endpoint: endpoints[$0.offset], score: $0.score)
        }
    }

    /// The endpoints whose summary, operationId and path are spelled most like `query`: Dice similarity of
    /// character trigrams, prepared with the index.
    private func nearest(to query: String, passing passes: (Document) -> Bool, limit: Int) -> [SearchHit] {
        let wanted = CharacterTrigrams(query)
        var scored: [(offset: Int, score: Double)] = []
        for offset in documents.indices where passes(documents[offset]) {
            scored.append((offset, wanted.similarity(to: spellings[offset])))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
        return scored.prefix(limit).map {
            SearchHit(endpoint: index.endpoints[$0.offset], score: $0.score, isNearest: true)
        }
    }

    /// Every tag with its count and the first `examplesPerTag` endpoints, most populous tags first.
    public func overview(examplesPerTag: Int = 3) -> SearchOverview {
        var order: [String] = []
        var members: [String: [Endpoint]] = [:]
        for endpoint in index.endpoints {
            for tag in endpoint.tags.isEmpty ? ["(untagged)"] : endpoint.tags {
                if members[tag] == nil { order.append(tag) }
                members[tag, default: []].append(endpoint)
            }
        }
        let tags = order.map { tag in
            SearchOverview.TagSummary(
                tag: tag, count: members[tag]!.count, examples: Array(members[tag]!.prefix(examplesPerTag)))
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.tag < $1.tag }
        return SearchOverview(title: index.title, endpointCount: index.endpoints.count, tags: tags)
    }
}

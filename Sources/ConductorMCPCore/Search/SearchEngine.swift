import Foundation

/// Ranks endpoints for a natural-language query.
///
/// BM25F over the fields an API names things in (`SearchField`: summary, operationId, path, tags, parameter and
/// path-variable names, request-body and response type names, body property names, description), with each term
/// matched exactly, through its `Vocabulary` group, or by prefix when the API does not use the word ("healthy",
/// "health"). After the sum: a bonus when the query's verb suggests the endpoint's HTTP method, a penalty for path
/// words the query does not mention (so "restart workflow" prefers `/workflow/{id}/restart` to
/// `/workflow/bulk/restart`) unless it asks for many items, words after "by" weighed again on parameter names, the
/// collection or one item favoured by the query's number, a type or parameter the query writes as code, a path that
/// says "all" when the query does, the input form the query names ("with path parameters"), and deprecated endpoints
/// demoted; `QueryPlan` reads the query (its clauses, verb, head noun, number, "by" words, identifiers). A query that
/// is exactly an operationId or endpoint key ranks that endpoint first. All numbers come from `SearchWeights`. A query
/// whose words reach nothing still gets the nearest endpoints by spelling, marked `isNearest`. Built once per index as
/// postings (where each term occurs); a query touches only the endpoints its words reach.
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
        /// Every literal path word and its group, common ones too ("workflow").
        var pathWords: Set<Int32>
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
        /// The path words directly before a variable, anywhere in the path (`/workflow/{workflowId}/pause`:
        /// workflow): the endpoint acts on one of those.
        var itemTerms: [Int32]
        /// Works on many items: a scope-widening path word (bulk, batch) or a request body that is a list.
        var worksOnMany: Bool
        /// Adjacent word pairs of the summary, operationId and path (stop words kept), hashed.
        var pairs: Set<Int>
        /// The distinct terms of the summary, sorted, to recognise a query that says just the summary.
        var summaryTerms: [Int32]
        /// The ways the endpoint takes its input: path variables, query parameters, a request body.
        var inputForms: Set<Vocabulary.InputForm>
        /// When the summary says a word twice, it relates two things ("Get Integrations of an Integration
        /// Provider"), and the last word before its first preposition is the one it is about (integrations):
        /// that word's id, else -1.
        var relationHead: Int32
        /// The endpoint's method, tags (lower-cased) and deprecation, kept here so the loop copies no `Endpoint`.
        var method: String
        var tags: [String]
        var deprecated: Bool
        /// The words of each parameter's name (path, query, header), one set per parameter.
        var parameterNames: [Set<Int32>]
        /// The words of each path variable's name (`{correlationId}`: correlation, id).
        var variableTerms: [Set<Int32>]
        /// The number of path segments, to break ties.
        var depth: Int
        /// The names of its request-body and response types and of its parameters, lower-cased: a query that
        /// writes one as an identifier ("returns a ConductorApplication", "SearchResult<Task>") names them.
        var identifiers: Set<String>
        /// The things the endpoint takes a name of: the other words of each path variable that says "name"
        /// (`{taskRefName}`: task, ref), or the path word before a bare `{name}`.
        var nameNouns: [Int32]
        /// The things the endpoint takes an id of (`{accessKeyId}`: access, key), as `nameNouns` for "id".
        var idNouns: [Int32]
        /// A literal path word says "all" (`/tasks/queue/all`): the endpoint answers for every item of a kind.
        var pathSaysAll: Bool
        /// The nouns the summary says all of, in the plural ("Delete all versions of schema by name": version).
        var allOfTerms: [Int32]
        /// A POST whose last literal path word is a search (`POST /human/tasks/search`): it reads.
        var searchesByPost: Bool
    }

    let index: EndpointIndex
    let weights: SearchWeights
    let documents: [Document]
    /// Every stem and group name seen, interned: comparisons in the ranking loop are integer compares.
    let ids: [String: Int32]
    /// The group of each interned term.
    let conceptOfId: [Int32]
    let documentFrequency: [Int32: Double]
    let conceptFrequency: [Int32: Double]
    let scopeWideningIds: Set<Int32>
    /// Where each term id occurs (endpoint, field, count): a query touches only the endpoints its words reach.
    let termPostings: [Int32: [Posting]]
    /// Where each group id occurs.
    let conceptPostings: [Int32: [Posting]]
    /// Every literal path word and compound part, and their groups: the nouns that name resources in this API.
    let pathVocabulary: Set<Int32>
    /// The terms that occur in some endpoint, as UTF-8, for prefix matching of words the API does not use.
    let documentTerms: [(term: [UInt8], id: Int32)]
    /// BM25 length normalisation, `norms[endpoint * fieldCount + field]`.
    let norms: [Double]
    /// The trigrams of each endpoint's summary, operationId and path, for the nearest-by-spelling answer.
    let spellings: [CharacterTrigrams]
    /// Endpoints by their operationId and by their key ("GET /api/x"), lower-cased: a query that is exactly one of
    /// them names that endpoint.
    let exactNames: [String: Int]
    /// Every path word some path puts a variable after (`Document.itemTerms`).
    let itemVocabulary: Set<Int32>
    /// Every word of a path variable's name and every word some path puts a variable after: the things of which
    /// the API addresses one.
    let addressableIds: Set<Int32>
    /// Every word pair of every endpoint (`Document.pairs`): a query pair outside it matches nowhere.
    let pairVocabulary: Set<Int>
    /// Stems a misspelt query word may be corrected to, by first letter: the vocabulary's, then the API's by how
    /// many endpoints use them; stems shorter than the shortest stem `QueryPlan` corrects are left out.
    let correctableStems: [UInt8: [[UInt8]]]
    /// The parts of each path word the index split ("taskdef": task, def), by the whole word's id.
    let compoundParts: [Int32: [Int32]]
    /// The ids of `oneMarkerStems` this API uses.
    let oneMarkerIds: Set<Int32>

    /// One occurrence of a term or group in one field of one endpoint.
    struct Posting: Sendable {
        var document: Int32
        var field: Int32
        var count: Double
    }

    /// Hits scoring below this share of the best hit are left out: noise that costs the agent context. A tenth
    /// (rather than a quarter) keeps the near alternatives a vague query needs within its top 5 (transfer check:
    /// recall@5 0.979 → 0.986).
    private static let relativeScoreFloor = 0.1
    /// A query word and an API word meet by prefix only when they share at least this many letters.
    private static let minimumPrefix = 4
    /// At most this many API words stand in for one unknown query word.
    private static let maximumPrefixMatches = 4
    /// Body property names read per endpoint: enough for the names a request is about, not a whole schema.
    static let maximumBodyProperties = 40
    /// Description characters read per endpoint.
    static let maximumDescription = 400

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

    /// The known stem (an API word's or a vocabulary word's) one typing slip away from `stem`, with the same first
    /// letter: two neighbours swapped ("wrokflow"), or a letter dropped or doubled inside the word ("definiton",
    /// "acccess", "retriv" for "retriev"). A changed letter or a letter more or less at the end is no slip: it makes
    /// other real words ("replay"/"replace", "remote"/"remove", "ready"/"read"). Vocabulary stems first, then the API
    /// word most endpoints use; nil when there is none.
    ///
    /// Static, over the engine's `correctableStems`: a closure that captured the engine would copy (retain and release)
    /// every table it holds on each query.
    static func correction(of stem: String, among correctableStems: [UInt8: [[UInt8]]]) -> String? {
        let word = Array(stem.utf8)
        guard let first = word.first, let candidates = correctableStems[first] else { return nil }
        return candidates.first { abs($0.count - word.count) <= 1 && Self.isTypingSlip($0, word) }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `a` and `b` differ by a swap of two neighbours, or by one letter more in one of them that is neither
    /// its first nor its last letter.
    static func isTypingSlip(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a.count < b.count { return isTypingSlip(b, a) }
        guard a.count - b.count <= 1, a != b else { return false }
        var start = 0
        while start < b.count, a[start] == b[start] { start += 1 }
        if a.count == b.count {
            return start + 1 < a.count && a[start] == b[start + 1] && a[start + 1] == b[start]
                && a[(start + 2)...] == b[(start + 2)...]
        }
        // `a` has one letter more. The first position where they differ may sit anywhere in a run of the same
        // letter ("acccess"): skipping any letter of that run gives the same word, so the run's first letter is
        // the one checked against the word's ends.
        guard a[(start + 1)...] == b[start...] else { return false }
        var skipped = start
        while skipped > 0, a[skipped - 1] == a[start] { skipped -= 1 }
        return skipped > 0 && start < a.count - 1
    }

    /// The path words that begin `term` and are shorter by at least two letters, of at least
    /// `minimumPrefix` letters ("config" for "configuration", "auth" for "authorization"); not `other`, and no
    /// action word.
    private func abbreviations(of term: String, other: Int32) -> [Int32] {
        let letters = Array(term.utf8)
        guard letters.count >= Self.minimumPrefix + 2 else { return [] }
        var found: [Int32] = []
        for length in Self.minimumPrefix...(letters.count - 2) {
            let prefix = String(decoding: letters[..<length], as: UTF8.self)
            // An action's stem is no abbreviation: "execut" (execute) does not abbreviate "execution"; nor is the first
            // word of a compound: "task" does not abbreviate "taskdef", whose rest is a word too.
            let rest = String(decoding: letters[length...], as: UTF8.self)
            if let id = ids[prefix], id != other, pathVocabulary.contains(id), termPostings[id] != nil,
                Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: prefix)] == nil,
                rest.utf8.count < 3 || (ids[rest] == nil && Vocabulary.conceptOfStem[rest] == nil)
            {
                found.append(id)
            }
        }
        return found
    }

    /// The verb a "-sion" noun is made from, when a path says it: "decision" for `/decide` (stem "decid"),
    /// "inclusion" for "include", "submission" for "submit" (`Vocabulary.verbsOfNoun`); the stemmer keeps nouns
    /// whole. Not "-tion": an "execution" is a run, not a call of `/execute`.
    private func derivedVerb(of term: String) -> [Int32] {
        guard term.utf8.count >= Self.minimumPrefix + 4, term.utf8.suffix(4).elementsEqual("sion".utf8) else {
            return []
        }
        return Vocabulary.verbsOfNoun(term).lazy.compactMap { self.ids[$0] }
            .first { self.pathVocabulary.contains($0) && self.termPostings[$0] != nil }.map { [$0] } ?? []
    }

    /// `query` without the white space around it. A query that starts and ends with a printable ASCII character, as
    /// nearly all do, is returned as it is: Foundation's trimming cost 3% of a search.
    static func trimmed(_ query: String) -> String {
        let utf8 = query.utf8
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return query
        }
        return query.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The best `limit` endpoints for `query`, optionally only those with `tag` and `method`.
    /// An empty query lists the matching endpoints in document order. A non-empty query never comes back empty
    /// while some endpoint passes the filters: when its words reach nothing, the nearest endpoints by spelling are
    /// returned, marked `isNearest`.
    public func search(_ query: String, tag: String? = nil, method: String? = nil, limit: Int = 8) -> [SearchHit] {
        let wantedMethod = method?.uppercased()
        let wantedTag = tag?.lowercased()
        let endpoints = index.endpoints
        func passes(_ document: borrowing Document) -> Bool {
            if let wantedMethod, document.method != wantedMethod { return false }
            if let wantedTag, !document.tags.contains(wantedTag) { return false }
            return true
        }
        let trimmed = Self.trimmed(query)
        if trimmed.isEmpty {
            return documents.indices.filter { passes(documents[$0]) }.prefix(limit).map {
                SearchHit(endpoint: endpoints[$0], score: 0)
            }
        }
        let ids = ids
        let correctableStems = correctableStems
        let plan = QueryPlan(
            trimmed, isKnown: { ids[$0] != nil || Vocabulary.conceptOfStem[$0] != nil },
            correction: { Self.correction(of: $0, among: correctableStems) })
        let termCount = plan.terms.count
        // Query terms as ids; a term no endpoint uses is -1 and can still match through its group or by prefix.
        let termIds = plan.terms.map { ids[$0] ?? -1 }
        let conceptIds = plan.concepts.map { ids[$0] ?? -1 }
        let hasGroup = plan.terms.map { Vocabulary.conceptOfStem[$0] != nil }
        let prefixIds = (0..<termCount).map { i -> [Int32] in
            termPostings[termIds[i]] == nil && !hasGroup[i] ? prefixMatches(of: plan.terms[i]) : []
        }
        // A path word that abbreviates a query word ("config" for "configuration"), or the verb a "-sion" noun is made
        // from ("decide" for "decision"), stands in for it like a prefix.
        let abbreviationIds = (0..<termCount).map { i -> [Int32] in
            prefixIds[i].isEmpty
                ? abbreviations(of: plan.terms[i], other: termIds[i]) + derivedVerb(of: plan.terms[i]) : []
        }
        let relatedActions =
            plan.actionIndex.flatMap { Vocabulary.relatedConcepts[plan.concepts[$0]] }?.compactMap {
                ids[$0]
            } ?? []
        // A value's words ("resume schedule bulk_restart_job") mention no path word.
        var mentioned = Set<Int32>()
        for i in 0..<termCount where !plan.valueTerms.contains(i) {
            mentioned.insert(termIds[i])
            mentioned.insert(conceptIds[i])
            mentioned.formUnion(prefixIds[i])
            mentioned.formUnion(abbreviationIds[i])
            // Said whole, a compound path word ("taskdef") mentions its parts.
            if let parts = compoundParts[termIds[i]] { mentioned.formUnion(parts) }
        }
        mentioned.remove(-1)
        let writesMany = plan.writesMany
        let changesAll = plan.changesAll
        if plan.asksForMany || writesMany { mentioned.formUnion(scopeWideningIds) }
        // The same as flags by id, for the ranking loop: an array read costs less than a hashed lookup.
        var mentionedFlags = [Bool](repeating: false, count: conceptOfId.count)
        for id in mentioned where id >= 0 && Int(id) < mentionedFlags.count { mentionedFlags[Int(id)] = true }
        let conceptOfId = conceptOfId
        func isMentioned(_ id: Int32) -> Bool { mentionedFlags[Int(id)] || mentionedFlags[Int(conceptOfId[Int(id)])] }
        let pluralIds = Set((0..<termCount).filter { plan.isPlural[$0] }.map { termIds[$0] }).subtracting([-1])
        let asksForAll = plan.asksForAll
        // The keys a "by" names, each the set of its words and whether it is said in the plural: "by correlation id"
        // names one, "by name and version" two. A key with a word no endpoint uses matches none.
        let byKeys =
            plan.namesParameter.contains(true)
            ? Dictionary(grouping: (0..<termCount).filter { plan.namesParameter[$0] }) { plan.parameterKey[$0] }
                .values.map { (ids: Set($0.map { termIds[$0] }), plural: $0.contains { plan.isPlural[$0] }) } : []
        let asksForOne = plan.asksForOne
        // What the query's "all" counts, when a noun follows it: a path's "all" answers only for that.
        let allNounIds = plan.allNoun.map { [termIds[$0], conceptIds[$0]] } ?? []
        // The head noun when the query names one of it ("delete schema version") and the API addresses one of it
        // (a path variable or the word before one says it), to meet a summary about all of it. A tag no path
        // addresses: "get tag of workflow billing" means its tags.
        let singularHead: Int32 = {
            guard plan.namesOne, let head = plan.headIndex, addressableIds.contains(termIds[head]) else { return -1 }
            return termIds[head]
        }()
        let asksToRemove = plan.methodIntent?.contains("DELETE") == true
        // Of each owner phrase, its last noun that some path puts a variable after ("task definition": task).
        let ownerIds = Set(plan.ownerPhrases.compactMap { $0.map { termIds[$0] }.last(where: itemVocabulary.contains) })
        // Nouns of the query that name a resource somewhere in the paths: the objects it is about.
        var objectMask: UInt64 = 0
        for i in plan.nounIndices where i < 64 && plan.weights[i] >= 1 {
            if pathVocabulary.contains(termIds[i]) || pathVocabulary.contains(conceptIds[i]) {
                objectMask |= 1 << UInt64(i)
            }
        }
        let queryIdentifiers = plan.identifiers
        let namedIds = Set(plan.namedItems.flatMap { [termIds[$0], conceptIds[$0]] }).subtracting([-1])
        let identifiedIds = Set(plan.identifiedItems.flatMap { [termIds[$0], conceptIds[$0]] }).subtracting([-1])
        let queryPairs = Self.wordPairs(ofWords: plan.words, readAs: plan.readAs)
        // Only pairs some endpoint has can be shared; the rest still count in the share's denominator.
        let knownPairs = queryPairs.filter(pairVocabulary.contains)
        let queryTermSet = Set(termIds)
        // For the summary match, words that only single out one item ("a specific event") say nothing a summary
        // would: "Get event handlers for a specific event" says "Get event handlers for a given event".
        let queryTerms = Array(queryTermSet.subtracting(oneMarkerIds)).sorted()
        let nounIds = Set(plan.nounIndices.flatMap { [termIds[$0], conceptIds[$0]] }).subtracting([-1])
        // The nouns of the query (the first 64), to tell an endpoint about something it names.
        let nounMask = plan.nounIndices.filter { $0 < 64 }.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
        let headIds = plan.headTerm.map { (ids[$0] ?? -1, ids[Vocabulary.concept(of: $0)] ?? -1) }
        // The head noun, when some path says it ("tags").
        let headPathIds = headIds.flatMap { pathVocabulary.contains($0.0) || pathVocabulary.contains($0.1) ? $0 : nil }
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
        let termWeights = (0..<termCount).map {
            plan.inLaterClause[$0] ? plan.weights[$0] * weights.secondaryClause : plan.weights[$0]
        }
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
            for id in abbreviationIds[i] { alternates.append((termPostings[id] ?? [], weights.prefixWeight)) }
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
            if i == plan.actionIndex {
                // A related action ("Get Templates" for "list templates") spares the missed-action penalty but
                // adds no score of its own.
                for related in relatedActions {
                    for posting in conceptPostings[related] ?? [] { actionMatched[Int(posting.document)] = true }
                }
            }
            for doc in touched {
                if weighted[doc] > 0 {
                    if i == plan.actionIndex { actionMatched[doc] = true }
                    matchedTerms[doc] += 1
                    if i < 64 { matchedMask[doc] |= 1 << UInt64(i) }
                    let idf = usedConcept[doc] ? idfs[i].concept : idfs[i].exact
                    scores[doc] += termWeights[i] * idf * weighted[doc] / (weights.k1 + weighted[doc])
                }
                weighted[doc] = 0
                exactFields[doc] = 0
                usedConcept[doc] = false
            }
            touched.removeAll(keepingCapacity: true)
        }
        var hits: [Hit] = []
        documents.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for offset in 0..<count where scores[offset] > 0 {
                // Through a pointer: binding the element would copy (retain and release) every array it holds.
                let document = base + offset
                guard passes(document.pointee) else { continue }
                var score = scores[offset]
                // Reward covering more of the query, so two-word matches beat one strong word.
                score *= 1 - weights.coverage + weights.coverage * Double(matchedTerms[offset]) / Double(termCount)
                let missedObjects = (objectMask & ~matchedMask[offset]).nonzeroBitCount
                if missedObjects > 0 { score *= pow(weights.missedObject, Double(missedObjects)) }
                // An endpoint that does not do what the query asks (its leading verb) is a weaker answer.
                if plan.actionIndex != nil, !actionMatched[offset] { score *= weights.missedAction }
                // REST names the resource in the last literal path word; the query names it in its last noun, or in
                // every part of a compound ("task definition" for `taskdefs`).
                if document.pointee.resource >= 0 {
                    let headMatch =
                        headIds.map { $0.0 == document.pointee.resource || $0.1 == document.pointee.resourceConcept }
                        ?? false
                    let partsMatch =
                        !document.pointee.resourceParts.isEmpty
                        && document.pointee.resourceParts.allSatisfy {
                            isMentioned($0)
                        }
                    if headMatch || partsMatch {
                        score *= weights.resourceMatch
                    } else if nounIds.contains(document.pointee.resource)
                        || nounIds.contains(document.pointee.resourceConcept)
                    {
                        score *= weights.resourceMention
                    }
                }
                // "add users to a group" is about the collection, not one user behind `{userId}`; "by names" is
                // not one name in `{name}`.
                if !pluralIds.isEmpty,
                    document.pointee.singleItemTerms.contains(where: pluralIds.contains)
                        || document.pointee.variableTerms.contains(where: { variable in
                            variable.contains(where: pluralIds.contains) && variable.isSubset(of: queryTermSet)
                        })
                {
                    score *= weights.pluralSingleItem
                } else if writesMany || changesAll, document.pointee.itemTerms.contains(where: pluralIds.contains) {
                    // "terminate workflows" is not about the one workflow of `/workflow/{workflowId}`.
                    score *= weights.pluralSingleItem
                }
                if asksForOne, document.pointee.isCollection { score *= weights.singularCollection }
                if singularHead >= 0, document.pointee.allOfTerms.contains(singularHead) {
                    score *= weights.singularOfAll
                }
                // "list the schedules" asks for the collection: a GET on a path with no parameters.
                if asksForAll, document.pointee.isCollection { score *= weights.collection }
                if let intent = plan.methodIntent {
                    // A POST whose path ends in a search reads, as a GET does (`POST /tasks/search`).
                    let method =
                        document.pointee.searchesByPost && intent.contains("GET") ? "GET" : document.pointee.method
                    // A change of many takes its list in a body, which APIs POST whatever the change: "delete
                    // workflows" is answered by `POST /workflow/bulk/delete`, when its words say that change (not by
                    // the POST that registers a list: "delete taskdefs foo").
                    let postsMany =
                        writesMany && document.pointee.worksOnMany && method == "POST" && actionMatched[offset]
                    score *= intent.contains(method) || postsMany ? weights.methodMatch : weights.methodMismatch
                } else if document.pointee.method == "GET" {
                    // A query with no verb names something to look at, or asks a question about a state.
                    score *= weights.verblessGet
                } else if plan.namesState {
                    // "workflows that are paused" asks which are, not to pause them.
                    score *= weights.stateChange
                }
                // A destructive endpoint comes first only when the query asks to remove something: "get the role of an
                // application" is no reason to offer `DELETE …/roles/{role}` above the read.
                if !asksToRemove, document.pointee.method == "DELETE" {
                    score *= weights.unaskedDelete
                }
                var unmentionedPathGroups = 0
                for group in document.pointee.pathGroups
                where group.contains(where: { !isMentioned($0) }) {
                    unmentionedPathGroups += 1
                    score *= weights.unmentionedPathWord
                    if group.count == 1, scopeWideningIds.contains(group[0]) { score *= weights.unaskedScope }
                }
                // "queue sizes for all tasks": the path that says "all" answers for all of them. Only for a path
                // the query mentions every word of ("all" alone says nothing of what), that does what the query
                // asks and is about something it names: "poll every task" is no reading of all queues, nor "list
                // all integrations" of task queues; and whose path says what the "all" counts: "all tags of an
                // integration" is not `/integrations/all`.
                if plan.mentionsAll, document.pointee.pathSaysAll, unmentionedPathGroups == 0,
                    plan.actionIndex == nil || actionMatched[offset], matchedMask[offset] & nounMask != 0,
                    allNounIds.isEmpty || allNounIds.contains(where: document.pointee.pathWords.contains)
                {
                    score *= weights.allInPath
                }
                // "get by correlation ids" asks for many as surely as "several" does.
                if plan.asksForMany || plan.pluralParameter, document.pointee.worksOnMany {
                    score *= weights.askedScope
                }
                if !queryPairs.isEmpty, weights.phrase > 0 {
                    let shared = knownPairs.reduce(0) { $0 + (document.pointee.pairs.contains($1) ? 1 : 0) }
                    score *= 1 + weights.phrase * Double(shared) / Double(queryPairs.count)
                }
                // An endpoint that takes the keys the query looks up by ("by name and version": both `{name}` and
                // `{version}`), each key one parameter's words. Not one that takes only some: "search workflows by
                // correlation id and status" is no lookup by correlation id. A key in the plural ("by correlation
                // ids") is not one path variable. Keys choose among endpoints whose path (a literal word or a variable)
                // says the head noun, when some path does: "delete template tags by name and version" is no reason to
                // offer the template version's delete.
                if !byKeys.isEmpty,
                    headPathIds.map({ head in
                        document.pointee.pathWords.contains(head.0) || document.pointee.pathWords.contains(head.1)
                            || document.pointee.variableTerms.contains { $0.contains(head.0) }
                    }) ?? true
                {
                    let takesAll = byKeys.allSatisfy { key in
                        !key.ids.contains(-1)
                            && document.pointee.parameterNames.contains {
                                key.ids.isSubset(of: $0) && !(key.plural && document.pointee.variableTerms.contains($0))
                            }
                    }
                    // "get schema by name" says no version: `/schema/{name}/{version}` wants one it was not given. A
                    // variable counts as mentioned by its own words only, not by their groups.
                    if takesAll,
                        document.pointee.variableTerms.allSatisfy({ variable in
                            variable.allSatisfy { mentionedFlags[Int($0)] }
                                || byKeys.contains { $0.ids.isSubset(of: variable) }
                        })
                    {
                        score *= weights.parameterMatch
                    }
                }
                // "returns a ConductorApplication", "SearchResult<Task>": the endpoint whose type or parameter the
                // query writes as code.
                if !queryIdentifiers.isEmpty, !queryIdentifiers.isDisjoint(with: document.pointee.identifiers) {
                    score *= weights.namedIdentifier
                }
                if document.pointee.deprecated { score *= weights.deprecated }
                // "Start with Path Parameters": the endpoint that takes its input the way the query says.
                if !plan.inputForms.isEmpty, plan.inputForms.isSubset(of: document.pointee.inputForms) {
                    score *= weights.inputForm
                }
                // "task 'approve'", "the order_fulfillment workflow": a thing given by its name, to the endpoint that
                // takes its name (`{taskRefName}`, `/workflow/{name}`) rather than an id.
                if !namedIds.isEmpty, document.pointee.nameNouns.contains(where: namedIds.contains) {
                    score *= weights.givenName
                }
                // "access key 7f3c9e1a", "workflow wf-3": likewise a thing given by its id, to the endpoint that takes
                // that thing's id (`{accessKeyId}`, `/workflow/{workflowId}`).
                // Only where the method is the one asked for (a read, when no action is): "groups of user u77" is no
                // reason to offer the POST that adds a user to a group.
                if !identifiedIds.isEmpty, document.pointee.idNouns.contains(where: identifiedIds.contains),
                    plan.methodIntent?.contains(document.pointee.method) ?? (document.pointee.method == "GET")
                {
                    score *= weights.givenName
                }
                // "tags of a schedule": the tags of one schedule, behind its variable; "executions for a specific
                // handler": those behind a variable that names the handler (`/execution/{eventHandlerName}`).
                if !ownerIds.isEmpty,
                    document.pointee.itemTerms.contains(where: ownerIds.contains)
                        || document.pointee.variableTerms.contains(where: { !$0.isDisjoint(with: ownerIds) })
                {
                    score *= weights.ownerItem
                }
                // A query whose terms are the summary's ("list all secret names") names that operation, not one whose
                // summary says more ("list all secret names user can grant access to"): API docs and SDKs name
                // operations by their summaries. A query that also asks for many ("pause several workflows at once")
                // says more than the summary of the one-item endpoint, as does one naming an input form the endpoint
                // lacks ("update a task with path parameters" is not `POST /tasks`, "Update a task", body only).
                // A summary that relates two things by one word says the query only when it is about what the query
                // is about: "get integration providers" is not "Get Integrations of an Integration Provider".
                if !plan.asksForMany, document.pointee.summaryTerms == queryTerms,
                    plan.inputForms.isSubset(of: document.pointee.inputForms),
                    document.pointee.relationHead < 0
                        || headIds.map({ $0.0 < 0 || $0.0 == document.pointee.relationHead })
                            ?? true
                {
                    score *= weights.summaryMatch
                }
                hits.append(Hit(offset: offset, score: score, depth: document.pointee.depth))
            }
        }
        // A query that is exactly an operationId or an endpoint key ("pauseWorkflow_1") names that endpoint.
        if let exact = exactNames[trimmed.lowercased()], passes(documents[exact]) {
            let top = max(hits.map(\.score).max() ?? 1, 1)
            hits.removeAll { $0.offset == exact }
            hits.append(Hit(offset: exact, score: top * 2, depth: documents[exact].depth))
        }
        if hits.isEmpty { return nearest(to: trimmed, passing: passes, limit: limit) }
        // The best `limit`, in order, kept by insertion: a full sort of every hit costs more than the ranking.
        var best: [Hit] = []
        best.reserveCapacity(max(limit, 0) + 1)
        for hit in hits where best.count < limit || best.last.map({ hit.ranks(before: $0) }) == true {
            let position = best.firstIndex { hit.ranks(before: $0) } ?? best.count
            best.insert(hit, at: position)
            if best.count > limit { best.removeLast() }
        }
        // Hits far below the best are noise that costs the agent context: keep those within reach of the top.
        let floor = (best.first?.score ?? 0) * Self.relativeScoreFloor
        return best.prefix { $0.score >= floor }.map { SearchHit(endpoint: endpoints[$0.offset], score: $0.score) }
    }

    /// A scored endpoint, by its position in the index.
    struct Hit {
        var offset: Int
        var score: Double
        var depth: Int

        /// Whether this hit ranks before `other`: the higher score; on a tie the path with fewer segments (the more
        /// general endpoint), then the document's order. Neither tie-break depends on how the API spells its words
        /// (letters counted would).
        func ranks(before other: Hit) -> Bool {
            if score != other.score { return score > other.score }
            if depth != other.depth { return depth < other.depth }
            return offset < other.offset
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

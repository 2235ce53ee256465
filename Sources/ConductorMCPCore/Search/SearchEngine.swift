import Foundation

/// Ranks endpoints for a natural-language query.
///
/// BM25F over the fields an API names things in (summary, operationId and path count most, then tags, parameter
/// names and description), with each term matched exactly or through its `Vocabulary` group, a bonus when the
/// query's verb suggests the endpoint's HTTP method, a penalty for path words the query does not mention (so
/// "restart workflow" prefers `/workflow/{id}/restart` to `/workflow/bulk/restart`), and deprecated endpoints demoted.
/// Built once per index as postings (where each term occurs); a query touches only the endpoints its words reach.
public struct SearchEngine: Sendable {
    /// A field of an endpoint's text and its weight.
    enum Field: Int, CaseIterable {
        case summary, operationId, path, tags, parameters, description

        /// The weights of all fields, by raw value.
        static let weights = allCases.map(\.weight)

        var weight: Double {
            switch self {
            case .summary: return 3.0
            case .operationId: return 2.0
            case .path: return 2.5
            case .tags: return 1.0
            case .parameters: return 0.6
            case .description: return 0.8
            }
        }
    }

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
        /// A GET on a path without parameters: a collection.
        var isCollection: Bool
        /// The endpoint's method, tags (lower-cased) and deprecation, kept here so the loop copies no `Endpoint`.
        var method: String
        var tags: [String]
        var deprecated: Bool
    }

    private let index: EndpointIndex
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
    /// BM25 length normalisation, `norms[endpoint * fieldCount + field]`.
    private let norms: [Double]

    /// One occurrence of a term or group in one field of one endpoint.
    struct Posting: Sendable {
        var document: Int32
        var field: Int32
        var count: Double
    }

    private static let k1 = 1.2
    private static let b = 0.6
    /// An exact term match counts fully; a match through the vocabulary group counts this much.
    private static let conceptWeight = 0.7
    /// Each scope-widening path word (bulk, batch) the query does not ask for multiplies the score by this.
    private static let unaskedScopeFactor = 0.75
    /// Each literal path word the query does not mention multiplies the score by this.
    private static let unmentionedPathWordFactor = 0.8
    /// Applied to parameterless GET endpoints when the query asks to list something.
    private static let collectionFactor = 1.15
    /// Hits scoring below this share of the best hit are left out.
    private static let relativeScoreFloor = 0.25
    /// Applied when the endpoint matches nothing of the query's leading action word.
    private static let missedActionFactor = 0.7
    /// Applied when the query's last noun names the endpoint's resource (its last literal path word).
    private static let resourceMatchFactor = 1.2

    /// Prepares the engine for `index`.
    public init(index: EndpointIndex) {
        self.index = index
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
        var raw: [(fields: [[String]], path: [[String]], resource: String?)] = []
        for endpoint in index.endpoints {
            raw.append(Self.fieldTerms(for: endpoint, splitter: splitter))
        }
        let count = max(raw.count, 1)
        var totals = [Double](repeating: 0, count: Field.allCases.count)
        for document in raw {
            for (field, terms) in document.fields.enumerated() { totals[field] += Double(terms.count) }
        }
        let averages = totals.map { max(1, $0 / Double(count)) }
        var pathFrequency: [String: Int] = [:]
        for document in raw {
            for term in Set(document.path.joined()) { pathFrequency[term, default: 0] += 1 }
        }
        let common = Set(pathFrequency.filter { Double($0.value) > Double(count) / 3 }.keys)

        var documents: [Document] = []
        var documentFrequency: [Int32: Double] = [:]
        var conceptFrequency: [Int32: Double] = [:]
        var termPostings: [Int32: [Posting]] = [:]
        var conceptPostings: [Int32: [Posting]] = [:]
        var flatNorms: [Double] = []
        for (offset, document) in raw.enumerated() {
            var terms: [Entry] = []
            var concepts: [Entry] = []
            var norms: [Double] = []
            for (field, fieldTerms) in document.fields.enumerated() {
                norms.append(1 - Self.b + Self.b * Double(fieldTerms.count) / averages[field])
                for term in fieldTerms {
                    let id = intern(term)
                    Self.add(&terms, field: field, id: id)
                    Self.add(&concepts, field: field, id: conceptOfId[Int(id)])
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
            flatNorms.append(contentsOf: norms)
            let groups = document.path.map { group in group.filter { !common.contains($0) }.map(intern) }
                .filter { !$0.isEmpty }
            let resource = document.resource.map(intern) ?? -1
            let endpoint = index.endpoints[offset]
            documents.append(
                Document(
                    pathGroups: groups, resource: resource,
                    resourceConcept: resource >= 0 ? conceptOfId[Int(resource)] : -1,
                    isCollection: endpoint.method == "GET" && !endpoint.path.contains("{"), method: endpoint.method,
                    tags: endpoint.tags.map { $0.lowercased() }, deprecated: endpoint.deprecated))
        }
        let scopeWidening = Set(Vocabulary.scopeWidening.map(intern))
        self.ids = ids
        self.conceptOfId = conceptOfId
        self.documents = documents
        self.documentFrequency = documentFrequency
        self.conceptFrequency = conceptFrequency
        self.scopeWideningIds = scopeWidening
        self.termPostings = termPostings
        self.conceptPostings = conceptPostings
        self.norms = flatNorms
    }

    private static func add(_ entries: inout [Entry], field: Int, id: Int32) {
        if let index = entries.firstIndex(where: { $0.field == field && $0.id == id }) {
            entries[index].count += 1
        } else {
            entries.append(Entry(field: field, id: id, count: 1))
        }
    }

    /// The stemmed terms of each field, the literal path words (as compound parts where they split) and the
    /// resource word.
    static func fieldTerms(for endpoint: Endpoint, splitter: CompoundSplitter)
        -> (fields: [[String]], path: [[String]], resource: String?)
    {
        var texts = [String](repeating: "", count: Field.allCases.count)
        texts[Field.summary.rawValue] = endpoint.summary ?? ""
        texts[Field.operationId.rawValue] = endpoint.operationId ?? ""
        let literalPath = endpoint.path.split(separator: "/").filter { !$0.hasPrefix("{") }.joined(separator: " ")
        texts[Field.path.rawValue] = literalPath
        texts[Field.tags.rawValue] = endpoint.tags.joined(separator: " ").replacingOccurrences(of: "resource", with: "")
        var parameterText = endpoint.parameters.map(\.name).joined(separator: " ")
        if let body = endpoint.requestBody?.preferred?.schema {
            parameterText += " " + (body.refName ?? body.items?.refName ?? "")
        }
        texts[Field.parameters.rawValue] = parameterText
        texts[Field.description.rawValue] = String((endpoint.description ?? "").prefix(400))
        // Only path segments and parameter names run words together ("taskdefs"); prose needs no splitting.
        let fields = texts.enumerated().map { field, text in
            let splits = field == Field.path.rawValue || field == Field.parameters.rawValue
            return Tokenizer.terms(text, splitter: splits ? splitter : nil).filter { Int($0) == nil }
        }
        let path = Tokenizer.words(literalPath).filter { !Tokenizer.stopWords.contains($0) }.map { word in
            splitter.split(word)?.map(Stemmer.stem) ?? [Stemmer.stem(word)]
        }
        let lastLiteral = endpoint.path.split(separator: "/").last { !$0.hasPrefix("{") }.map(String.init) ?? ""
        return (fields, path, Tokenizer.terms(lastLiteral).last)
    }

    /// The best `limit` endpoints for `query`, optionally only those with `tag` and `method`.
    /// An empty query lists the matching endpoints in document order.
    public func search(_ query: String, tag: String? = nil, method: String? = nil, limit: Int = 8) -> [SearchHit] {
        let wantedMethod = method?.uppercased()
        let wantedTag = tag?.lowercased()
        let plan = QueryPlan(query)
        let termCount = plan.terms.count
        // Query terms as ids; a term no endpoint uses is -1 and can still match through its group.
        let termIds = plan.terms.map { ids[$0] ?? -1 }
        let conceptIds = plan.concepts.map { ids[$0] ?? -1 }
        let hasGroup = plan.terms.map { Vocabulary.conceptOfStem[$0] != nil }
        let relatedAction = plan.actionIndex.flatMap { Vocabulary.relatedConcepts[plan.concepts[$0]] }.flatMap {
            ids[$0]
        }
        let mentioned = Set(termIds + conceptIds).subtracting([-1])
        let headIds = plan.headTerm.map { (ids[$0] ?? -1, ids[Vocabulary.concept(of: $0)] ?? -1) }
        let total = Double(max(documents.count, 1))
        let idfs = (0..<termCount).map { i -> (exact: Double, concept: Double) in
            func idf(_ frequency: Double) -> Double { log(1 + (total - frequency + 0.5) / (frequency + 0.5)) }
            let conceptDF = conceptFrequency[conceptIds[i]] ?? 1
            return (idf(documentFrequency[termIds[i]] ?? conceptDF), idf(conceptDF))
        }
        // Scores by endpoint position; `SearchHit`s (which copy the endpoint) are made for the winners only.
        var hits: [(offset: Int, score: Double)] = []
        let count = documents.count
        let fieldCount = Field.allCases.count
        var scores = [Double](repeating: 0, count: count)
        var matchedTerms = [Int](repeating: 0, count: count)
        var actionMatched = [Bool](repeating: false, count: count)
        // Per query term: the weighted frequency per endpoint, which fields matched exactly, whether a group
        // match was used, and which endpoints were touched (to reset only those).
        var weighted = [Double](repeating: 0, count: count)
        var exactFields = [UInt8](repeating: 0, count: count)
        var usedConcept = [Bool](repeating: false, count: count)
        var touched: [Int] = []
        for i in 0..<termCount {
            for posting in termPostings[termIds[i]] ?? [] {
                let doc = Int(posting.document)
                let field = Int(posting.field)
                if weighted[doc] == 0 && exactFields[doc] == 0 && !usedConcept[doc] { touched.append(doc) }
                exactFields[doc] |= 1 << field
                weighted[doc] += Field.weights[field] * posting.count / norms[doc * fieldCount + field]
            }
            if hasGroup[i] {
                // The group counts, at a discount, in fields where the exact term is absent.
                for posting in conceptPostings[conceptIds[i]] ?? [] {
                    let doc = Int(posting.document)
                    let field = Int(posting.field)
                    guard exactFields[doc] & (1 << field) == 0 else { continue }
                    if weighted[doc] == 0 && exactFields[doc] == 0 && !usedConcept[doc] { touched.append(doc) }
                    weighted[doc] +=
                        Self.conceptWeight * Field.weights[field] * posting.count
                        / norms[doc * fieldCount + field]
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
                    let idf = usedConcept[doc] ? idfs[i].concept : idfs[i].exact
                    scores[doc] += plan.weights[i] * idf * weighted[doc] / (Self.k1 + weighted[doc])
                }
                weighted[doc] = 0
                exactFields[doc] = 0
                usedConcept[doc] = false
            }
            touched.removeAll(keepingCapacity: true)
        }
        for offset in 0..<count where termCount == 0 || scores[offset] > 0 {
            let document = documents[offset]
            if let wantedMethod, document.method != wantedMethod { continue }
            if let wantedTag, !document.tags.contains(wantedTag) { continue }
            guard termCount > 0 else {
                hits.append((offset, 0))
                continue
            }
            var score = scores[offset]
            let matched = matchedTerms[offset]
            let actionMatched = actionMatched[offset]
            guard score > 0 else { continue }
            // Reward covering more of the query, so two-word matches beat one strong word.
            score *= 0.5 + 0.5 * Double(matched) / Double(termCount)
            // An endpoint that does not do what the query asks (its leading verb) is a weaker answer.
            if plan.actionIndex != nil, !actionMatched { score *= Self.missedActionFactor }
            // REST names the resource in the last literal path word; the query names it in its last noun.
            if let (head, headConcept) = headIds, document.resource >= 0,
                head == document.resource || headConcept == document.resourceConcept
            {
                score *= Self.resourceMatchFactor
            }
            // "list the schedules" asks for the collection: a GET on a path with no parameters.
            if plan.asksForCollection, document.isCollection { score *= Self.collectionFactor }
            if let intent = plan.methodIntent {
                score *= intent.contains(document.method) ? 1.25 : 0.85
            } else if document.method == "GET" {
                // A query with no verb names something to look at.
                score *= 1.1
            }
            for group in document.pathGroups
            where group.allSatisfy({ !mentioned.contains($0) && !mentioned.contains(conceptOfId[Int($0)]) }) {
                score *= Self.unmentionedPathWordFactor
                if group.count == 1, scopeWideningIds.contains(group[0]) { score *= Self.unaskedScopeFactor }
            }
            if document.deprecated { score *= 0.7 }
            hits.append((offset, score))
        }
        let endpoints = index.endpoints
        if termCount == 0 { return hits.prefix(limit).map { SearchHit(endpoint: endpoints[$0.offset], score: 0) } }
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

import Foundation

/// Ranks endpoints for a natural-language query.
///
/// BM25F over the fields an API names things in (summary, operationId and path count most, then tags, parameter
/// names and description), with each term matched exactly or through its `Vocabulary` group, a bonus when the
/// query's verb suggests the endpoint's HTTP method, a penalty for path words the query does not mention (so
/// "restart workflow" prefers `/workflow/{id}/restart` to `/workflow/bulk/restart`), and deprecated endpoints demoted.
/// Built once per index; searching allocates little and takes microseconds.
public struct SearchEngine: Sendable {
    /// A field of an endpoint's text and its weight.
    enum Field: Int, CaseIterable {
        case summary, operationId, path, tags, parameters, description

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

    /// One endpoint's terms, per field, as term → count maps, plus the concepts they belong to.
    struct Document: Sendable {
        var terms: [[String: Int]]
        var concepts: [[String: Int]]
        var lengths: [Int]
        /// Literal path words (no placeholders), each as its stem or the stems of its compound parts, for the
        /// "unmentioned path word" penalty.
        var pathTerms: [[String]]
        /// The last literal path word, which names the resource in REST paths.
        var resourceTerm: String?
    }

    private let index: EndpointIndex
    private let documents: [Document]
    private let averageLengths: [Double]
    private let documentFrequency: [String: Int]
    private let conceptFrequency: [String: Int]
    /// Path words found in more than a third of endpoints (`api`, a version prefix): no signal, no penalty.
    private let commonPathTerms: Set<String>

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
        var documents: [Document] = []
        documents.reserveCapacity(index.endpoints.count)
        var documentFrequency: [String: Int] = [:]
        var conceptFrequency: [String: Int] = [:]
        var pathTermFrequency: [String: Int] = [:]
        let splitter = CompoundSplitter(
            texts: index.endpoints.flatMap { [$0.summary ?? "", $0.operationId ?? "", $0.description ?? ""] })
        for endpoint in index.endpoints {
            let document = Self.document(for: endpoint, splitter: splitter)
            for term in Set(document.terms.flatMap(\.keys)) { documentFrequency[term, default: 0] += 1 }
            for concept in Set(document.concepts.flatMap(\.keys)) { conceptFrequency[concept, default: 0] += 1 }
            for term in Set(document.pathTerms.joined()) { pathTermFrequency[term, default: 0] += 1 }
            documents.append(document)
        }
        let count = max(documents.count, 1)
        averageLengths = Field.allCases.map { field in
            max(1, Double(documents.reduce(0) { $0 + $1.lengths[field.rawValue] }) / Double(count))
        }
        commonPathTerms = Set(pathTermFrequency.filter { Double($0.value) > Double(count) / 3 }.keys)
        self.documents = documents
        self.documentFrequency = documentFrequency
        self.conceptFrequency = conceptFrequency
    }

    static func document(for endpoint: Endpoint, splitter: CompoundSplitter) -> Document {
        var texts = [String](repeating: "", count: Field.allCases.count)
        texts[Field.summary.rawValue] = endpoint.summary ?? ""
        // springdoc numbers duplicate operationIds (`terminate_1`): the suffix is noise.
        texts[Field.operationId.rawValue] = endpoint.operationId ?? ""
        let literalPath = endpoint.path.split(separator: "/").filter { !$0.hasPrefix("{") }.joined(separator: " ")
        texts[Field.path.rawValue] = literalPath
        texts[Field.tags.rawValue] = endpoint.tags.joined(separator: " ")
            .replacingOccurrences(of: "resource", with: "")
        var parameterText = endpoint.parameters.map(\.name).joined(separator: " ")
        if let body = endpoint.requestBody?.preferred?.schema {
            parameterText += " " + (body.refName ?? body.items?.refName ?? "")
        }
        texts[Field.parameters.rawValue] = parameterText
        texts[Field.description.rawValue] = String((endpoint.description ?? "").prefix(400))
        var terms: [[String: Int]] = []
        var concepts: [[String: Int]] = []
        var lengths: [Int] = []
        for text in texts {
            let fieldTerms = Tokenizer.terms(text, splitter: splitter).filter { Int($0) == nil }
            var termCounts: [String: Int] = [:]
            var conceptCounts: [String: Int] = [:]
            for term in fieldTerms {
                termCounts[term, default: 0] += 1
                conceptCounts[Vocabulary.concept(of: term), default: 0] += 1
            }
            terms.append(termCounts)
            concepts.append(conceptCounts)
            lengths.append(fieldTerms.count)
        }
        let lastLiteral = endpoint.path.split(separator: "/").last { !$0.hasPrefix("{") }.map(String.init) ?? ""
        return Document(
            terms: terms, concepts: concepts, lengths: lengths,
            pathTerms: Tokenizer.words(literalPath).filter { !Tokenizer.stopWords.contains($0) }.map { word in
                splitter.split(word)?.map(Stemmer.stem) ?? [Stemmer.stem(word)]
            },
            resourceTerm: Tokenizer.terms(lastLiteral).last)
    }

    /// The best `limit` endpoints for `query`, optionally only those with `tag` and `method`.
    /// An empty query lists the matching endpoints in document order.
    public func search(_ query: String, tag: String? = nil, method: String? = nil, limit: Int = 8) -> [SearchHit] {
        let wantedMethod = method?.uppercased()
        let wantedTag = tag?.lowercased()
        let plan = QueryPlan(query)
        let uniqueTerms = plan.terms
        let queryConcepts = plan.concepts
        let intent = plan.methodIntent
        let total = Double(max(documents.count, 1))
        var hits: [SearchHit] = []
        for (offset, document) in documents.enumerated() {
            let endpoint = index.endpoints[offset]
            if let wantedMethod, endpoint.method != wantedMethod { continue }
            if let wantedTag, !endpoint.tags.contains(where: { $0.lowercased() == wantedTag }) { continue }
            guard !uniqueTerms.isEmpty else {
                hits.append(SearchHit(endpoint: endpoint, score: 0))
                continue
            }
            var score = 0.0
            var matched = 0
            var actionMatched = false
            for (termIndex, (term, concept)) in zip(uniqueTerms, queryConcepts).enumerated() {
                var weighted = 0.0
                var usedConcept = false
                for field in Field.allCases {
                    let f = field.rawValue
                    let norm = 1 - Self.b + Self.b * Double(document.lengths[f]) / averageLengths[f]
                    if let count = document.terms[f][term] {
                        weighted += field.weight * Double(count) / norm
                    } else if concept != term || Vocabulary.conceptOfStem[term] != nil,
                        let count = document.concepts[f][concept]
                    {
                        weighted += Self.conceptWeight * field.weight * Double(count) / norm
                        usedConcept = true
                    } else if termIndex == plan.actionIndex, let related = Vocabulary.relatedConcepts[concept],
                        document.concepts[f][related] != nil
                    {
                        // A related action ("Get Templates" for "list templates") spares the missed-action penalty
                        // but adds no score of its own.
                        actionMatched = true
                    }
                }
                guard weighted > 0 else { continue }
                if termIndex == plan.actionIndex { actionMatched = true }
                matched += 1
                let frequency = Double(
                    usedConcept
                        ? conceptFrequency[concept] ?? 1 : documentFrequency[term] ?? conceptFrequency[concept] ?? 1)
                let idf = log(1 + (total - frequency + 0.5) / (frequency + 0.5))
                score += plan.weights[termIndex] * idf * weighted / (Self.k1 + weighted)
            }
            guard score > 0 else { continue }
            // Reward covering more of the query, so two-word matches beat one strong word.
            score *= 0.5 + 0.5 * Double(matched) / Double(uniqueTerms.count)
            // An endpoint that does not do what the query asks (its leading verb) is a weaker answer.
            if plan.actionIndex != nil, !actionMatched { score *= Self.missedActionFactor }
            // REST names the resource in the last literal path word; the query names it in its last noun.
            if let head = plan.headTerm, let resource = document.resourceTerm,
                head == resource || Vocabulary.concept(of: head) == Vocabulary.concept(of: resource)
            {
                score *= Self.resourceMatchFactor
            }
            // "list the schedules" asks for the collection: a GET on a path with no parameters.
            if plan.asksForCollection, endpoint.method == "GET", !endpoint.path.contains("{") {
                score *= Self.collectionFactor
            }
            if let intent {
                score *= intent.contains(endpoint.method) ? 1.25 : 0.85
            } else if endpoint.method == "GET" {
                // A query with no verb names something to look at.
                score *= 1.1
            }
            let mentioned = Set(uniqueTerms).union(queryConcepts)
            let unmentioned = document.pathTerms.filter { group in
                let distinctive = group.filter { !commonPathTerms.contains($0) }
                return !distinctive.isEmpty
                    && distinctive.allSatisfy {
                        !mentioned.contains($0) && !mentioned.contains(Vocabulary.concept(of: $0))
                    }
            }.map { $0.joined(separator: "+") }
            score *= pow(Self.unmentionedPathWordFactor, Double(unmentioned.count))
            score *= pow(Self.unaskedScopeFactor, Double(unmentioned.filter(Vocabulary.scopeWidening.contains).count))
            if endpoint.deprecated { score *= 0.7 }
            hits.append(SearchHit(endpoint: endpoint, score: score))
        }
        if uniqueTerms.isEmpty { return Array(hits.prefix(limit)) }
        hits.sort { left, right in
            if left.score != right.score { return left.score > right.score }
            // Ties: the shorter path is the more general endpoint.
            if left.endpoint.path.count != right.endpoint.path.count {
                return left.endpoint.path.count < right.endpoint.path.count
            }
            return left.endpoint.key < right.endpoint.key
        }
        // Hits far below the best are noise that costs the agent context: keep those within reach of the top.
        let floor = (hits.first?.score ?? 0) * Self.relativeScoreFloor
        return Array(hits.prefix(limit).prefix { $0.score >= floor })
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

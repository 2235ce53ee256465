/// Meaning beside words: each endpoint and each query as one `WordVectors` text vector, so that a phrasing that
/// shares no word with an endpoint ("halt a run") still leans towards the endpoints that mean it.
extension SearchEngine {
    /// How much each text of an endpoint counts in its vector. Each text is first summed and normalised on its own,
    /// so that a long description does not outweigh a short summary; these are not fitted (their order is what
    /// matters: the names an API gives an operation say more than its prose).
    static let semanticTexts: [(field: SearchField, weight: Float)] = [
        (.summary, 1), (.operationId, 0.75), (.path, 0.75), (.tags, 0.4), (.requestType, 0.4), (.description, 0.5),
    ]

    /// The unit vectors of every endpoint, one after another (`WordVectors.shared.dimensions` each; all zero for an
    /// endpoint none of whose words the table knows).
    static func endpointVectors(for index: EndpointIndex) -> [Float] {
        let table = WordVectors.shared
        var flat: [Float] = []
        flat.reserveCapacity(index.endpoints.count * table.dimensions)
        for endpoint in index.endpoints {
            var sum = [Float](repeating: 0, count: table.dimensions)
            for (field, weight) in semanticTexts {
                let text = semanticText(of: endpoint, field)
                let words = Tokenizer.words(text).filter { !Tokenizer.stopWords.contains($0) }.map { ($0, Float(1)) }
                guard let vector = table.textVector(words) else { continue }
                for d in 0..<table.dimensions { sum[d] += weight * vector[d] }
            }
            flat.append(contentsOf: WordVectors.normalised(sum) ?? sum)
        }
        return flat
    }

    /// The text of `field` that the vector reads (literal path words only; the description up to its bound).
    static func semanticText(of endpoint: Endpoint, _ field: SearchField) -> String {
        switch field {
        case .summary: return endpoint.summary ?? ""
        case .operationId: return endpoint.operationId ?? ""
        case .path: return endpoint.path.split(separator: "/").filter { !$0.hasPrefix("{") }.joined(separator: " ")
        case .tags: return endpoint.tags.joined(separator: " ")
        case .requestType:
            let schema = endpoint.requestBody?.preferred?.schema
            return schema?.refName ?? schema?.items?.refName ?? ""
        case .description: return String((endpoint.description ?? "").prefix(maximumDescription))
        default: return ""
        }
    }

    /// The unit vector of a query's words (stop words and words that only asked for many items left out); nil when
    /// the table knows none of them.
    static func queryVector(_ query: String) -> [Float]? {
        let words = Tokenizer.words(query)
        let ignored = Vocabulary.quantity(in: words).ignored
        let kept = words.enumerated().filter { !Tokenizer.stopWords.contains($0.element) && !ignored.contains($0.offset) }
        return WordVectors.shared.textVector(kept.map { ($0.element, Float(1)) })
    }

    /// The cosine of the query vector and endpoint `offset`'s vector.
    func semanticSimilarity(_ query: [Float], _ offset: Int) -> Float {
        let dimensions = query.count
        let base = offset * dimensions
        var dot: Float = 0
        for d in 0..<dimensions { dot += query[d] * semanticVectors[base + d] }
        return dot
    }
}

/// Nearest API words by meaning, for query words the API does not use.
extension SearchEngine {
    /// At most this many API words stand in for one query word by meaning.
    static let maximumNeighbours = 3

    /// The terms used by some endpoint that the word-vector table knows, with their unit vectors: each term's
    /// vector is that of the first word, as written in the document, that stems to it.
    static func termVectors(for index: EndpointIndex, ids: [String: Int32], postings: [Int32: [Posting]])
        -> ([Int32], [Float])
    {
        let table = WordVectors.shared
        var seen = Set<Int32>()
        var found: [Int32] = []
        var flat: [Float] = []
        for endpoint in index.endpoints {
            let texts = [SearchField.summary, .operationId, .path, .tags, .requestType, .description].map {
                semanticText(of: endpoint, $0)
            }
            for word in texts.flatMap(Tokenizer.words) where !Tokenizer.stopWords.contains(word) {
                guard let id = ids[Stemmer.stem(word)], postings[id] != nil, !seen.contains(id) else { continue }
                var vector = [Float](repeating: 0, count: table.dimensions)
                guard table.add(word, to: &vector), let unit = WordVectors.normalised(vector) else { continue }
                seen.insert(id)
                found.append(id)
                flat.append(contentsOf: unit)
            }
        }
        return (found, flat)
    }

    /// The API terms nearest in meaning to `word` (at least `SearchWeights.neighbourFloor`), nearest first.
    func neighbours(of word: String) -> [Int32] {
        let table = WordVectors.shared
        var vector = [Float](repeating: 0, count: table.dimensions)
        guard table.add(word, to: &vector), let query = WordVectors.normalised(vector) else { return [] }
        let dimensions = table.dimensions
        let floor = Float(weights.neighbourFloor)
        var best: [(id: Int32, cosine: Float)] = []
        for (position, id) in neighbourIds.enumerated() {
            let base = position * dimensions
            var dot: Float = 0
            for d in 0..<dimensions { dot += query[d] * neighbourVectors[base + d] }
            if dot >= floor { best.append((id, dot)) }
        }
        return best.sorted { $0.cosine > $1.cosine }.prefix(Self.maximumNeighbours).map(\.id)
    }
}

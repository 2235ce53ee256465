/// A query read once: its distinct terms, their vocabulary groups, how much each counts, and the HTTP methods its
/// verb suggests.
///
/// The first action word is what the user wants done ("continue a workflow that was paused": continue), so it
/// counts more; a later past participle ("paused", "failed") describes a state, so it counts less.
struct QueryPlan {
    /// Distinct stemmed terms in query order.
    var terms: [String] = []
    /// The vocabulary group of each term.
    var concepts: [String] = []
    /// The weight of each term.
    var weights: [Double] = []
    /// The methods the leading action suggests; nil when the query has no action word.
    var methodIntent: Set<String>?
    /// The position of the leading action term, if any.
    var actionIndex: Int?
    /// True when the leading action is "list" or a word of its group.
    var asksForCollection: Bool {
        actionIndex.map { concepts[$0] == Vocabulary.concept(of: Stemmer.stem("list")) } ?? false
    }
    /// The last term that is not an action: the noun the query is about.
    var headTerm: String?

    static let leadingActionWeight = 1.5
    static let stateWordWeight = 0.5

    init(_ query: String) {
        var sawAction = false
        for word in Tokenizer.words(query) where !Tokenizer.stopWords.contains(word) {
            let term = Stemmer.stem(word)
            guard !terms.contains(term) else { continue }
            let concept = Vocabulary.concept(of: term)
            var weight = 1.0
            // "running workflows", "failed tasks": a participle describes, it does not ask for an action.
            let isParticiple = word.count > 4 && (word.hasSuffix("ing") || word.hasSuffix("ed"))
            if let methods = Vocabulary.methodIntentOfConcept[concept] {
                if !sawAction && !isParticiple {
                    sawAction = true
                    weight = Self.leadingActionWeight
                    methodIntent = methods
                    actionIndex = terms.count
                } else if word.hasSuffix("ed") {
                    weight = Self.stateWordWeight
                }
            } else if sawAction, word.hasSuffix("ed"), word.count > 4 {
                weight = Self.stateWordWeight
            }
            if Vocabulary.methodIntentOfConcept[concept] == nil || isParticiple, weight >= 1 { headTerm = term }
            terms.append(term)
            concepts.append(concept)
            weights.append(weight)
        }
    }
}

/// A query read once: its distinct terms, their vocabulary groups, how much each counts, the HTTP methods its
/// verb suggests, the words that name a parameter ("by correlation id") and whether it asks for many items.
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
    /// Whether each term follows "by" and so names a parameter or path variable ("by correlation id").
    var namesParameter: [Bool] = []
    /// The methods the leading action suggests; nil when the query has no action word.
    var methodIntent: Set<String>?
    /// The position of the leading action term, if any.
    var actionIndex: Int?
    /// True when the query asks to act on many items at once: "several", "many", "at once", "in one call".
    var asksForMany = false
    /// True when the leading action is "list" or a word of its group.
    var asksForCollection: Bool {
        actionIndex.map { concepts[$0] == Vocabulary.concept(of: Stemmer.stem("list")) } ?? false
    }
    /// The last term that is not an action: the noun the query is about.
    var headTerm: String?
    /// Whether each term was written in the plural ("add users to a group", "by correlation ids"): the query is
    /// about many of them, not one item behind a path variable.
    var isPlural: [Bool] = []
    /// True when a word after "by" is plural ("get by correlation ids"): the query is about many items at once.
    var pluralParameter: Bool { zip(namesParameter, isPlural).contains { $0 && $1 } }
    /// The positions of terms that are not actions: nouns and modifiers, any of which may name the resource.
    var nounIndices: [Int] = []

    static let leadingActionWeight = 1.5
    static let stateWordWeight = 0.5
    /// How many words after "by" are read as naming a parameter.
    static let byWords = 3

    init(_ query: String) {
        var sawAction = false
        let words = Tokenizer.words(query)
        let (quantity, ignored) = Vocabulary.quantity(in: words)
        asksForMany = quantity
        var byLeft = 0
        for (position, word) in words.enumerated() {
            if word == "by" {
                byLeft = Self.byWords
                continue
            }
            if Tokenizer.stopWords.contains(word) || ignored.contains(position) {
                if word != "and" { byLeft = 0 }
                continue
            }
            let afterBy = byLeft > 0
            byLeft = max(0, byLeft - 1)
            let term = Stemmer.stem(word)
            if let existing = terms.firstIndex(of: term) {
                if afterBy { namesParameter[existing] = true }
                continue
            }
            let concept = Vocabulary.concept(of: term)
            var weight = 1.0
            // "running workflows", "failed tasks": a participle describes, it does not ask for an action.
            let isParticiple = word.count > 4 && (word.hasSuffix("ing") || word.hasSuffix("ed"))
            if let methods = Vocabulary.methodIntentOfConcept[concept], !afterBy {
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
            if Vocabulary.methodIntentOfConcept[concept] == nil || isParticiple, weight >= 1, !afterBy {
                headTerm = term
            }
            if Vocabulary.methodIntentOfConcept[concept] == nil { nounIndices.append(terms.count) }
            terms.append(term)
            concepts.append(concept)
            weights.append(weight)
            namesParameter.append(afterBy)
            isPlural.append(word != term && word.hasSuffix("s") && !word.hasSuffix("ss"))
        }
    }
}

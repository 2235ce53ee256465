import Foundation

/// A query read once: its distinct terms, their vocabulary groups, how much each counts, the HTTP methods its
/// verb suggests, the words that name a parameter ("by correlation id") and whether it asks for many items.
///
/// The first action word is what the user wants done ("continue a workflow that was paused": continue), so it
/// counts more; a later past participle ("paused", "failed") describes a state, so it counts less.
struct QueryPlan {
    /// The query's words as read: lower-case, detached prefixes joined, phrases replaced.
    var words: [String] = []
    /// Distinct stemmed terms in query order.
    var terms: [String] = []
    /// The vocabulary group of each term.
    var concepts: [String] = []
    /// The weight of each term.
    var weights: [Double] = []
    /// Whether each term follows "by" and so names a parameter or path variable ("by correlation id").
    var namesParameter: [Bool] = []
    /// For each term that names a parameter, which of the keys the query lists it belongs to ("by name and version":
    /// two keys, 0 and 1; "by correlation id": one); -1 for the others.
    var parameterKey: [Int] = []
    /// Whether each term was first said after "by": a word said first as the object and again in a key ("retry
    /// workflows by workflow ids") still tells how many things the query acts on.
    var firstSaidAsKey: [Bool] = []
    /// The stem each word position was read as when it differs from the word's own: a slip corrected
    /// ("serch": search) or a noun read as its action ("suspension": suspend).
    var readAs: [Int: String] = [:]
    /// Whether each term is first said in a clause after the main one, the clause with the leading action (or,
    /// with no action, the first that does not open with a subordinating word): "Resumes the paused workflow,
    /// evaluating its state" is about resuming, not about state.
    var inLaterClause: [Bool] = []
    /// The words of the main clause and those before it written as code identifiers, lower-cased without their
    /// punctuation ("SearchResult<Task>": searchresulttask); see `identifiers(in:)`.
    var identifiers: Set<String> = []
    /// The methods the leading action suggests; nil when the query has no action word.
    var methodIntent: Set<String>?
    /// True when, before any action, a participle of an action names a state ("workflows that are paused", "has
    /// the workflow been terminated"): with no action, the query asks about that state, not for the action.
    var namesState = false
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
    /// True when, after the head noun, the query names one thing in the singular after an article ("tags of a
    /// schedule", "tasks in the given workflow"): what it asks for belongs to one item, not to the whole collection.
    var namesOneOwner: Bool { !ownerPhrases.isEmpty }
    /// The positions of the nouns of each phrase that names such an item, in order ("an integration provider":
    /// integration, provider); the last one the API's paths put a variable after is the owner.
    var ownerPhrases: [[Int]] = []
    /// The terms of nouns the query gives a name for, a value with no digit ("task 'approve'", "the
    /// order_fulfillment workflow"): one of those is meant by its name, not by an id.
    var namedItems: Set<Int> = []
    /// The terms of nouns the query gives an id for, a value with a digit right after the noun ("access key 7f3c9e1a",
    /// "workflow wf-3"): one of those is meant by its id.
    var identifiedItems: Set<Int> = []
    /// The terms that are words of values the query writes ("bulk_restart_job"): they name no path word.
    var valueTerms: Set<Int> = []
    /// True when a word of the query says "all": "all" or "every" anywhere ("all queue sizes", "sizes for all
    /// tasks"), another word of the list group when it is not the leading action.
    var mentionsAll = false
    /// The first noun after that "all", the thing it counts ("all tags of an integration": tag); nil when none.
    var allNoun: Int?
    /// The ways of handing the operation its input the query names ("Start with Path Parameters": path).
    var inputForms: Set<Vocabulary.InputForm> = []
    /// True when the query asks to change many things at once by naming them in the plural after an action that
    /// is not a read ("terminate workflows", "pause schedules"): bulk endpoints answer it. "All" is not a list
    /// of given items but everything ("pause all schedules").
    var writesMany: Bool { !reads && !mentionsAll && changesPluralObject }
    /// True when the query changes every item of a kind it names in the plural ("resume all schedules"): one
    /// item behind a path variable does not answer it.
    var changesAll: Bool { !reads && mentionsAll && changesPluralObject }
    /// True when a noun in the plural, not first said as a key, is an object of the query.
    private var changesPluralObject: Bool {
        nounIndices.contains { isPlural[$0] && !firstSaidAsKey[$0] && weights[$0] >= 1 }
    }
    /// True when the query reads: its verb suggests GET, or it has no verb ("status of a workflow").
    var reads: Bool { methodIntent.map { $0.contains("GET") } ?? true }
    /// True when a reading query asks for every item of a kind: "list …", "all …", or a plural head noun that no
    /// "by" narrows ("retrieve all prompt templates", "get tags").
    var asksForAll: Bool {
        guard reads, !namesOneOwner else { return false }
        if asksForCollection || mentionsAll { return true }
        guard let head = headIndex else { return false }
        return isPlural[head] && !namesParameter.contains(true)
    }
    /// True when a reading query names one thing in the singular and does not ask for all or many ("retrieve the
    /// workflow definition"): one item behind a path variable answers it better than the whole collection.
    var asksForOne: Bool { reads && namesOne }
    /// True when the head noun is singular and the query asks for neither all nor many ("delete a schema version"),
    /// whatever its action.
    var namesOne: Bool {
        guard let head = headIndex else { return false }
        return !isPlural[head] && !mentionsAll && !asksForMany && !asksForCollection
    }
    /// The position of the head noun among the terms.
    var headIndex: Int? { headTerm.flatMap { terms.firstIndex(of: $0) } }

    /// Possessives that make an "all" after the head count parts of one thing ("with all its tasks").
    static let partOwners: Set<String> = ["its", "their", "his", "her"]
    static let leadingActionWeight = 1.5
    /// Letters of the longest piece of an id that is not read as a word ("7f3c9e1a": f, c, e).
    static let maximumIdPiece = 3
    static let stateWordWeight = 0.5
    /// The weight of a search verb when words after "by" name the key to look up.
    static let lookupActionWeight = 0.5
    /// Stop words that may stand between "by" and the parameter names it introduces.
    static let byJoiners = Vocabulary.articles.union(keySeparators).union(["its", "their"])
    /// Joiners that end one key of a list and start the next ("by name and version"), one of `byJoiners`.
    static let keySeparators: Set<String> = ["and"]
    /// Verbs that find one thing rather than run a search, stemmed.
    static let lookupVerbs: Set<String> = Set(["find", "look", "lookup", "locate"].map(Stemmer.stem))
    /// Words after which the next words name a parameter ("by correlation id", "using its access key").
    static let parameterMarkers: Set<String> = ["by", "using", "via", "whose", "given"]
    /// How many words after "by" are read as naming a parameter.
    static let byWords = 3
    /// Prepositions after which a verb's word can only be a noun ("summary of run 3f9e", "logs for run 12").
    static let nounPrepositions: Set<String> = ["of", "for", "from", "in", "on", "about", "per", "within", "across"]
    /// Words after which the noun phrase that names the resource has ended ("tags for a schedule": tags).
    static let prepositions: Set<String> = [
        "of", "for", "from", "in", "on", "with", "to", "into", "within", "across", "after", "before", "about", "over",
        "through", "without", "per", "against", "between", "under",
    ]
    /// Nouns that, leading a command, can be verbs that record something ("log a message", "tag the workflow"); see
    /// `leadsAsVerb`.
    static let nounsUsedAsVerbs: Set<String> = ["log", "tag", "label", "logs", "tags", "labels"]
    /// Verbs that define something rather than run it, stemmed: their object is a definition ("register a task").
    static let definingVerbs: Set<String> = Set(
        ["register", "unregister", "deregister", "define", "registration"].map(Stemmer.stem))
    /// The weight of a word the query implies without saying it.
    static let impliedWeight = 0.5
    /// Participles that name a state even at the start ("Running workflows of a definition").
    static let stateParticiples: Set<String> = [
        "running", "pending", "waiting", "failing", "executing", "processing", "completed", "failed",
    ]
    /// Whether the first of `words` is a noun of `nounsUsedAsVerbs` used as a verb: before a determiner ("log a
    /// message"), or before an object that "to", "for" or "with" follows ("log message for task", "Logs messages to
    /// a task", "tag secret STRIPE_KEY with team=payments"). "of" ("log entries of a task") or a participle ("labels
    /// attached to a schedule") keeps it a noun.
    static func leadsAsVerb(_ words: [String]) -> Bool {
        guard let first = words.first, nounsUsedAsVerbs.contains(first), words.count > 1 else { return false }
        if determiners.contains(words[1]) { return true }
        guard !prepositions.contains(words[1]) else { return false }
        for word in words.dropFirst() {
            if word == "to" || word == "for" || word == "with" { return true }
            if prepositions.contains(word) || (word.count > 4 && word.hasSuffix("ed")) { return false }
        }
        return false
    }

    /// Words that begin a noun phrase: after "log" or "tag" they make it a verb.
    static let determiners: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "some", "each", "every", "my", "your", "its", "their",
        "our", "one",
    ]
    /// Words that join a second clause ("… and returns …").
    static let conjunctions: Set<String> = ["and", "then"]
    /// Verbs of API prose that are no action of their own ("… and returns the workflow").
    static let clauseVerbs: Set<String> = [
        "return", "returns", "include", "includes", "gives", "provide", "provides",
    ]
    /// Words of API prose that, opening a clause before any action, say what an operation gives back: a read
    /// ("Returns all subjects that have been granted access to a resource"). Not the imperative "return", which
    /// docs also use for responding ("Return response, add logs"): with it the old-docs set lost a query at rank 5.
    static let readingOpeners: Set<String> = ["returns"]
    /// Words of at least this many letters ending in "ly" are adverbs ("manually", "asynchronously"), never the
    /// noun a query is about; shorter ones may be nouns or adjectives ("only", "daily").
    static let minimumAdverb = 6
    /// Words that are never the thing a query is about: the pronoun "one" ("or updates an existing one"), "once"
    /// ("fire the schedule once"), "able" ("you should be able to update …").
    static let nonNouns: Set<String> = ["one", "ones", "once", "able", "together"]
    /// Words that single out one item ("a schedule", "the given workflow", "a specific user").
    static let oneMarkers: Set<String> = ["a", "an", "the", "one", "given", "specific", "single", "particular"]
    /// Words shorter than this (or whose stem is more than one letter shorter) are never corrected: one slip turns
    /// a short word into another real one.
    static let minimumCorrected = 5
    /// Prefixes written apart from their verb ("un register", "re-run").
    static let detachedPrefixes: Set<String> = ["un", "re", "de"]

    /// Reads `query`; `isKnown` says whether a stemmed word is one the API or the vocabulary uses, to join a
    /// detached prefix to its verb only when the joined word means something ("un register": unregister).
    /// `correction` gives, for the stem of a word neither the API nor the vocabulary uses, a known stem one typing
    /// slip away ("definiton": definition), or nil.
    init(
        _ query: String, isKnown: (String) -> Bool = { Vocabulary.conceptOfStem[$0] != nil },
        correction: (String) -> String? = { _ in nil }
    ) {
        var sawAction = false
        var headClosed = false
        let text = Self.capped(Self.normalized(query))
        let (valueWords, stateValues, listsValues, nameWords, idWords) = Self.values(in: text, isKnown: isKnown)
        // Each clause is read on its own: a phrase or a detached prefix does not reach across a comma.
        var words: [String] = []
        var clauseStarts = Set<Int>()
        // The identifiers each clause writes, by the number of the clause they open in.
        var clauseIdentifiers: [(clause: Int, names: Set<String>)] = []
        let clauseTexts = Self.clauses(of: text)
        for clause in clauseTexts {
            let clauseWords = Vocabulary.replacingPhrases(
                in: Self.joiningPrefixes(Tokenizer.words(clause), isKnown: isKnown))
            guard !clauseWords.isEmpty else { continue }
            if !words.isEmpty { clauseStarts.insert(words.count) }
            clauseIdentifiers.append((clauseStarts.count, Self.identifiers(in: clause)))
            // "… if resumeSubworkflowTasks is true", "… after adding new tasks": a subordinate clause begins, once
            // this one has named something ("check if …" has not).
            var namedSomething = false
            let hasOpener = clauseWords.dropFirst().contains(where: Self.clauseOpeners.contains)
            for (offset, word) in clauseWords.enumerated() where hasOpener {
                if offset > 0, Self.clauseOpeners.contains(word), namedSomething {
                    clauseStarts.insert(words.count + offset)
                    namedSomething = false
                }
                if !Tokenizer.stopWords.contains(word), !Self.isVerb(word), !Self.clauseOpeners.contains(word) {
                    namedSomething = true
                }
            }
            words += clauseWords
        }
        self.words = words
        var clause = 0
        var clauseOfTerm: [Int] = []
        var allClause: Int?
        var awaitsAllNoun = false
        var clauseOpensSubordinate: [Bool] = [words.first.map(Self.subordinators.contains) ?? false]
        let (stateTargets, stateNouns) = Self.targetStates(in: words)
        // A value's words are no words of the request: they ask for nothing ("resume schedule bulk_restart_job") and
        // are no grammar ("tag handler on_order_created with …": no "on" ends the object).
        let plainWords = valueWords.isEmpty ? words : words.map { valueWords.contains($0) ? "" : $0 }
        let (quantity, quantityWords) = Vocabulary.quantity(in: plainWords)
        // The pieces of an id ("7f3c9e1a": 7, f, 3 …) are no words: they would only dilute what the words cover.
        let idPieces = words.indices.filter { position in
            let word = words[position]
            guard valueWords.contains(word), !nameWords.contains(word) else { return false }
            return word.allSatisfy(\.isNumber) || word.utf8.count <= Self.maximumIdPiece && !isKnown(Stemmer.stem(word))
        }
        let inputForms = Vocabulary.inputForms(in: words)
        self.inputForms = inputForms.forms
        // A form's words name nothing else, unless they are all the query has ("in the request body").
        let saysMore = words.indices.contains {
            !inputForms.positions.contains($0) && !Tokenizer.stopWords.contains(words[$0])
        }
        let ignored = quantityWords.union(Vocabulary.timePhrases(in: words)).union(idPieces)
            .union(saysMore ? inputForms.positions : [])
        asksForMany = quantity || listsValues || Self.pointsAtMany(words)
        var byLeft = 0
        // The key being read of those a "by" lists.
        var key = -1
        var afterOneMarker = false
        // The owner noun phrase being read ("an integration provider"): its last noun is the owner.
        var inOwnerPhrase = false
        // Whether the action is the read that an opening "Returns" stands for.
        var readFromReturns = false
        // The term each word position added as a noun, to find the thing a name belongs to ("task 'approve'").
        var nounTermAt: [Int: Int] = [:]
        var lastNamePosition = -2
        // Whether a participle describes things in the plural, with no action: "which workflows were terminated".
        var describesMany = false
        // "is the breaker open or closed?", "did the handler fire today?", "what did the worker write to the log?": a
        // question about what is or was asks for a state, and its verbs say which, not what to do.
        // Only the first clause, or a last one that ends the query with a question mark ("task def transcode -
        // what's its retry policy?"): "did the deploy; now start …" asks for the start.
        let firstClauseEnd = clauseStarts.min() ?? words.count
        let lastClauseStart = clauseStarts.max() ?? 0
        let endsAsQuestion = Self.endsAsQuestion(text)
        let stateQuestion: Range<Int>? =
            if Self.asksAboutState(words[..<firstClauseEnd]) {
                0..<firstClauseEnd
            } else if lastClauseStart > 0, endsAsQuestion, Self.asksAboutState(words[lastClauseStart...]) {
                lastClauseStart..<words.count
            } else {
                nil
            }
        for (position, word) in words.enumerated() {
            let markedOne = afterOneMarker
            let continuesOwner = inOwnerPhrase
            afterOneMarker = Self.oneMarkers.contains(word)
            inOwnerPhrase = false
            if clauseStarts.contains(position) {
                clause += 1
                clauseOpensSubordinate.append(Self.subordinators.contains(word))
                byLeft = 0
                afterOneMarker = false
                if headTerm != nil { headClosed = true }
            }
            let next = position + 1 < words.count ? words[position + 1] : ""
            // "based on its id": the pair says what "by" does.
            if word == "based", next == "on" { continue }
            if Self.parameterMarkers.contains(word) || (word == "on" && position > 0 && words[position - 1] == "based")
            {
                // "by modifying its fields" says how, not by which key.
                byLeft = next.count > 4 && next.hasSuffix("ing") ? 0 : Self.byWords
                key += 1
                continue
            }
            if Self.prepositions.contains(word), headTerm != nil { headClosed = true }
            // "creates a group and returns it": a second clause names no new head.
            if headTerm != nil, position > 0, Self.conjunctions.contains(words[position - 1]),
                Self.clauseVerbs.contains(word)
                    || Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: Stemmer.stem(word))] != nil
            {
                headClosed = true
            }
            // "access key 7f3c9e1a", "workflow wf-3": the noun right before an id is the one thing it identifies; not
            // when the query lists several ("pause workflow wf-1, wf-2") or the noun is plural.
            if !listsValues, idWords.contains(word), position > 0, !idWords.contains(words[position - 1]),
                let noun = nounTermAt[position - 1], !isPlural[noun]
            {
                identifiedItems.insert(noun)
            }
            // "up" says a thing is healthy only as what is said of it ("is conductor up?", "up and running"); after a
            // verb it is a particle ("look up task abc123", "pick up the next task") and says nothing.
            let particle =
                word == "up" && !(next.isEmpty || next == "and" || next == "or" || clauseStarts.contains(position + 1))
            if Tokenizer.stopWords.contains(word) || ignored.contains(position) || particle {
                // "by its id", "by name and version": the parameter may follow an article or "and".
                if !Self.byJoiners.contains(word) { byLeft = 0 }
                if byLeft > 0, Self.keySeparators.contains(word) { key += 1 }
                continue
            }
            let afterBy = byLeft > 0
            byLeft = max(0, byLeft - 1)
            let termKey = afterBy ? key : -1
            // "Returns all subjects that …", "Given the target, returns …": opening a clause before any action, it
            // reads as "get".
            let opensAsRead = !sawAction && clauseOfTerm.last != clause && Self.readingOpeners.contains(word)
            let stem = Stemmer.stem(opensAsRead ? "get" : word)
            let writtenPlural = Self.isWrittenPlural(word, stem: stem)
            // A slip ("definitons") is read as the word meant; the word as typed still tells number and tense.
            let correctable = word.utf8.count >= Self.minimumCorrected && stem.utf8.count >= Self.minimumCorrected - 1
            // A noun made from an action the API does not use, before any verb and naming no other thing
            // ("suspension of a workflow", "workflow cancellation"), is read as the action; "get the suspension
            // reason" reads, and "suspension state of a schedule" is about a state.
            let namesAction = !sawAction && (next.isEmpty || Tokenizer.stopWords.contains(next))
            // "the ids of the runs", "a summary of run 3f9e", "ids in a list (about 80)": after an article a verb's
            // plural or a form that ends the phrase, and right after a preposition the same or a form before a
            // number, is a noun, not the action ("a test payload" still tests); a verb whose noun
            // names a thing of its own means that thing (a run is an execution, as an instance is). A verb that
            // meets its object stays a verb ("endpoint for delete workflow"). The word before is tested first: this
            // runs for every word.
            var readsAsNoun = false
            if position > 0 {
                let previous = words[position - 1]
                if Vocabulary.articles.contains(previous) {
                    readsAsNoun =
                        writtenPlural || next.isEmpty || clauseStarts.contains(position + 1)
                        || Tokenizer.stopWords.contains(next)
                } else if Self.nounPrepositions.contains(previous) {
                    readsAsNoun =
                        writtenPlural || next.isEmpty || Tokenizer.stopWords.contains(next)
                        || next.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } == true
                }
            }
            // A slip is corrected whatever the word is read as ("an event hanlder"); only an action is read into a
            // noun that names one ("suspension").
            let term =
                correctable && !isKnown(stem)
                ? (namesAction && !readsAsNoun ? Vocabulary.actionOfNoun(word) : nil) ?? correction(stem) ?? stem : stem
            if term != stem { readAs[position] = term }
            if let existing = terms.firstIndex(of: term) {
                if afterBy, !namesParameter[existing] {
                    namesParameter[existing] = true
                    parameterKey[existing] = key
                }
                if nounIndices.contains(existing) {
                    nounTermAt[position] = existing
                    // Said again after "a specific", a noun already read still names the one item ("event handlers
                    // for a specific event").
                    if headClosed, markedOne, !afterBy, !writtenPlural {
                        addOwner(existing, continuing: continuesOwner)
                        inOwnerPhrase = true
                    }
                    if awaitsAllNoun {
                        allNoun = existing
                        awaitsAllNoun = false
                    }
                }
                continue
            }
            let concept = Vocabulary.concept(of: readsAsNoun ? Vocabulary.nounSenses[stem] ?? term : term)
            // A value the query quotes ("order-5531", 'approve', team=payments) or a state written as one, a participle
            // in capitals ("status RUNNING", "as COMPLETED"), names no endpoint: it counts little and is neither
            // action nor noun.
            if valueWords.contains(word) || (stateValues.contains(word) && !stateTargets.contains(position)) {
                let weight = valueWords.contains(word) ? Self.valueWeight : Self.stateWordWeight
                if valueWords.contains(word) { valueTerms.insert(terms.count) }
                append(term, concept: concept, weight: weight, parameterKey: termKey, plural: false)
                clauseOfTerm.append(clause)
                if nameWords.contains(word) {
                    // The noun right before a name ("task 'approve'", "task ref notify_user") is what it names.
                    var before = position - 1
                    while before >= 0, valueWords.contains(words[before]) { before -= 1 }
                    for noun in [before, before - 1] where noun >= 0 {
                        guard let nounTerm = nounTermAt[noun] else { break }
                        namedItems.insert(nounTerm)
                    }
                    lastNamePosition = position
                }
                continue
            }
            var weight = 1.0
            // "running workflows", "failed tasks": a participle describes, it does not ask for an action.
            // A gerund opening a heading names the action ("Saving a secret", "Starting workflows"), unless it
            // names a state ("Running workflows"); so does a participle after a bare "be" ("the workflow can be
            // restarted"), not after "is", "was" or "been", which describe ("workflows that are paused").
            // One word may stand between ("can be unit tested", "can be quickly restarted").
            let isPassive =
                (position > 0 && words[position - 1] == "be")
                || (position > 1 && words[position - 2] == "be" && !Tokenizer.stopWords.contains(words[position - 1]))
            let isParticiple =
                word.count > 4 && !isPassive
                && ((word.hasSuffix("ing") && (position > 0 || Self.stateParticiples.contains(word)))
                    || word.hasSuffix("ed"))
            // "log a message", "tag a workflow": a noun that is also a verb, leading a command, records something.
            let nounAsVerb = position == 0 && Self.leadsAsVerb(plainWords)
            if stateTargets.contains(position) {
                // "put the workflow into a PAUSED state": the state named is what the query wants done.
                sawAction = true
                weight = Self.leadingActionWeight
                if let methods = Vocabulary.methodIntentOfConcept[concept] {
                    if let previous = actionIndex { weights[previous] = 1 }
                    methodIntent = methods
                    actionIndex = terms.count
                }
            } else if stateNouns.contains(position) {
                weight = Self.stateWordWeight
            } else if nounAsVerb {
                sawAction = true
                weight = Self.leadingActionWeight
                methodIntent = Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: Stemmer.stem("create"))]
                actionIndex = terms.count
            } else if stateQuestion?.contains(position) == true, !isParticiple,
                Vocabulary.methodIntentOfConcept[concept] != nil
            {
                weight = Self.stateWordWeight
                namesState = true
            } else if let methods = Vocabulary.methodIntentOfConcept[concept], !afterBy, !readsAsNoun {
                // A read taken from "Returns …" gives way to a changing action of a later clause ("Returns nothing;
                // deletes the workflow definition"), not to a read ("…, List of SubjectRef").
                let overridesRead =
                    readFromReturns && !methods.contains("GET") && actionIndex.map { clauseOfTerm[$0] < clause } == true
                if (!sawAction || overridesRead) && !isParticiple {
                    if let previous = actionIndex { weights[previous] = 1 }
                    readFromReturns = false
                    sawAction = true
                    weight = Self.leadingActionWeight
                    methodIntent = methods
                    actionIndex = terms.count
                    if opensAsRead { readFromReturns = true }
                } else if word.hasSuffix("ed") {
                    weight = Self.stateWordWeight
                    if !sawAction { namesState = true }
                    if !sawAction || reads,
                        Self.describesPlural(
                            position, in: words, nounTermAt: nounTermAt, isPlural: isPlural, ignored: ignored)
                    {
                        describesMany = true
                    }
                }
            } else if sawAction, word.hasSuffix("ed"), word.count > 4 {
                weight = Self.stateWordWeight
                // "show failed workflows": a read of things in a state is a search for them.
                if reads, isParticiple,
                    Self.describesPlural(
                        position, in: words, nounTermAt: nounTermAt, isPlural: isPlural, ignored: ignored)
                {
                    describesMany = true
                }
            } else if !sawAction, isParticiple, word.hasSuffix("ed") {
                // "which workflows failed", "the task is blocked": with no action yet, a participle after a noun or
                // a form of "be" says what state something is in.
                let describes = Self.describesPlural(
                    position, in: words, nounTermAt: nounTermAt, isPlural: isPlural, ignored: ignored)
                if describes
                    || position > 0
                        && (nounTermAt[position - 1] != nil || Self.stateCopulas.contains(words[position - 1]))
                {
                    weight = Self.stateWordWeight
                    describesMany = describesMany || describes
                }
            }
            // "Signal Running Task Asynchronously", "an existing one", "be able to": adverbs, pronouns and the like
            // name nothing; an adverb of a vocabulary group still names its thing ("signal synchronously": sync).
            let namesNothing =
                word.utf8.count >= Self.minimumAdverb && word.hasSuffix("ly") && Vocabulary.conceptOfStem[stem] == nil
                || Self.nonNouns.contains(word)
            if Vocabulary.methodIntentOfConcept[concept] == nil || isParticiple, weight >= 1, !afterBy, !headClosed,
                !nounAsVerb, !stateTargets.contains(position), !namesNothing
            {
                headTerm = term
            }
            if concept == Vocabulary.concept(of: Stemmer.stem("list")),
                actionIndex != terms.count || Vocabulary.allWords.contains(word)
            {
                // "get workflow 0a1b with all its tasks": after the head, "all" before a possessive counts the
                // parts of the one thing asked for, not the whole collection; it names nothing to match.
                let owner = next == "of" && position + 2 < words.count ? words[position + 2] : next
                if headClosed, Self.partOwners.contains(owner) { continue }
                mentionsAll = true
                allClause = allClause ?? clause
                awaitsAllNoun = allNoun == nil
            }
            // "Executes a workflow …": the action's third-person "-s" is no plural object.
            // "every workflow" speaks of many as a plural does.
            let plural =
                (writtenPlural || position > 0 && words[position - 1] == "every")
                && actionIndex != terms.count
            if Vocabulary.methodIntentOfConcept[concept] == nil, !nounAsVerb, !namesNothing {
                nounTermAt[position] = terms.count
                if awaitsAllNoun {
                    allNoun = terms.count
                    awaitsAllNoun = false
                }
                // A name right before a noun ("the order_fulfillment workflow") names one of those.
                if lastNamePosition == position - 1 { namedItems.insert(terms.count) }
                nounIndices.append(terms.count)
                if headClosed, markedOne || continuesOwner, !plural, !afterBy, !Self.oneMarkers.contains(word) {
                    addOwner(terms.count, continuing: continuesOwner)
                    inOwnerPhrase = true
                }
            }
            append(term, concept: concept, weight: weight, parameterKey: termKey, plural: plural)
            clauseOfTerm.append(clause)
        }
        // The main clause: the leading action's, else the first with a term that no subordinating word opens.
        let mainClause =
            actionIndex.map { clauseOfTerm[$0] }
            ?? clauseOfTerm.first { !clauseOpensSubordinate[$0] } ?? 0
        // "is the conductor server up? liveness check for k8s probe": a question with no action, then what it means
        // in other words; the later clause is no detail of an operation, it says the same thing.
        let restatesQuestion =
            actionIndex == nil && mainClause == 0 && Self.opensWithQuestion(text, firstClause: clauseTexts.first)
        inLaterClause = clauseOfTerm.map { $0 > mainClause && !restatesQuestion }
        identifiers = clauseIdentifiers.filter { $0.clause <= mainClause }.reduce(into: Set<String>()) {
            $0.formUnion($1.names)
        }
        if let allClause, allClause > mainClause { mentionsAll = false }
        // "find executions by correlation id" looks one up by its key: the parameter says more than the verb, and
        // looking one up reads (a GET, not the POST a search may use). "Search … by …" still asks for a search. A
        // lookup of a thing given by its id reads that thing the same way: "look up task abc123".
        if let actionIndex, Self.lookupVerbs.contains(terms[actionIndex]),
            namesParameter.contains(true) || !identifiedItems.isEmpty
        {
            weights[actionIndex] = Self.lookupActionWeight
            methodIntent = ["GET"]
        }
        // "run my report workflow every day at 2am": what recurs on a clock is a schedule.
        if Vocabulary.saysRecurrence(words) { imply("schedule", weight: 1) }
        // "register a task" defines one: a definition is meant even when the query does not say so.
        if let actionIndex, Self.definingVerbs.contains(terms[actionIndex]) { imply("definition") }
        // "who's in the ops group", "list his granted permissions": about people, so about users.
        // The length test first: it spares hashing nearly every word.
        if words.contains(where: { $0.utf8.count <= 4 && Self.personWords.contains($0) }) { imply("user") }
        // A question with no command ("is the workflow completed", "why did the task fail", "taskdef http_poll
        // timeout?") asks about a state; so does "check if …", whose verb says how to ask, not what.
        if methodIntent == nil, let first = words.first,
            Self.questionOpeners.contains(first) || Self.asksWhatIs(words[...])
                || endsAsQuestion && Self.asksByQuestionMark(words)
        {
            namesState = true
        }
        if methodIntent == nil, words.count > 1, Self.clauseTakingVerbs.contains(Stemmer.stem(words[0])),
            words[1] == "if" || words[1] == "whether"
        {
            namesState = true
            if let verb = terms.firstIndex(of: Stemmer.stem(words[0])) { weights[verb] = Self.stateWordWeight }
        }
        // "which workflows failed in the last hour" asks to find those in that state; "is the workflow paused" asks
        // for its status.
        if describesMany, reads {
            imply("search")
        } else if namesState, methodIntent == nil {
            imply("status")
        }
    }

    /// Whether the participle at `position` of `words` describes the plural noun before it ("workflows failed",
    /// "workflows that were terminated today") or after it ("terminated workflows"), rather than relating it to
    /// something ("tags attached to a workflow", "users added to a group"); a time may follow ("failed in the last
    /// hour"). `nounTermAt` gives the term each noun position added, `isPlural` each term's number, `ignored` the
    /// positions of time phrases. Static, with its inputs passed: a nested function would box the loop's variables.
    static func describesPlural(
        _ position: Int, in words: [String], nounTermAt: [Int: Int], isPlural: [Bool], ignored: Set<Int>
    ) -> Bool {
        let after = position + 1
        if after < words.count, !Tokenizer.stopWords.contains(words[after]), words[after].hasSuffix("s"),
            !words[after].hasSuffix("ss"), Stemmer.stem(words[after]) != words[after], !isVerb(words[after])
        {
            return true
        }
        var before = position - 1
        while before >= 0, relativeWords.contains(words[before]) { before -= 1 }
        guard before >= 0, let noun = nounTermAt[before], isPlural[noun] else { return false }
        guard after < words.count, prepositions.contains(words[after]) else { return true }
        var next = after + 1
        while next < words.count, determiners.contains(words[next]) { next += 1 }
        return next < words.count && ignored.contains(next)
    }

    /// Adds `word` as a term the query implies, at `impliedWeight`, unless a word of its group is there already.
    private mutating func imply(_ word: String, weight: Double = impliedWeight) {
        let concept = Vocabulary.concept(of: Stemmer.stem(word))
        guard !concepts.contains(concept) else { return }
        append(Stemmer.stem(word), concept: concept, weight: weight, parameterKey: -1, plural: false)
        inLaterClause.append(false)
    }

    /// Whether `word` is written in the plural: an "-s" its stem drops, not a double "ss" ("tags", not "access").
    static func isWrittenPlural(_ word: String, stem: String) -> Bool {
        word != stem && word.hasSuffix("s") && !word.hasSuffix("ss")
    }

    /// Adds the noun at `term` to the phrase being read, or starts a phrase with it, of those that name one item.
    private mutating func addOwner(_ term: Int, continuing: Bool) {
        if continuing, !ownerPhrases.isEmpty {
            ownerPhrases[ownerPhrases.count - 1].append(term)
        } else {
            ownerPhrases.append([term])
        }
    }

    /// Adds one term with what is known of it; the caller records its clause.
    private mutating func append(
        _ term: String, concept: String, weight: Double, parameterKey key: Int, plural: Bool
    ) {
        terms.append(term)
        concepts.append(concept)
        weights.append(weight)
        namesParameter.append(key >= 0)
        firstSaidAsKey.append(key >= 0)
        parameterKey.append(key)
        isPlural.append(plural)
    }

    /// Verbs whose object can be a clause ("check if …", "see whether …").
    static let clauseTakingVerbs: Set<String> = Set(
        ["check", "see", "verify", "know", "ask", "determine", "confirm", "tell", "find", "test"].map(Stemmer.stem))

    /// Whether `word` is an action of the vocabulary, a verb of API prose ("returns") or one that takes a clause
    /// ("check if …").
    static func isVerb(_ word: String) -> Bool {
        let stem = Stemmer.stem(word)
        return clauseVerbs.contains(word) || clauseTakingVerbs.contains(stem)
            || Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: stem)] != nil
    }

    /// At most this many identifiers are read from one clause.
    static let maximumIdentifiers = 8

    /// The words of `text` written as code identifiers, lower-cased without their punctuation: those with a
    /// lower-case letter followed by a capital ("ConductorApplication", "startWorkflowRequest"), type arguments
    /// kept ("SearchResult<Task>": searchresulttask). At most `maximumIdentifiers`.
    static func identifiers(in text: String) -> Set<String> {
        // ASCII with no lower-case letter before a capital: no identifier, and no Unicode property lookups.
        let bytes = text.utf8
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        if isASCII,
            !zip(bytes, bytes.dropFirst()).contains(where: { $0 >= 0x61 && $0 <= 0x7A && $1 >= 0x41 && $1 <= 0x5A })
        {
            return []
        }
        var found = Set<String>()
        for token in text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let scalars = Array(token)
            let kinds = scalars.map(Tokenizer.ScalarKind.init)
            guard zip(kinds, kinds.dropFirst()).contains(where: { $0.isLowercase && $1.isUppercase }) else { continue }
            let letters = zip(scalars, kinds).filter { $1.isLetter }.map(\.0)
            found.insert(Self.string(of: letters[...]).lowercased())
            if found.count == maximumIdentifiers { break }
        }
        return found
    }

    /// The weight of a word of a value the query quotes ("order-5531", 'approve', team=payments).
    static let valueWeight = 0.3
    /// Words that join one id to the next in a list ("wf-3 and wf-4").
    static let idJoiners: Set<String> = ["and", "or", "&"]
    /// Words that point at several given things ("these workflows", "those schedules").
    static let pluralPointers: Set<String> = ["these", "those"]
    /// Words before "list of" that make "list" a noun for the items given ("a list of ids", "the whole list of").
    static let listNouns: Set<String> = ["a", "the", "whole", "entire", "this", "my", "our", "your"]

    /// Whether `words` point at many given items: "these"/"those", or "list of" after an article ("retry these
    /// failed runs", "here is the list of ids").
    static func pointsAtMany(_ words: [String]) -> Bool {
        for (position, word) in words.enumerated() {
            if pluralPointers.contains(word) { return true }
            if word == "list", position > 0, listNouns.contains(words[position - 1]), position + 1 < words.count,
                words[position + 1] == "of"
            {
                return true
            }
        }
        return false
    }

    /// The lower-case words of the values `text` writes and of the states it writes in capitals, whether it lists
    /// values one after another with commas ("pause wf-1, wf-2": several items; a setting such as "reason=manual" is
    /// none), and the words of the values that are names (no digit, no assignment).
    ///
    /// Values: a quoted token ('approve'), a token holding a digit ("order-5531", "wf-3", "e4c1"; not a version
    /// suffix such as "search-v2", nor a path or URL), `key=value` or `key:value` ("team=payments", "kafka:orders"), a
    /// token joined by "_" ("wait_for_approval"; not an operation's name that opens with the action, nor the whole
    /// query), a token joined by "-" with a word `isKnown` does not know ("nightly-sync") and an address
    /// ("jane@acme.com"). Capitals: a token of at least three letters all upper-case, in a query that has lower-case
    /// letters too, that is a participle ("status RUNNING"; acronyms such as "JSON", method names such as "DELETE" and
    /// emphasis such as "RESTART" stay words). A word the query also writes plainly is neither
    /// ("delete the schedule 'delete_logs'" still asks to delete).
    static func values(in text: String, isKnown: (String) -> Bool = { _ in true }) -> (
        values: Set<String>, states: Set<String>, listed: Bool, names: Set<String>, ids: Set<String>
    ) {
        var values = Set<String>()
        // The words of values that hold no digit and assign nothing: names ('approve', wait_for_approval), not ids.
        var names = Set<String>()
        // The words of values that hold a digit and assign nothing: ids ("7f3c9e1a", "wf-3").
        var ids = Set<String>()
        var capitals = Set<String>()
        // The tokens written as plain words, tokenized only when there is a value or a state to tell them from:
        // "delete the schedule 'delete_logs'" still asks to delete.
        var plainTokens: [Substring] = []
        // Most queries hold no digit, quote, "=", ":", "_", "@", "-" nor three capitals in a row: no values, and no work.
        var upperRun = 0
        var mayHold = false
        for byte in text.utf8 {
            upperRun = byte >= 0x41 && byte <= 0x5A ? upperRun + 1 : 0
            if upperRun >= 3 || byte >= 0x80 || (byte >= 0x30 && byte <= 0x3A) || byte == 0x27 || byte == 0x22
                || byte == 0x3D || byte == 0x5F || byte == 0x40 || byte == 0x2D
            {
                mayHold = true
                break
            }
        }
        guard mayHold else { return ([], [], false, [], []) }
        // Scalars classified by range (`Tokenizer.ScalarKind`): Foundation's trimming and Unicode property lookups
        // cost more than the ranking.
        let scalars = Array(text.unicodeScalars)
        let kinds = scalars.map(Tokenizer.ScalarKind.init)
        let hasLower = kinds.contains { $0.isLowercase }
        func isSoleToken() -> Bool {
            text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).count < 2
        }
        // Whether the token last classified assigns a value ("reason=manual").
        var lastAssigns = false
        // Whether the token before was a value that assigns nothing.
        var previousIsValue = false
        // Whether it holds a digit, as an id does ("7f3c9e1a").
        var lastHoldsDigit = false
        func opensWithAction<Token: StringProtocol>(_ token: Token) -> Bool {
            guard let first = Tokenizer.words(String(token)).first else { return false }
            return Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: Stemmer.stem(first))] != nil
        }
        // Whether the plain word before is a noun the API or the vocabulary knows ("tag workflow terminate_stale_runs"):
        // a name written as code after it is that thing's name, whatever its first word.
        func followsNoun() -> Bool {
            guard let last = plainTokens.last, !opensWithAction(last) else { return false }
            let words = Tokenizer.words(String(last))
            return words.count == 1 && !Tokenizer.stopWords.contains(words[0]) && isKnown(Stemmer.stem(words[0]))
        }
        func isQuote(_ scalar: Unicode.Scalar) -> Bool { scalar == "'" || scalar == "\"" }
        /// Whether the token is a value; nil when it holds no letter or digit.
        func classify(_ whole: Range<Int>) -> Bool? {
            // Trailing and leading punctuation ("e4c1?", "(list") is no part of the token; quotes are kept apart.
            var range = whole
            while let first = range.first, !kinds[first].isLetter, !kinds[first].isDigit, !isQuote(scalars[first]) {
                range = range.dropFirst()
            }
            while let last = range.last, !kinds[last].isLetter, !kinds[last].isDigit, !isQuote(scalars[last]) {
                range = range.dropLast()
            }
            guard let first = range.first, let last = range.last else { return nil }
            let quoted = range.count > 2 && isQuote(scalars[first]) && isQuote(scalars[last])
            let inner = quoted ? range.dropFirst().dropLast() : range
            let token = Self.string(of: scalars[inner])
            // A path or URL ("/api/workflow/abc/pause", "http://host:8080/…") says which endpoint: no value, but for
            // a URL's scheme, host and port.
            let isPath = inner.contains { scalars[$0] == "/" }
            if isPath, let schemeEnd = token.range(of: "://") {
                let host = token[schemeEnd.upperBound...].prefix { $0 != "/" }
                values.formUnion(Tokenizer.words(String(token[..<schemeEnd.lowerBound]) + " " + host))
                plainTokens.append(token[host.endIndex...])
                return false
            }
            let assigns = !isPath && inner.dropFirst().contains { scalars[$0] == "=" || scalars[$0] == ":" }
            let hasDigit = !isPath && inner.contains { kinds[$0].isDigit } && !isVersionSuffixed(token)
            // A name written as code ("wait_for_approval", "STRIPE_KEY") is the user's, not a word of the request.
            // Not an operation's name ("delete_queue_config", "GRANT_PERMISSIONS"), which opens with the action when no
            // word before it has ("start the create_user workflow" names a workflow), nor a query that is nothing else
            // ("global_schema").
            let joined =
                !isPath && inner.dropFirst().dropLast().contains { scalars[$0] == "_" } && !isSoleToken()
                && (plainTokens.contains(where: opensWithAction) || !opensWithAction(token) || followsNoun())
            // A name joined by "-" with a word neither the API nor the vocabulary knows ("nightly-sync", "payments-dlq")
            // is the user's; "in-progress" or "search-by-tasks" are words.
            let hyphenated =
                !isPath && inner.dropFirst().dropLast().contains { scalars[$0] == "-" }
                && Tokenizer.words(token).contains { !Tokenizer.stopWords.contains($0) && !isKnown(Stemmer.stem($0)) }
            // An address ("jane@acme.com") names a user or a mailbox.
            let address = !isPath && inner.dropFirst().contains { scalars[$0] == "@" }
            // A bare version mark after a name is that thing's version ("payment_flow v2"), not an API word.
            let versionOfValue = previousIsValue && !quoted && Tokenizer.isVersionMark(token)
            lastAssigns = assigns
            lastHoldsDigit = hasDigit
            if quoted || assigns || hasDigit || joined || address || hyphenated || versionOfValue {
                let tokenWords = Tokenizer.words(token)
                values.formUnion(tokenWords)
                if !assigns, !inner.contains(where: { kinds[$0].isDigit }) { names.formUnion(tokenWords) }
                if !assigns, hasDigit { ids.formUnion(tokenWords) }
                return true
            }
            if hasLower, inner.lazy.filter({ kinds[$0].isLetter }).count >= 3,
                !inner.contains(where: { kinds[$0].isLowercase })
            {
                capitals.formUnion(Tokenizer.words(token))
            } else {
                plainTokens.append(Substring(token))
            }
            return false
        }
        // "pause wf-1, wf-2": a value, a comma, then another value lists several items.
        var listed = false
        var valueBeforeComma = false
        // Whether the token before was an id: a value holding a digit that assigns nothing.
        var previousIsId = false
        var tokenStart = 0
        for offset in 0...scalars.count {
            let scalar: Unicode.Scalar = offset < scalars.count ? scalars[offset] : " "
            guard scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "," else { continue }
            // "restart wf-3 and wf-4": ids joined by "and" or "or" list items as ids side by side do.
            if previousIsId, offset - tokenStart <= 3,
                Self.idJoiners.contains(Self.string(of: scalars[tokenStart..<offset]).lowercased())
            {
                tokenStart = offset + 1
                continue
            }
            if let isValue = classify(tokenStart..<offset) {
                // "kill wf-3001, reason=manual": a setting is no second item. Ids one after another list items too
                // ("retry 7f3c9e1a 8a8b2c3d").
                if isValue, !lastAssigns, valueBeforeComma || previousIsId && lastHoldsDigit { listed = true }
                valueBeforeComma = false
                previousIsValue = isValue && !lastAssigns
                previousIsId = previousIsValue && lastHoldsDigit
            }
            if scalar == "," { valueBeforeComma = previousIsValue }
            tokenStart = offset + 1
        }
        // Only participles in capitals name a state ("RUNNING", "COMPLETED"); "DELETE" or "RESUME" keep their meaning.
        let states = capitals.filter { $0.hasSuffix("ed") || $0.hasSuffix("ing") }
        guard !values.isEmpty || !states.isEmpty else { return ([], [], listed, [], []) }
        let plain = Set(Tokenizer.words(plainTokens.joined(separator: " ")))
        return (
            values.subtracting(plain), states.subtracting(plain), listed, names.subtracting(plain),
            ids.subtracting(plain)
        )
    }

    /// The text of `scalars`, through their UTF-8 bytes: building a `String.UnicodeScalarView` scalar by scalar took
    /// nearly half of the time spent reading a query's values (a perf profile of the agent test set).
    static func string(of scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `token` holds no digit but in a closing version ("search-v2", "start_onboarding_v2", "v3").
    static func isVersionSuffixed(_ token: String) -> Bool {
        let parts = token.split { $0 == "-" || $0 == "_" }
        guard let last = parts.last, Tokenizer.isVersionMark(last) else { return false }
        return !parts.dropLast().contains { $0.contains(where: \.isNumber) }
    }

    /// Forms of "be" after which a participle describes a state ("is blocked", "were cancelled").
    static let stateCopulas: Set<String> = ["is", "are", "was", "were", "been"]
    /// Words between a noun and the participle that describes it ("workflows that were terminated").
    static let relativeWords: Set<String> = stateCopulas.union([
        "that", "which", "who", "have", "has", "had", "got", "get",
    ])
    /// Verbs of wanting something done ("I want the workflow paused", "have workflow 123 terminated"): the
    /// participle of an action after their object is the action.
    static let desireVerbs: Set<String> = ["want", "wants", "need", "needs", "have", "like"]

    /// Whether `words`, a query's first clause, ask a question about how things are or were rather than for
    /// something done: they open with a form of "be", "do" or "have" ("is the breaker open?", "did the handler
    /// fire?") or with a question word and a past or perfect auxiliary ("what did the worker write?") or a form of
    /// "be" within two words ("what tags are set on …", "what is the terminate reason …"). Not when the
    /// question asks for a way to act: "is there an endpoint that terminates …", "does the API let me …", "has to
    /// be paused", or an action after "to" ("is there a way to quickly pause it?").
    static func asksAboutState(_ words: ArraySlice<String>) -> Bool {
        guard let first = words.first, let second = words.dropFirst().first else { return false }
        let opens =
            stateQuestionOpeners.contains(first) && second != "there" && second != "to"
            || questionWords.contains(first) && pastAuxiliaries.contains(second) || asksWhatIs(words)
        guard opens, !words.contains(where: wayWords.contains) else { return false }
        for position in words.indices where words[position] == "to" {
            // One adverb may stand between: "to quickly pause".
            var next = position + 1
            if next < words.endIndex, words[next].hasSuffix("ly") { next += 1 }
            if next < words.endIndex, isVerb(words[next]) { return false }
        }
        return true
    }
    /// Whether `words` open with a question word and a form of "be" within the next two words ("what is …", "what
    /// state is …", "what's …", "which tags are …").
    static func asksWhatIs(_ words: ArraySlice<String>) -> Bool {
        guard let first = words.first, questionWords.contains(first) else { return false }
        return words.dropFirst().prefix(2).contains(where: copulaForms.contains)
    }
    /// Words of a question that asks how to do something rather than how things are.
    static let wayWords: Set<String> = [
        "endpoint", "endpoints", "api", "way", "ways", "possible", "let", "allow", "allows", "how", "call", "method",
        "route", "operation",
    ]
    /// Forms of "be" in a question ("what's" splits into "what" and "s").
    static let copulaForms: Set<String> = stateCopulas.subtracting(["been"]).union(["s"])
    /// Words that open a yes-or-no question about a state. Not "do" ("do I need to pause it?" asks for the pause) nor
    /// "had".
    static let stateQuestionOpeners: Set<String> = stateCopulas.subtracting(["been"]).union([
        "did", "does", "has", "have",
    ])
    /// Question words that, before an auxiliary, ask about a state ("what did …", "who has …").
    static let questionWords: Set<String> = ["what", "who", "which", "when", "where", "why"]
    /// Auxiliaries of the past and the perfect: "what did the worker write", "who has paused it".
    static let pastAuxiliaries: Set<String> = ["did", "has", "have", "was", "were"]

    /// Whether `text` ends with a question mark (trailing spaces aside).
    static func endsAsQuestion(_ text: String) -> Bool {
        text.utf8.reversed().first { $0 != UInt8(ascii: " ") } == UInt8(ascii: "?")
    }

    /// Whether a request that ends with a question mark asks about a state by it alone (the caller has checked the
    /// mark and found no action the vocabulary knows in `words`): "taskdef http_poll timeout?", "circuit breaker of
    /// payment-svc open?". Not when it asks for a way to act ("…; is there a way to claim it?"), nor when its first
    /// word takes an object as a command's verb does ("open the circuit breaker for payment-svc?"): a verb the
    /// vocabulary lacks is still one.
    static func asksByQuestionMark(_ words: [String]) -> Bool {
        guard !words.contains(where: wayWords.contains) else { return false }
        return words.count < 2 || !determiners.contains(words[1])
    }

    /// Words that are about people: questions whose answer is people ("who's in the ops group") and pronouns of a
    /// person ("what is bob allowed to do? list his granted permissions").
    static let personWords: Set<String> = ["who", "whom", "his", "her", "him"]

    /// Words that open a question about how things are ("is the workflow completed", "why did it fail").
    static let questionOpeners: Set<String> = [
        "is", "are", "was", "were", "has", "have", "had", "did", "does", "do", "why", "whether",
    ]

    /// Nouns that name a state a thing can be put into ("into the open state").
    static let stateNouns: Set<String> = ["state", "status", "mode"]
    /// Words that introduce the state a thing is put into.
    static let intoWords: Set<String> = ["to", "into"]

    /// The positions of each word that names a state a thing is to be put into ("to the open state", "into a
    /// PAUSED status": open, paused), and of the state nouns after them.
    static func targetStates(in words: [String]) -> (targets: Set<Int>, nouns: Set<Int>) {
        var targets = Set<Int>()
        var nouns = Set<Int>()
        for (position, word) in words.enumerated() where intoWords.contains(word) {
            var target = position + 1
            if target < words.count, determiners.contains(words[target]) { target += 1 }
            guard target + 1 < words.count, stateNouns.contains(words[target + 1]),
                !Tokenizer.stopWords.contains(words[target]), !stateNouns.contains(words[target])
            else { continue }
            targets.insert(target)
            nouns.insert(target + 1)
        }
        // "I need workflow 8f14 terminated now": an action's participle after the object of a verb of wanting is the
        // action; "have the workflows been terminated" asks about a state, and "want terminated workflows" names them.
        for (position, word) in words.enumerated() where desireVerbs.contains(word) {
            var next = position + 1
            var sawObject = false
            while next < min(words.count, position + 12) {
                let candidate = words[next]
                // "… that you added previously": a clause of its own.
                if stateCopulas.contains(candidate) || candidate == "be" || relativeWords.contains(candidate)
                    || isVerb(candidate) && !candidate.hasSuffix("ed")
                {
                    break
                }
                if sawObject, candidate.count > 4, candidate.hasSuffix("ed"),
                    Vocabulary.methodIntentOfConcept[Vocabulary.concept(of: Stemmer.stem(candidate))] != nil
                {
                    targets.insert(next)
                    break
                }
                if !Tokenizer.stopWords.contains(candidate) { sawObject = true }
                next += 1
            }
        }
        return (targets, nouns)
    }

    /// Words that open a subordinate clause inside a sentence ("… if it failed", "… after adding tasks").
    static let clauseOpeners: Set<String> = ["if", "when", "while", "unless", "although", "after", "before"]

    /// Words that open a clause that is not the main one ("Given the target, returns …", "If it fails, …").
    static let subordinators: Set<String> = ["given", "if", "when", "while", "once", "unless", "although", "since"]

    /// Marks that end a clause: commas, semicolons, colons, dashes, brackets and sentence ends. A hyphen or a full
    /// stop inside a word ("search-v2", "e.g") is none.
    static func clauses(of text: String) -> [String] {
        // Most queries are one clause: no scalar that may end one, no work.
        guard text.unicodeScalars.contains(where: { clauseEnds.contains($0) || $0 == "-" || $0 == "." }) else {
            return [text]
        }
        var clauses: [String] = []
        // Each clause is cut from the text between the marks that end them, not built a scalar at a time.
        let scalars = text.unicodeScalars
        var clauseStart = scalars.startIndex
        var previous: Unicode.Scalar = " "
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let after = scalars.index(after: index)
            let next = after < scalars.endIndex ? scalars[after] : " "
            let ends: Bool
            switch scalar {
            // " - " and " -- ".
            case "-": ends = (previous == " " || previous == "-") && (next == " " || next == "-")
            case ".": ends = next == " " || next == "\n"
            // Inside a token a colon joins ("kafka:orders", "http://host:8080"); before a space it ends a clause.
            case ":": ends = next == " " || next == "\n"
            default: ends = clauseEnds.contains(scalar)
            }
            if ends {
                clauses.append(String(scalars[clauseStart..<index]))
                clauseStart = after
            }
            previous = scalar
            index = after
        }
        clauses.append(String(scalars[clauseStart...]))
        return clauses
    }

    /// Whether `firstClause`, the first of `clauses(of: text)`, ends with a question mark ("are my workers still
    /// polling? last poll time").
    static func opensWithQuestion(_ text: String, firstClause: String?) -> Bool {
        guard let firstClause else { return false }
        let scalars = text.unicodeScalars
        // `clauses(of:)` drops the mark that ends a clause: it stands right after the clause's scalars.
        guard
            let end = scalars.index(
                scalars.startIndex, offsetBy: firstClause.unicodeScalars.count, limitedBy: scalars.endIndex),
            end < scalars.endIndex
        else { return false }
        return scalars[end] == "?"
    }

    /// The scalars that end a clause wherever they stand; a hyphen and a full stop do only between words
    /// (`clauses(of:)`).
    static let clauseEnds: Set<Unicode.Scalar> = [
        ",", ";", ":", "(", ")", "[", "]", "\u{2014}", "\u{2013}", "\u{3002}", "!", "?",
    ]

    /// At most this many scalars of the normalised query are read: compatibility forms can expand one character
    /// into eighteen ("ﷺ"), so the tool's 1,000-character limit alone would not bound the work.
    static let maximumScalars = 2_000

    /// The first `maximumScalars` scalars of `text`.
    static func capped(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > maximumScalars else { return text }
        return Self.string(of: Array(scalars.prefix(maximumScalars))[...])
    }

    /// `query` in compatibility form (NFKC: "ｐａｕｓｅ" is "pause", "ﬁnd" is "find"), and each word whose case flips
    /// more often than camelCase would ("PaUsE") in lower case, so that case changes split only real compounds.
    static func normalized(_ query: String) -> String {
        // Scalars, not Characters: grapheme breaking would cost more than the ranking (see `Tokenizer.words`).
        let isASCII = query.utf8.allSatisfy { $0 < 0x80 }
        if isASCII, !query.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return query }
        return isASCII ? normalizedASCII(query) : normalizedScalars(query)
    }

    /// Whether a word whose letters are upper-case or not as `cases` says flips case more often than camelCase
    /// would ("PaUsE": yes, "getWorkflowDefs": no): at least three letters, a flip for at most every second one.
    static func flipsCase(_ cases: some Sequence<Bool>) -> Bool {
        var letters = 0
        var flips = 0
        var previous: Bool?
        for upper in cases {
            letters += 1
            if let previous, previous != upper { flips += 1 }
            previous = upper
        }
        return letters >= 3 && flips * 2 >= letters
    }

    /// `normalized(_:)` for any text, by Unicode scalar properties.
    static func normalizedScalars(_ query: String) -> String {
        // Compatibility forms composed, accents and widths folded ("páuse", "ｐａｕｓｅ"): API words are plain.
        let text = query.precomposedStringWithCompatibilityMapping.folding(
            options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var result = String.UnicodeScalarView()
        var word: [Unicode.Scalar] = []
        func flush() {
            let cases = word.lazy.filter(\.properties.isAlphabetic).map(\.properties.isUppercase)
            let scalars = String.UnicodeScalarView(word)
            if Self.flipsCase(cases) {
                result.append(contentsOf: String(scalars).lowercased().unicodeScalars)
            } else {
                result.append(contentsOf: scalars)
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if scalar == " " {
                flush()
                result.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .enclosingMark
            {
                // A mark left after composition ("pa̶use", "p̀ause") has no letter to join: it would split the word.
                continue
            } else {
                word.append(scalar)
            }
        }
        flush()
        return String(result)
    }

    /// `normalized(_:)` for ASCII text, by byte ranges: ASCII's alphabetic scalars are exactly A–Z and a–z and its
    /// upper-case ones A–Z, so no Unicode property lookup is needed (they cost more than the ranking).
    static func normalizedASCII(_ query: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(query.utf8.count)
        for (index, word) in query.utf8.split(separator: 0x20, omittingEmptySubsequences: false).enumerated() {
            if index > 0 { result.append(0x20) }
            let cases = word.lazy.filter { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }.map { $0 <= 0x5A }
            if Self.flipsCase(cases) {
                result.append(contentsOf: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
            } else {
                result.append(contentsOf: word)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `words` with each detached prefix joined to the next word when the joined word is known.
    static func joiningPrefixes(_ words: [String], isKnown: (String) -> Bool) -> [String] {
        var joined: [String] = []
        var position = 0
        while position < words.count {
            let word = words[position]
            if detachedPrefixes.contains(word), position + 1 < words.count,
                isKnown(Stemmer.stem(word + words[position + 1]))
            {
                joined.append(word + words[position + 1])
                position += 2
            } else {
                joined.append(word)
                position += 1
            }
        }
        return joined
    }
}

/// Generic API vocabulary: groups of words that mean the same action or thing in requests, and the HTTP methods an
/// action suggests. Nothing here names an endpoint of any particular API; it is how people talk about REST APIs.
public enum Vocabulary {
    /// Words that mean one thing. The first word names the group.
    static let groups: [[String]] = [
        ["start", "run", "execute", "launch", "trigger", "begin", "invoke", "initiate", "fire"],
        ["stop", "terminate", "cancel", "kill", "abort", "halt", "end"],
        [
            "delete", "remove", "unregister", "erase", "purge", "destroy", "drop", "deregister", "revoke", "deletion",
            "removal", "wipe", "nuke", "scrap", "trash", "strip",
        ],
        [
            "create", "add", "register", "new", "make", "define", "insert", "save", "store", "record", "append",
            "submit",
            "persist", "post", "creation", "registration", "write",
        ],
        [
            "get", "fetch", "retrieve", "read", "show", "view", "describe", "detail", "info", "load", "inspect", "see",
            "retrieval", "grab", "peek",
        ],
        ["list", "all", "every", "enumerate", "browse"],
        [
            "update", "modify", "change", "edit", "set", "alter", "patch", "replace", "upsert", "configure", "mark",
            "put", "bump", "tweak", "overwrite", "rename", "adjust",
        ],
        ["pause", "suspend", "hold", "freeze", "silence", "mute"],
        ["resume", "continue", "unpause", "unfreeze", "unsuspend", "unmute"],
        ["search", "query", "find", "filter", "lookup", "look"],
        ["retry", "reattempt", "redo"],
        ["status", "state"],
        ["definition", "def", "defs", "metadata", "blueprint"],
        ["count", "size", "number", "total", "many", "depth"],
        ["log", "logs", "history", "trace"],
        ["group", "team"],
        ["sync", "synchronous", "synchronously", "blocking"],
        ["bulk", "batch", "multiple", "mass"],
        ["id", "identifier", "uuid"],
        ["error", "fail", "failure", "failed", "failing"],
        ["execution", "instance"],
        // Shorthand developers type for the nouns of workflow APIs.
        ["workflow", "wf", "wfs"],
        ["template", "form"],
        ["variable", "var", "env", "environment"],
        ["secret", "credential"],
        ["token", "jwt"],
        ["schedule", "scheduler", "cron"],
        ["check", "verify", "validate", "validation"],
        ["user", "account", "member"],
        ["permission", "access", "acl", "authorization", "privilege"],
        ["grant", "allow", "give", "authorize", "assign"],
        ["tag", "label"],
        ["health", "alive", "liveness", "readiness", "up"],
        ["latest", "newest"],
        ["resource", "object", "target", "entity"],
        ["webhook", "hook", "callback"],
        ["upload", "import"],
        ["download", "export"],
        // Actions with no common synonym, listed for the methods they suggest.
        ["restart", "reboot"],
        ["rerun"],
        ["skip", "bypass"],
        ["reset"],
        ["requeue", "reenqueue"],
        ["upgrade", "migrate"],
        ["poll", "dequeue"],
        ["acknowledge", "ack"],
        ["test", "simulate", "rehearse", "try"],
        // Turning something on or off: APIs name it one toggle.
        ["toggle", "enable", "disable", "activate", "deactivate"],
    ]

    /// The HTTP methods that the action groups above suggest, by group name.
    static let methodIntent: [String: Set<String>] = [
        "get": ["GET"], "list": ["GET"], "search": ["GET", "POST"],
        "create": ["POST", "PUT"], "update": ["PUT", "POST", "PATCH"], "delete": ["DELETE"],
        "start": ["POST"], "pause": ["PUT", "POST"], "resume": ["PUT", "POST"], "retry": ["POST", "PUT"],
        "stop": ["DELETE", "POST", "PUT"], "grant": ["POST", "PUT"],
        "upload": ["POST", "PUT"], "download": ["GET"],
        "restart": ["POST", "PUT"], "rerun": ["POST", "PUT"], "skip": ["PUT", "POST"],
        "reset": ["POST", "PUT", "DELETE"],
        "requeue": ["POST", "PUT"], "upgrade": ["POST", "PUT"], "poll": ["GET"], "acknowledge": ["POST", "PUT"],
        "test": ["POST"], "toggle": ["POST", "PUT", "PATCH"],
    ]

    /// Groups that answer for each other at a lower weight: "list the templates" is well served by "Get Templates",
    /// and "add a tag" by "Put a tag" (APIs create and update with one upsert).
    /// A lookup answers a search too ("find workflows by correlation id": "Lists workflows for the given
    /// correlation id").
    static let relatedConcepts: [String: [String]] = [
        "list": ["get"], "get": ["list"], "create": ["update"], "update": ["create"], "search": ["get", "list"],
        "toggle": ["pause", "resume"],
    ].reduce(into: [:]) { map, pair in map[Stemmer.stem(pair.key)] = pair.value.map(Stemmer.stem) }

    /// Path words that widen an operation's scope; an endpoint carrying one the query does not ask for is a worse
    /// answer than the plain one ("pause a schedule" is not "pause the list of schedules").
    static let scopeWidening: Set<String> = Set(["bulk", "batch"].map(Stemmer.stem))

    /// Words that ask for many items at once rather than naming a thing ("several", "many" but not "how many").
    static let quantityWords: Set<String> = ["several", "many", "numerous", "multiple", "bulk", "batch"]
    /// Phrases with the same meaning; their words are not search terms.
    static let quantityPhrases: [[String]] = [
        ["at", "once"], ["in", "one", "call"], ["in", "a", "single", "call"], ["in", "one", "request"],
        ["in", "a", "single", "request"], ["in", "one", "go"], ["in", "a", "single", "batch"],
    ]

    /// Phrases that mean other words ("dry run": test; "give me": get, where "give" alone grants; "who am I": the
    /// caller's user info); the engine reads them as those words.
    static let phrases: [(words: [String], meaning: [String])] = [
        (["dry", "run"], ["test"]), (["give", "me"], ["get"]), (["tell", "me"], ["get"]),
        (["get", "rid", "of"], ["delete"]), (["spin", "up"], ["start"]),
        (["who", "am", "i"], ["get", "user", "info"]),
        (["whoami"], ["get", "user", "info"]), (["tear", "down"], ["delete"]), (["kick", "off"], ["start"]),
        (["try", "again"], ["retry"]), (["turn", "off"], ["disable"]),
        (["turn", "on"], ["enable"]), (["back", "on"], ["resume"]),
        (["shut", "down"], ["stop"]), (["clean", "up"], ["delete"]), (["set", "up"], ["create"]),
        (["take", "over"], ["claim"]),
    ]

    /// `phrases` by their first word: a word that opens none costs one lookup.
    static let phrasesByFirstWord: [String: [(words: [String], meaning: [String])]] = Dictionary(
        grouping: phrases, by: { $0.words[0] })

    /// The participles of the one-word meanings of `phrases`: after a form of "be" or "get" a phrasal verb says a
    /// state ("the workflow was shut down", "which handlers are set up"), as a participle does. Every one-word
    /// meaning but the read ("give me": get) has one; a test holds the table to `phrases`.
    static let phraseParticiples: [String: String] = [
        "stop": "stopped", "delete": "deleted", "create": "created", "claim": "claimed", "start": "started",
        "disable": "disabled", "enable": "enabled", "resume": "resumed", "retry": "retried", "test": "tested",
    ]
    /// Words before a phrasal verb that make it a participle: forms of "be" and "get". After a bare "be" the query
    /// still reads it as the action ("it can be shut down"), as it reads "can be restarted".
    static let passiveMarkers = QueryPlan.stateCopulas.union(["be", "being", "got", "gets", "getting"])
    /// Words after a phrasal verb that make it a noun, the thing done ("clean up done; list the secrets", "set up is
    /// complete"): it is left as its words.
    static let completionWords: Set<String> = ["done", "complete", "is", "was"]

    /// `words` with each phrase of `phrases` replaced by its meaning, or by the meaning's participle after a form of
    /// "be" or "get" (`passiveMarkers`); a phrase that a `completionWords` word follows is left as it is.
    static func replacingPhrases(in words: [String]) -> [String] {
        var result: [String] = []
        var position = 0
        outer: while position < words.count {
            for phrase in phrasesByFirstWord[words[position]] ?? [] where words[position...].starts(with: phrase.words)
            {
                let end = position + phrase.words.count
                if end < words.count, completionWords.contains(words[end]) { break }
                if let previous = result.last, passiveMarkers.contains(previous), phrase.meaning.count == 1,
                    let participle = phraseParticiples[phrase.meaning[0]]
                {
                    result.append(participle)
                } else {
                    result += phrase.meaning
                }
                position = end
                continue outer
            }
            result.append(words[position])
            position += 1
        }
        return result
    }

    /// Whether `words` (lower-case, in order) ask for many items, and the positions of the words that only said so.
    static func quantity(in words: [String]) -> (asksForMany: Bool, ignored: Set<Int>) {
        var asks = false
        var ignored = Set<Int>()
        for (position, word) in words.enumerated() where quantityWords.contains(word) {
            // "how many" asks for a count, not for many items.
            if word == "many", position > 0, words[position - 1] == "how" { continue }
            asks = true
            if word != "multiple", word != "bulk", word != "batch" { ignored.insert(position) }
        }
        for phrase in quantityPhrases where phrase.count <= words.count {
            // Compared in place: a copied window per start cost more than the rest of the reading.
            for start in 0...(words.count - phrase.count)
            where words[start] == phrase[0] && words[start..<start + phrase.count].elementsEqual(phrase) {
                asks = true
                ignored.formUnion(start..<start + phrase.count)
            }
        }
        return (asks, ignored)
    }

    /// How a request hands an operation its input, as API docs name it ("Start with Path Parameters").
    enum InputForm: Sendable {
        case path, query, body
    }
    /// The words that, after a word of `inputFormOpeners`, complete the name of an input form.
    static let inputFormNouns: Set<String> = [
        "parameter", "parameters", "param", "params", "variable", "variables", "body", "string",
    ]
    /// The first word of each input form's name: "path parameters", "query string", "request body".
    static let inputFormOpeners: [String: InputForm] = [
        "path": .path, "url": .path, "query": .query, "request": .body, "json": .body,
    ]

    /// Words that, before an input form's name (an article between them aside), say that the input is passed that
    /// way: "with path parameters", "in the request body", "as a query parameter".
    static let inputFormPrepositions: Set<String> = ["with", "using", "via", "in", "as", "through", "by"]
    /// Articles, which may stand between a preposition and what it introduces.
    static let articles: Set<String> = ["a", "an", "the"]

    /// Verbs whose noun names a thing of its own, by stem: "the runs of a workflow" are its executions.
    static let nounSenses: [String: String] = [Stemmer.stem("run"): Stemmer.stem("execution")]

    /// The input forms `words` name after a word of `inputFormPrepositions` ("Start with Path Parameters", "send it
    /// in a JSON body") and the positions of their names, which name nothing else: a path parameter is no path word,
    /// a request body no request. Named as a thing ("show the request body of event e1") a form is no way of calling.
    static func inputForms(in words: [String]) -> (forms: Set<InputForm>, positions: Set<Int>) {
        var forms = Set<InputForm>()
        var positions = Set<Int>()
        for position in words.indices.dropLast() {
            guard let form = inputFormOpeners[words[position]], inputFormNouns.contains(words[position + 1]) else {
                continue
            }
            var before = position - 1
            while before >= 0, articles.contains(words[before]) { before -= 1 }
            guard before >= 0, inputFormPrepositions.contains(words[before]) else { continue }
            // "request body" and "json body" only: a "path string" or "request parameters" says no form.
            let noun = words[position + 1]
            guard (form == .body) == (noun == "body"), form == .query || noun != "string" else { continue }
            forms.insert(form)
            positions.formUnion([position, position + 1])
        }
        return (forms, positions)
    }

    /// Units of time a request may narrow by ("in the last hour", "since yesterday").
    static let timeUnits: Set<String> = [
        "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "day", "days", "week", "weeks",
        "month", "months", "year", "years", "morning", "night", "evening", "afternoon", "weekend",
    ]
    /// Words that stand for a time on their own.
    static let timeWords: Set<String> = [
        "today", "yesterday", "tonight", "overnight", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "now", "currently",
    ]
    /// Prepositions that only say when: "since", "until".
    static let timePrepositions: Set<String> = ["since", "until", "till"]
    /// Words that open a time span before its unit ("last hour", "past 2 days", "this morning").
    static let timeOpeners: Set<String> = ["last", "past", "this", "previous", "recent", "every", "each"]

    /// Words that say something recurs on their own ("nightly", a cron expression).
    static let recurrenceWords: Set<String> = ["daily", "nightly", "hourly", "weekly", "monthly", "cron"]

    /// Whether `words` say something happens again and again: "every day", "each monday", "every 15 minutes",
    /// "nightly". What recurs on a clock is scheduled, whether or not the query says "schedule".
    static func saysRecurrence(_ words: [String]) -> Bool {
        for (position, word) in words.enumerated() {
            if recurrenceWords.contains(word) { return true }
            guard word == "every" || word == "each" else { continue }
            var next = position + 1
            if next < words.count, words[next].allSatisfy(\.isNumber) { next += 1 }
            if next < words.count, timeUnits.contains(words[next]) || timeWords.contains(words[next]) { return true }
        }
        return false
    }

    /// The positions of the words of `words` that only say when ("in the last hour", "since yesterday", "2 days
    /// ago", "today"): a time narrows a search, it names no endpoint, and "last" in "the last hour" is not the
    /// "last failed task" a retry summary speaks of.
    static func timePhrases(in words: [String]) -> Set<Int> {
        var found = Set<Int>()
        for (position, word) in words.enumerated() {
            // "since 10:00", "until 2024-06-01": the preposition and the numbers after it.
            if timePrepositions.contains(word) {
                found.insert(position)
                var next = position + 1
                while next < words.count, words[next].allSatisfy(\.isNumber) {
                    found.insert(next)
                    next += 1
                }
                continue
            }
            if timeWords.contains(word) {
                found.insert(position)
                if word == "now", position > 0, words[position - 1] == "right" { found.insert(position - 1) }
                // "every monday", "each friday": the opener says when, as before a unit.
                if position > 0, words[position - 1] == "every" || words[position - 1] == "each" {
                    found.insert(position - 1)
                }
                continue
            }
            guard timeUnits.contains(word), position > 0 else { continue }
            // Back over a number and an opener: "last 2 hours", "past hour", "this morning", "since 3 days".
            var start = position
            if start > 0, words[start - 1].allSatisfy(\.isNumber) { start -= 1 }
            if start > 0, timeOpeners.contains(words[start - 1]) { start -= 1 }
            guard start < position || words.indices.contains(position + 1) && words[position + 1] == "ago"
            else { continue }
            found.formUnion(start...position)
            if words.indices.contains(position + 1), words[position + 1] == "ago" { found.insert(position + 1) }
        }
        return found
    }

    /// Words that say "every item" ("all tasks", `/queue/all`).
    static let allWords: Set<String> = ["all", "every"]

    /// Stemmed word → stemmed group name.
    static let conceptOfStem: [String: String] = {
        var map: [String: String] = [:]
        for group in groups {
            let name = Stemmer.stem(group[0])
            for word in group where map[Stemmer.stem(word)] == nil { map[Stemmer.stem(word)] = name }
        }
        return map
    }()

    /// Stemmed group name → the HTTP methods its action suggests.
    static let methodIntentOfConcept: [String: Set<String>] = {
        var map: [String: Set<String>] = [:]
        for (name, methods) in methodIntent { map[Stemmer.stem(name)] = methods }
        return map
    }()

    /// The group a stemmed term belongs to, or the term itself.
    static func concept(of term: String) -> String { conceptOfStem[term] ?? term }

    /// The stem of the action a noun is made from, when that action is one of the groups above: "suspension"
    /// (suspend), "cancellation" (cancel), "termination" (terminate), "removal" (remove); nil for any other word,
    /// so "information" or "total" name no action.
    static func actionOfNoun(_ word: String) -> String? {
        verbsOfNoun(word).first { conceptOfStem[$0].map { methodIntentOfConcept[$0] != nil } ?? false }
    }

    /// The stems of the verbs `word` may be a noun of, the usual English endings undone ("suspension": suspend,
    /// suspende; "cancellation": cancellate, cancell, cancel); empty when it has none of those endings.
    static func verbsOfNoun(_ word: String) -> [String] {
        guard let ending = nounEndings.first(where: { word.hasSuffix($0.suffix) }) else { return [] }
        let base = String(word.dropLast(ending.suffix.count))
        guard base.count >= minimumNounBase else { return [] }
        var candidates = ending.replacements.map { base + $0 }
        // "cancellation": the doubled consonant goes with the ending.
        if let last = base.last, base.dropLast().last == last { candidates.append(String(base.dropLast())) }
        return candidates.map(Stemmer.stem)
    }

    /// Endings that make a noun of a verb, and what may replace each to give the verb back.
    static let nounEndings: [(suffix: String, replacements: [String])] = [
        ("ssion", ["t"]), ("sion", ["d", "de"]), ("ation", ["ate", ""]), ("tion", ["te"]), ("al", ["e", ""]),
        ("ment", [""]),
    ]

    /// The fewest letters left of a noun once its ending is taken off for `actionOfNoun(_:)`.
    static let minimumNounBase = 3
}

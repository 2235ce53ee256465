/// Splits API text into search terms: camelCase, snake_case, kebab-case and path segments apart, lower-cased,
/// stop words dropped, lightly stemmed.
public enum Tokenizer {
    /// Words too common in requests and API prose to tell endpoints apart.
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "for", "to", "by", "in", "on", "with", "its", "it", "and", "or", "from", "that",
        "this", "is", "are", "be", "my", "me", "i", "please", "using", "via", "given", "which", "what", "how", "do",
        "does", "can", "some", "into", "at", "as", "was", "were", "been", "will", "should", "would", "their", "them",
        "there", "these", "those", "if", "else", "then", "so", "such", "any", "api", "you", "your", "we", "our",
        "want", "need", "like", "let", "s", "has", "have", "had", "did", "apis",
        // What an apostrophe leaves of a contraction ("I've", "we're", "don't"): no word of a request.
        "ve", "re", "ll", "m", "d", "t", "don", "doesn", "didn", "isn", "aren", "wasn", "weren", "won", "haven",
        "hasn", "shouldn", "couldn", "wouldn",
    ]

    /// The stemmed terms of `text`, in order, stop words removed; words the splitter knows as compounds
    /// ("taskdefs") give their parts too.
    public static func terms(_ text: String, splitter: CompoundSplitter? = nil) -> [String] {
        var terms: [String] = []
        for word in words(text) where !stopWords.contains(word) {
            terms.append(Stemmer.stem(word))
            if let parts = splitter?.split(word) {
                terms.append(contentsOf: parts.filter { !stopWords.contains($0) }.map(Stemmer.stem))
            }
        }
        return terms
    }

    /// Whether `word` is a version mark: "v" or "V" and digits ("v2", "V10"), which `words` keeps whole.
    static func isVersionMark<Word: StringProtocol>(_ word: Word) -> Bool {
        guard let first = word.first, first == "v" || first == "V", word.count > 1 else { return false }
        return word.dropFirst().allSatisfy(\.isNumber)
    }

    /// The lower-cased words of `text`, split at case changes, digits and punctuation.
    /// Works on Unicode scalars rather than Characters: grapheme breaking costs more than the whole ranking; ASCII
    /// scalars (nearly all API text) are classified by range, since Unicode property lookups dominated the cost.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        let kinds = scalars.map(ScalarKind.init)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current = String.UnicodeScalarView()
        }
        for (offset, scalar) in scalars.enumerated() {
            let kind = kinds[offset]
            guard kind.isLetter || kind.isDigit else {
                flush()
                continue
            }
            if offset > 0, kinds[offset - 1].isLetter || kinds[offset - 1].isDigit {
                let previous = kinds[offset - 1]
                let next = offset + 1 < kinds.count ? kinds[offset + 1] : nil
                // fooBar | FOOBar (an upper run followed by a lower-case letter starts a new word) | abc123
                let lowerToUpper = previous.isLowercase && kind.isUppercase
                // …but an upper run ending in a lone "s" is an acronym's plural: "IDs", "APIs", "workflowIDs".
                func endsInLoneS() -> Bool {
                    scalars[offset + 1] == "s" && !(offset + 2 < kinds.count && kinds[offset + 2].isLowercase)
                }
                let acronymEnd =
                    previous.isUppercase && kind.isUppercase && (next?.isLowercase ?? false) && !endsInLoneS()
                // …but a version mark stays whole: "v2" of `/search-v2` or "invoice_flow v3" is no word "v".
                let versionMark = kind.isDigit && current.count == 1 && (current.first == "v" || current.first == "V")
                let letterDigit = previous.isLetter != kind.isLetter && !versionMark
                if lowerToUpper || acronymEnd || letterDigit { flush() }
            }
            current.append(scalar)
        }
        flush()
        return words
    }

    /// What `words` (and `QueryPlan.identifiers(in:)`) needs to know of one scalar.
    struct ScalarKind {
        var isLetter: Bool
        var isDigit: Bool
        var isUppercase: Bool
        var isLowercase: Bool

        init(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                let value = scalar.value
                isUppercase = value >= 0x41 && value <= 0x5A
                isLowercase = value >= 0x61 && value <= 0x7A
                isLetter = isUppercase || isLowercase
                isDigit = value >= 0x30 && value <= 0x39
            } else {
                let properties = scalar.properties
                isLetter = properties.isAlphabetic
                isDigit = !isLetter && properties.numericType != nil
                isUppercase = properties.isUppercase
                isLowercase = properties.isLowercase
            }
        }
    }
}

/// A light suffix stemmer for English API vocabulary: plural, -ing, -ed and a final -e, so that "paused",
/// "pause" and "pausing" meet. Nouns in -ion stay apart from their verbs: an "execution" is a thing, "execute" an act.
public enum Stemmer {
    /// Participles that name a state rather than the act of their verb, kept whole: "running workflows" are not
    /// started ones, and "run workflow" asks to start one, not for `…/upgrade` ("Upgrade running workflow").
    static let stateForms: Set<String> = ["running"]

    /// The stem of one lower-case word.
    public static func stem(_ word: String) -> String {
        // Three-letter words keep their final s ("has", "gas"), but "ids" (`workflowIds`, "by correlation ids") is
        // the plural of API prose's most common noun.
        if word == "ids" { return "id" }
        if stateForms.contains(word) { return word }
        var w = Array(word.utf8)
        guard w.count > 3, w.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        func ends(_ suffix: String) -> Bool {
            w.count > suffix.utf8.count + 1 && w.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
        }
        func drop(_ count: Int) { w.removeLast(count) }
        func hasVowel(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.contains { "aeiouy".utf8.contains($0) } }

        if ends("ies") || ends("ied") {
            // "retries", "retried": retry.
            drop(3)
            w.append(UInt8(ascii: "y"))
        } else if ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("uses") {
            drop(2)
        } else if w.last == UInt8(ascii: "s"), !ends("ss"), !ends("us"), !ends("is") {
            drop(1)
        }
        for suffix in ["ing", "ed"] where ends(suffix) && hasVowel(w.dropLast(suffix.utf8.count)) {
            drop(suffix.utf8.count)
            // runn -> run, stopp -> stop; but keep "ll" (poll) and "ss" (process).
            // "add" (adding) keeps its pair: a stem of two letters would meet nothing.
            if w.count > 3, w[w.count - 1] == w[w.count - 2], !"lsz".utf8.contains(w[w.count - 1]) { drop(1) }
            break
        }
        if w.count > 3, w.last == UInt8(ascii: "e") { drop(1) }
        return String(decoding: w, as: UTF8.self)
    }
}

/// Splits run-together lower-case words ("taskdefs", "resetcallbacks", "polldata") into words the API uses
/// elsewhere, so a path segment written as one word still matches a query written as two.
public struct CompoundSplitter: Sendable {
    private let vocabulary: Set<String>
    /// Parts shorter than this are not trusted.
    static let minimumPart = 3

    /// A splitter that knows the words of `texts`.
    public init(texts: [String]) {
        var vocabulary = Set<String>()
        for text in texts {
            for word in Tokenizer.words(text) where word.count >= Self.minimumPart && word.allSatisfy(\.isLetter) {
                vocabulary.insert(word)
                vocabulary.insert(Stemmer.stem(word))
            }
        }
        self.vocabulary = vocabulary
    }

    /// The two or three known words `word` is made of, or nil when it is a word itself or cannot be split.
    public func split(_ word: String) -> [String]? {
        let characters = Array(word)
        guard characters.count >= 2 * Self.minimumPart, !vocabulary.contains(word) || characters.count >= 8 else {
            return nil
        }
        return split(characters[...], partsLeft: 3)
    }

    private func split(_ characters: ArraySlice<Character>, partsLeft: Int) -> [String]? {
        // Prefer the longest first part, so "taskdefs" is task + defs, not tas + kdefs.
        let count = characters.count
        guard count >= Self.minimumPart else { return nil }
        var length = count - Self.minimumPart
        while length >= Self.minimumPart {
            let head = String(characters.prefix(length))
            if vocabulary.contains(head) {
                let rest = characters.dropFirst(length)
                if vocabulary.contains(String(rest)) { return [head, String(rest)] }
                if partsLeft > 2, let tail = split(rest, partsLeft: partsLeft - 1) { return [head] + tail }
            }
            length -= 1
        }
        return nil
    }
}

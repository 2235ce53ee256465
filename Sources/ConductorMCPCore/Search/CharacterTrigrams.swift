/// The character trigrams of a text's words, for spelling similarity when no word matches exactly.
///
/// Each word is lower-cased (split at case changes like every search word) and padded with a space on both
/// sides, so "helth" and "health" share " he", "hea"… and a short word still has trigrams.
struct CharacterTrigrams {
    private var grams: Set<UInt32> = []

    /// The trigrams of `text`.
    init(_ text: String) {
        for word in Tokenizer.words(text) {
            let bytes = [0x20] + Array(word.utf8) + [0x20]
            guard bytes.count >= 3 else { continue }
            for start in 0...(bytes.count - 3) {
                grams.insert(UInt32(bytes[start]) << 16 | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]))
            }
        }
    }

    /// Dice similarity: twice the shared trigrams over the sum of both counts; 0 when either is empty.
    func similarity(to other: CharacterTrigrams) -> Double {
        guard !grams.isEmpty, !other.grams.isEmpty else { return 0 }
        return 2 * Double(grams.intersection(other.grams).count) / Double(grams.count + other.grams.count)
    }
}

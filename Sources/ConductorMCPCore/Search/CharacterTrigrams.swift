/// The character trigrams of a text, for spelling similarity when no word of a query matches.
///
/// Letters and digits are lower-cased (ASCII; other bytes kept as they are) and every run of them is padded with a
/// space on both sides, so "helth" and "health" share " he", "hea"… and a short word still has trigrams. Kept as a
/// sorted array so that two sets meet by a merge, without hashing.
struct CharacterTrigrams: Sendable {
    private let grams: [UInt32]

    /// The trigrams of `text`.
    init(_ text: String) {
        var grams: [UInt32] = []
        var word: [UInt8] = [0x20]
        func flush() {
            guard word.count > 1 else { return }
            word.append(0x20)
            for start in 0...(word.count - 3) {
                grams.append(UInt32(word[start]) << 16 | UInt32(word[start + 1]) << 8 | UInt32(word[start + 2]))
            }
            word = [0x20]
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...:
                word.append(byte)
            default: flush()
            }
        }
        flush()
        grams.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(grams.count)
        for gram in grams where unique.last != gram { unique.append(gram) }
        self.grams = unique
    }

    /// Dice similarity: twice the shared trigrams over the sum of both counts; 0 when either is empty.
    func similarity(to other: CharacterTrigrams) -> Double {
        guard !grams.isEmpty, !other.grams.isEmpty else { return 0 }
        var shared = 0
        var left = 0
        var right = 0
        while left < grams.count, right < other.grams.count {
            if grams[left] == other.grams[right] {
                shared += 1
                left += 1
                right += 1
            } else if grams[left] < other.grams[right] {
                left += 1
            } else {
                right += 1
            }
        }
        return 2 * Double(shared) / Double(grams.count + other.grams.count)
    }
}

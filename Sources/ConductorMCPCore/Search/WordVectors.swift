import BundledWordVectors

/// The static word vectors compiled into the binary (`BundledWordVectors`, made by `scripts/make-word-vectors.py`):
/// general English and API words, each a short vector whose direction is its meaning and whose length is how much it
/// counts in a sum (frequent words count less). Texts become the normalised sum of their words' vectors, so "halt a
/// run" and "terminate an execution" point the same way although they share no word.
///
/// Nothing is decoded up front: the word list is read in place and a vector is decoded from its base64 bytes when a
/// word is looked up, so the table costs start-up only the scan that finds where each word begins.
struct WordVectors: Sendable {
    /// The table, read on first use.
    static let shared = WordVectors()

    /// Dimensions of every vector.
    let dimensions: Int
    private let scale: Float
    /// Where each word starts in `words`, plus one past the end of the last.
    private let starts: [Int32]
    private let words: [UInt8]

    private init() {
        dimensions = BundledWordVectors.dimensions
        scale = BundledWordVectors.scale
        words = Array(BundledWordVectors.words.utf8)
        var starts: [Int32] = [0]
        starts.reserveCapacity(BundledWordVectors.count + 1)
        for (offset, byte) in words.enumerated() where byte == UInt8(ascii: "\n") { starts.append(Int32(offset + 1)) }
        starts.append(Int32(words.count + 1))
        self.starts = starts
    }

    /// The position of `word` in the table, by binary search over the sorted words.
    func position(of word: String) -> Int? {
        var word = word
        return word.withUTF8 { key -> Int? in
            var low = 0
            var high = starts.count - 2
            while low <= high {
                let middle = (low + high) / 2
                let start = Int(starts[middle])
                let end = Int(starts[middle + 1]) - 1
                let order = compare(key, start, end)
                if order == 0 { return middle }
                if order < 0 { high = middle - 1 } else { low = middle + 1 }
            }
            return nil
        }
    }

    private func compare(_ key: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let length = end - start
        for i in 0..<min(key.count, length) where key[i] != words[start + i] {
            return key[i] < words[start + i] ? -1 : 1
        }
        return key.count - length
    }

    /// Adds `weight` × the vector of `word` to `sum` (which has `dimensions` elements); false when the table does
    /// not know the word.
    @discardableResult
    func add(_ word: String, weight: Float = 1, to sum: inout [Float]) -> Bool {
        guard let position = position(of: word) else { return false }
        let first = position * dimensions
        BundledWordVectors.vectors.utf8.withContiguousStorageIfAvailable { base64 in
            // Decode the 4-character groups that cover bytes first..<first + dimensions.
            var byteIndex = first / 3 * 3
            var group = first / 3 * 4
            let end = first + dimensions
            while byteIndex < end {
                var bits: UInt32 = 0
                for k in 0..<4 { bits = bits << 6 | UInt32(Self.sextet(base64[group + k])) }
                for k in 0..<3 {
                    let index = byteIndex + k
                    if index >= first && index < end {
                        let value = Int8(bitPattern: UInt8(truncatingIfNeeded: bits >> UInt32(16 - 8 * k)))
                        sum[index - first] += weight * scale * Float(value)
                    }
                }
                byteIndex += 3
                group += 4
            }
        }
        return true
    }

    /// The value of one base64 character ('=' padding reads as 0).
    private static func sextet(_ character: UInt8) -> UInt8 {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return 0
        }
    }

    /// The unit-length sum of the vectors of `words` that the table knows, each times its weight; nil when it knows
    /// none of them.
    func textVector(_ words: [(word: String, weight: Float)]) -> [Float]? {
        var sum = [Float](repeating: 0, count: dimensions)
        var known = false
        for (word, weight) in words where add(word, weight: weight, to: &sum) { known = true }
        return known ? Self.normalised(sum) : nil
    }

    /// `vector` scaled to unit length; nil when it is zero.
    static func normalised(_ vector: [Float]) -> [Float]? {
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return length > 0 ? vector.map { $0 / length } : nil
    }
}

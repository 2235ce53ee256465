/// Seconds from a definition or a request turned into the emulator's epoch milliseconds without overflow.
///
/// Conductor's seconds are Java ints and longs that a client may set to anything; `seconds * 1000` on a value past
/// about 9.2e15 would trap. Seconds are clamped to 0…`maxSeconds` (about 126,000 years) first, so a product, and a
/// sum of a few products with the clock, stays far inside `Int`.
enum Milliseconds {
    /// The largest number of seconds honoured; larger values act as this (never, in practice).
    static let maxSeconds = 4_000_000_000_000

    /// `seconds` (clamped to 0…`maxSeconds`) in milliseconds.
    static func of(seconds: Int) -> Int { min(max(seconds, 0), maxSeconds) * 1000 }
}

import Foundation

/// The time source of the emulator, in epoch milliseconds.
///
/// A concrete type with a swappable closure: tests move time forward to expire tokens and
/// release delayed retries without sleeping.
public struct EmulatorClock: Sendable {
    /// Current time in milliseconds since the epoch.
    public var nowMillis: @Sendable () -> Int

    /// Creates a clock from a closure.
    public init(nowMillis: @escaping @Sendable () -> Int) {
        self.nowMillis = nowMillis
    }

    /// Wall-clock time.
    public static let system = EmulatorClock { Int(Date().timeIntervalSince1970 * 1000) }
}

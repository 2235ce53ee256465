import Synchronization

/// Time added to the emulator's clock, moved forward by `POST /emulator/clock/advance` so that clients (the Python
/// scenarios) can release retry delays and expire timeouts without waiting.
public final class ClockOffset: Sendable {
    private let offset = Mutex<Int>(0)

    /// Creates a zero offset.
    public init() {}

    /// The offset in milliseconds.
    public var millis: Int { offset.withLock { $0 } }

    /// Moves the clock forward by `seconds` (never backwards); answers the new offset in milliseconds.
    @discardableResult
    public func advance(seconds: Int) -> Int {
        offset.withLock { value in
            value += Milliseconds.of(seconds: seconds)
            return value
        }
    }
}

public import ConductorMCPCore
import Synchronization

/// The tools every session answers from, replaced as a whole when the document is read again.
///
/// A call takes the current tools when it starts and finishes on them, so a swap never changes a call half-way.
/// Listeners (the stdio session) hear of each swap with the diff, to tell the client.
public final class ToolboxSource: Sendable {
    private struct State {
        var current: Task<Toolbox, Never>
        var lastDiff: SpecDiff?
        var listeners: [@Sendable (SpecDiff) -> Void] = []
    }

    private let state: Mutex<State>

    /// A source whose first tools are still being built.
    public init(_ building: Task<Toolbox, Never>) {
        state = Mutex(State(current: building))
    }

    /// A source with tools ready.
    public convenience init(_ toolbox: Toolbox) {
        self.init(Task { toolbox })
    }

    /// The tools now.
    public var current: Task<Toolbox, Never> { state.withLock { $0.current } }

    /// What the last swap changed, nil before any.
    public var lastDiff: SpecDiff? { state.withLock { $0.lastDiff } }

    /// Puts `toolbox` in place for calls that start from now on, and tells the listeners.
    public func replace(with toolbox: Toolbox, diff: SpecDiff) {
        let listeners = state.withLock { state in
            state.current = Task { toolbox }
            state.lastDiff = diff
            return state.listeners
        }
        for listener in listeners { listener(diff) }
    }

    /// Calls `listener` after every swap.
    public func onReplace(_ listener: @escaping @Sendable (SpecDiff) -> Void) {
        state.withLock { $0.listeners.append(listener) }
    }
}

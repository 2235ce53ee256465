import ConductorMCPCore

/// Navigation over a workflow definition's task tree: which task follows which.
///
/// Conductor's decider walks the definition the same way: after a task in a SWITCH branch the
/// flow goes on with the branch's next task, and after the branch's last one with the task that
/// follows the SWITCH.
struct WorkflowGraph: Sendable {
    /// What kind of task owns a nested task list.
    enum ParentKind: Sendable {
        /// SWITCH / DECISION cases: after a branch the flow goes on after the SWITCH.
        case branch
        /// FORK_JOIN branches: a branch ends at its last task; the JOIN waits for it.
        case fork
        /// DO_WHILE body: the loop's last task ends the iteration; the DO_WHILE decides what follows.
        case loop
    }

    /// Where a task sits: the list holding it, its index there, and the task owning that list.
    private struct Position: Sendable {
        var siblings: [JSONValue]
        var index: Int
        var parentRef: String?
        var parentKind: ParentKind?
    }

    private var positions: [String: Position] = [:]
    /// The top-level task list.
    let topLevel: [JSONValue]

    /// Indexes every task of `tasks` (a definition's `tasks` member) by reference name.
    init(tasks: [JSONValue]) {
        topLevel = tasks
        index(tasks, parentRef: nil, kind: nil)
    }

    private mutating func index(_ list: [JSONValue], parentRef: String?, kind: ParentKind?) {
        for (offset, task) in list.enumerated() {
            guard let ref = task["taskReferenceName"]?.stringValue else { continue }
            positions[ref] = Position(siblings: list, index: offset, parentRef: parentRef, parentKind: kind)
            for (childKind, lists) in Self.childListsByKind(of: task) {
                for list in lists { index(list, parentRef: ref, kind: childKind) }
            }
        }
    }

    /// The definition of the task with reference name `ref`.
    func task(ref: String) -> JSONValue? {
        guard let position = positions[ref] else { return nil }
        return position.siblings[position.index]
    }

    /// The task to schedule after `ref` completes, or nil when nothing follows it directly: the end of the
    /// workflow, of a fork branch (the JOIN takes over) or of a loop body (the DO_WHILE takes over).
    ///
    /// Mirrors `WorkflowDef.getNextTask` / `WorkflowTask.next` in Conductor (common/.../metadata/workflow/).
    func next(after ref: String) -> JSONValue? {
        guard let position = positions[ref] else { return nil }
        if position.index + 1 < position.siblings.count {
            return position.siblings[position.index + 1]
        }
        guard let parent = position.parentRef, position.parentKind == .branch else { return nil }
        return next(after: parent)
    }

    /// Reference names of every task nested in `ref`'s lists (a DO_WHILE's body, at every depth).
    func descendants(of ref: String) -> Set<String> {
        guard let task = task(ref: ref) else { return [] }
        let nested = Self.childLists(of: task).flatMap { Self.allTasks(in: $0) }
        return Set(nested.compactMap { $0["taskReferenceName"]?.stringValue })
    }

    /// Every task of a task list, depth first, branches included.
    static func allTasks(in tasks: [JSONValue]) -> [JSONValue] {
        tasks.flatMap { task in [task] + childLists(of: task).flatMap { allTasks(in: $0) } }
    }

    /// The nested task lists of a task: SWITCH cases and default case, fork branches, loop body.
    static func childLists(of task: JSONValue) -> [[JSONValue]] {
        childListsByKind(of: task).flatMap(\.1)
    }

    private static func childListsByKind(of task: JSONValue) -> [(ParentKind, [[JSONValue]])] {
        var branches: [[JSONValue]] = []
        if let cases = task["decisionCases"]?.objectValue {
            branches += cases.keys.sorted().compactMap { cases[$0]?.arrayValue }
        }
        if let defaultCase = task["defaultCase"]?.arrayValue { branches.append(defaultCase) }
        let forks = (task["forkTasks"]?.arrayValue ?? []).compactMap(\.arrayValue)
        let loop = task["loopOver"]?.arrayValue.map { [$0] } ?? []
        return [(.branch, branches), (.fork, forks), (.loop, loop)]
    }
}

/// Navigation over a workflow definition's task tree: which task follows which.
///
/// Conductor's decider walks the definition the same way: after a task in a SWITCH branch the
/// flow goes on with the branch's next task, and after the branch's last one with the task that
/// follows the SWITCH.
struct WorkflowGraph: Sendable {
    /// Where a task sits: the list holding it, its index there, and the SWITCH owning that list.
    private struct Position: Sendable {
        var siblings: [JSON]
        var index: Int
        var parentRef: String?
    }

    private var positions: [String: Position] = [:]
    /// The top-level task list.
    let topLevel: [JSON]

    /// Indexes every task of `tasks` (a definition's `tasks` member) by reference name.
    init(tasks: [JSON]) {
        topLevel = tasks
        index(tasks, parentRef: nil)
    }

    private mutating func index(_ list: [JSON], parentRef: String?) {
        for (offset, task) in list.enumerated() {
            guard let ref = task["taskReferenceName"]?.stringValue else { continue }
            positions[ref] = Position(siblings: list, index: offset, parentRef: parentRef)
            for branch in Self.childLists(of: task) {
                index(branch, parentRef: ref)
            }
        }
    }

    /// The definition of the task with reference name `ref`.
    func task(ref: String) -> JSON? {
        guard let position = positions[ref] else { return nil }
        return position.siblings[position.index]
    }

    /// The task to schedule after `ref` completes, or nil when the workflow has reached its end.
    func next(after ref: String) -> JSON? {
        guard let position = positions[ref] else { return nil }
        if position.index + 1 < position.siblings.count {
            return position.siblings[position.index + 1]
        }
        guard let parent = position.parentRef else { return nil }
        return next(after: parent)
    }

    /// Every task of a task list, depth first, branches included.
    static func allTasks(in tasks: [JSON]) -> [JSON] {
        tasks.flatMap { task in [task] + childLists(of: task).flatMap { allTasks(in: $0) } }
    }

    /// The nested task lists of a task: SWITCH cases and default case, fork branches, loop body.
    static func childLists(of task: JSON) -> [[JSON]] {
        var lists: [[JSON]] = []
        if let cases = task["decisionCases"]?.objectValue {
            lists += cases.keys.sorted().compactMap { cases[$0]?.arrayValue }
        }
        if let defaultCase = task["defaultCase"]?.arrayValue { lists.append(defaultCase) }
        if let forks = task["forkTasks"]?.arrayValue { lists += forks.compactMap(\.arrayValue) }
        if let loop = task["loopOver"]?.arrayValue { lists.append(loop) }
        return lists
    }
}

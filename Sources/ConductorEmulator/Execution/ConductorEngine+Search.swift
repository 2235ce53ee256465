public import ConductorMCPCore

/// Searching executions and tasks: Conductor's `/search` endpoints over an in-memory "index".
extension ConductorEngine {
    /// Which document a search answers with.
    public enum SearchShape: Sendable {
        /// `WorkflowSummary` / `TaskSummary`, as `/search` answers.
        case summary
        /// Full `Workflow` / `Task`, as `/search-v2` answers.
        case full
    }

    /// `SearchResult` of executions: `totalHits` and one page of `results`.
    public func searchWorkflows(
        start: Int, size: Int, sort: String?, freeText: String?, query: String?, shape: SearchShape,
        byTasks: Bool = false
    ) throws -> JSONValue {
        let filter = try SearchQuery(query: query, freeText: freeText)
        var hits = workflowOrder.compactMap { workflows[$0] }.filter { workflow in
            if byTasks {
                return workflow.tasks.contains { filter.matches($0.summaryJSON, fullText: $0.json.jsonText) }
            }
            return filter.matches(workflow.summaryJSON, fullText: workflow.json(includeTasks: false).jsonText)
        }
        hits = sorted(hits, by: sort, key: { $0.summaryJSON }, defaultKey: { $0.createTime })
        let page = hits.dropFirst(max(0, start)).prefix(max(0, size))
        let results: [JSONValue] = page.map { shape == .summary ? $0.summaryJSON : $0.json(includeTasks: true) }
        return ["totalHits": .int(hits.count), "results": .array(results)]
    }

    /// `SearchResult` of tasks.
    public func searchTasks(
        start: Int, size: Int, sort: String?, freeText: String?, query: String?, shape: SearchShape
    ) throws -> JSONValue {
        let filter = try SearchQuery(query: query, freeText: freeText)
        var hits = workflowOrder.compactMap { workflows[$0] }.flatMap(\.tasks).filter {
            filter.matches($0.summaryJSON, fullText: $0.json.jsonText)
        }
        hits = sorted(hits, by: sort, key: { $0.summaryJSON }, defaultKey: { $0.scheduledTime })
        let page = hits.dropFirst(max(0, start)).prefix(max(0, size))
        let results: [JSONValue] = page.map { shape == .summary ? $0.summaryJSON : $0.json }
        return ["totalHits": .int(hits.count), "results": .array(results)]
    }

    /// Sorts by `field:ASC|DESC`; without a sort, newest first.
    private func sorted<T>(_ items: [T], by sort: String?, key: (T) -> JSONValue, defaultKey: (T) -> Int) -> [T] {
        guard let sort, !sort.isEmpty else {
            return items.enumerated().sorted { lhs, rhs in
                let (l, r) = (defaultKey(lhs.element), defaultKey(rhs.element))
                return l != r ? l > r : lhs.offset > rhs.offset
            }.map(\.element)
        }
        let parts = sort.split(separator: ":")
        let field = String(parts[0])
        let descending = parts.count > 1 && parts[1].uppercased() == "DESC"
        return items.sorted { lhs, rhs in
            let (l, r) = (key(lhs)[field] ?? .null, key(rhs)[field] ?? .null)
            let ascending: Bool =
                if let a = l.coercedInt, let b = r.coercedInt { a < b } else { l.javaDescription < r.javaDescription }
            return descending ? !ascending && l != r : ascending
        }
    }
}

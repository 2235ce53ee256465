/// Finds the cycles in the component-schema reference graph, so `check` can report them and tests can prove the
/// renderer and validator survive them: Tarjan's strongly connected components over the component schemas.
enum SchemaCycles {
    /// The names each component schema refers to directly (through properties, items, maps and compositions).
    static func references(of schema: OpenAPISchema) -> [String] {
        var names: [String] = []
        var stack: [OpenAPISchema] = [schema]
        while let node = stack.popLast() {
            if let name = node.refName {
                names.append(name)
                continue
            }
            stack.append(contentsOf: node.properties.map(\.schema))
            if let items = node.items { stack.append(items) }
            if case .schema(let extra) = node.additionalProperties { stack.append(extra) }
            stack.append(contentsOf: node.allOf)
            stack.append(contentsOf: node.oneOf)
            stack.append(contentsOf: node.anyOf)
        }
        return names
    }

    /// The named schemas in document order and, by number, the ones each refers to through `references`: the
    /// searches below look up no name.
    static func graph(
        schemas: [String: OpenAPISchema], order: [String], references: (OpenAPISchema) -> [String]
    ) -> (names: [String], edges: [[Int]]) {
        var number: [String: Int] = [:]
        var names: [String] = []
        for name in order where number[name] == nil {
            number[name] = names.count
            names.append(name)
        }
        let edges = names.map { name in
            references(schemas[name] ?? .any).compactMap { schemas[$0] != nil ? number[$0] : nil }
        }
        return (names, edges)
    }

    /// Groups of schemas that reach themselves: each group sorted, groups in document order of their first member.
    /// Tarjan's algorithm with an explicit stack: a recursive search overflowed the thread's stack on a document
    /// whose 40,000 schemas each refer to the next (1.9 MB, SIGSEGV).
    static func groups(schemas: [String: OpenAPISchema], order: [String]) -> [[String]] {
        let (names, edges) = graph(schemas: schemas, order: order, references: references(of:))
        var indices = [Int](repeating: -1, count: names.count)
        var lowLinks = [Int](repeating: 0, count: names.count)
        var onStack = [Bool](repeating: false, count: names.count)
        var stack: [Int] = []
        var counter = 0
        var result: [[String]] = []
        // Each frame: a node and how many of its edges were followed.
        var frames: [(node: Int, edge: Int)] = []
        for root in names.indices where indices[root] < 0 {
            frames.append((root, 0))
            indices[root] = counter
            lowLinks[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.edge < edges[node].count {
                    frames[frames.count - 1].edge += 1
                    let next = edges[node][frame.edge]
                    if indices[next] < 0 {
                        indices[next] = counter
                        lowLinks[next] = counter
                        counter += 1
                        stack.append(next)
                        onStack[next] = true
                        frames.append((next, 0))
                    } else if onStack[next] {
                        lowLinks[node] = min(lowLinks[node], indices[next])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLinks[parent] = min(lowLinks[parent], lowLinks[node]) }
                guard lowLinks[node] == indices[node] else { continue }
                var component: [String] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(names[member])
                    if member == node { break }
                }
                let selfLoop = component.count == 1 && edges[node].contains(node)
                if component.count > 1 || selfLoop { result.append(component.sorted()) }
            }
        }
        let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return result.sorted { (position[$0.first!] ?? 0) < (position[$1.first!] ?? 0) }
    }

    /// One info diagnostic per cycle group: nothing is lost, but the reader should know the types recurse.
    static func diagnostics(schemas: [String: OpenAPISchema], order: [String]) -> [SpecDiagnostic] {
        groups(schemas: schemas, order: order).map { group in
            let shown =
                group.count <= 4
                ? group.joined(separator: ", ")
                : group.prefix(3).joined(separator: ", ")
                    + " and \(group.count - 3) more"
            let what = group.count == 1 ? "refers to itself" : "\(group.count) schemas refer to each other"
            return SpecDiagnostic(
                .info, kind: "schema-cycle", at: "/components/schemas/\(group[0].jsonPointerEscaped)",
                "\(what) (\(shown)); shown once by name, validated without looping")
        }
    }

    /// The names each schema reaches without describing a deeper value: through a `$ref`, `allOf`, `oneOf` or
    /// `anyOf` (properties, items and maps describe a member, one level deeper).
    static func sameValueReferences(of schema: OpenAPISchema) -> [String] {
        var names: [String] = []
        var stack: [OpenAPISchema] = [schema]
        while let node = stack.popLast() {
            if let name = node.refName {
                names.append(name)
                continue
            }
            stack.append(contentsOf: node.allOf)
            stack.append(contentsOf: node.oneOf)
            stack.append(contentsOf: node.anyOf)
        }
        return names
    }

    /// The schemas from which more than `limit` names follow one another for the same value (`A` is a `$ref` to `B`,
    /// `B` an `allOf` of `C`, …), in document order. The example builder, the validator and the renderer follow
    /// such a chain by recursion, so a document of 10,000 links overflowed the stack; a cycle is no chain (each
    /// follower stops at a name it is already inside).
    static func tooLongChains(schemas: [String: OpenAPISchema], order: [String], limit: Int) -> [String] {
        let (names, edges) = graph(schemas: schemas, order: order, references: sameValueReferences(of:))
        // Longest chain from each node, by an iterative depth-first search; an edge back into the search is a
        // cycle and adds nothing.
        var length = [Int](repeating: -1, count: names.count)
        var onPath = [Bool](repeating: false, count: names.count)
        var frames: [(node: Int, edge: Int)] = []
        for root in names.indices where length[root] < 0 {
            frames.append((root, 0))
            onPath[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.edge < edges[node].count {
                    frames[frames.count - 1].edge += 1
                    let next = edges[node][frame.edge]
                    if length[next] < 0, !onPath[next] {
                        onPath[next] = true
                        frames.append((next, 0))
                    }
                    continue
                }
                frames.removeLast()
                onPath[node] = false
                length[node] = 1 + max(0, edges[node].lazy.map { length[$0] }.max() ?? 0)
            }
        }
        return names.indices.filter { length[$0] > limit }.map { names[$0] }
    }
}

/// Finds the cycles in the component-schema reference graph, so `check` can report them and tests can prove the
/// renderer and validator survive them: Tarjan's strongly connected components over the component schemas.
enum SchemaCycles {
    /// The names a schema refers to directly: through compositions (`allOf`, `oneOf`, `anyOf`: the same value)
    /// and, unless `sameValueOnly`, through properties, items and maps (a member, one level deeper).
    static func references(of schema: OpenAPISchema, sameValueOnly: Bool = false) -> [String] {
        var names: [String] = []
        var stack: [OpenAPISchema] = [schema]
        while let node = stack.popLast() {
            if let name = node.refName {
                names.append(name)
                continue
            }
            if !sameValueOnly {
                stack.append(contentsOf: node.properties.map(\.schema))
                if let items = node.items { stack.append(items) }
                if case .schema(let extra) = node.additionalProperties { stack.append(extra) }
            }
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

    /// The strongly connected components of a graph of `edges` (node numbers), each a list of nodes, in the order
    /// Tarjan's algorithm closes them: every component after the ones it reaches. An explicit stack: a recursive
    /// search overflowed the thread's stack on a document whose 40,000 schemas each refer to the next (SIGSEGV).
    static func components(of edges: [[Int]]) -> [[Int]] {
        var indices = [Int](repeating: -1, count: edges.count)
        var lowLinks = [Int](repeating: 0, count: edges.count)
        var onStack = [Bool](repeating: false, count: edges.count)
        var stack: [Int] = []
        var counter = 0
        var result: [[Int]] = []
        // Each frame: a node and how many of its edges were followed.
        var frames: [(node: Int, edge: Int)] = []
        func open(_ node: Int) {
            indices[node] = counter
            lowLinks[node] = counter
            counter += 1
            stack.append(node)
            onStack[node] = true
            frames.append((node, 0))
        }
        for root in edges.indices where indices[root] < 0 {
            open(root)
            while let frame = frames.last {
                let node = frame.node
                if frame.edge < edges[node].count {
                    frames[frames.count - 1].edge += 1
                    let next = edges[node][frame.edge]
                    if indices[next] < 0 {
                        open(next)
                    } else if onStack[next] {
                        lowLinks[node] = min(lowLinks[node], indices[next])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLinks[parent] = min(lowLinks[parent], lowLinks[node]) }
                guard lowLinks[node] == indices[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                result.append(component)
            }
        }
        return result
    }

    /// Groups of schemas that reach themselves: each group sorted, groups in document order of their first member.
    static func groups(schemas: [String: OpenAPISchema], order: [String]) -> [[String]] {
        let (names, edges) = graph(schemas: schemas, order: order, references: { references(of: $0) })
        let result = components(of: edges).filter { component in
            component.count > 1 || edges[component[0]].contains(component[0])
        }.map { $0.map { names[$0] }.sorted() }
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

    /// The schemas from which more than `limit` names may follow one another for the same value (`A` is a `$ref` to
    /// `B`, `B` an `allOf` of `C`, …), in document order. The example builder, the validator and the renderer follow
    /// such a chain by recursion, stopping only at a name they are already inside, so a cycle of 40,000 names is as
    /// deep as a chain of them: each component of the graph counts all its members, and a schema's length is its
    /// component's size plus the longest length its component reaches.
    static func tooLongChains(schemas: [String: OpenAPISchema], order: [String], limit: Int) -> [String] {
        let (names, edges) = graph(
            schemas: schemas, order: order, references: { references(of: $0, sameValueOnly: true) })
        let components = components(of: edges)
        var componentOf = [Int](repeating: 0, count: names.count)
        for (number, component) in components.enumerated() {
            for node in component { componentOf[node] = number }
        }
        // Components close after every component they reach, so each one's successors are already measured.
        var length = [Int](repeating: 0, count: components.count)
        for (number, component) in components.enumerated() {
            var longest = 0
            for node in component {
                for next in edges[node] where componentOf[next] != number {
                    longest = max(longest, length[componentOf[next]])
                }
            }
            length[number] = component.count + longest
        }
        return names.indices.filter { length[componentOf[$0]] > limit }.map { names[$0] }
    }
}

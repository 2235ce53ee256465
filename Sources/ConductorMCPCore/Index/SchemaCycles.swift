/// Finds the cycles in the component-schema reference graph, so `check` can report them and tests can prove the
/// renderer and validator survive them. Tarjan's strongly connected components, iterative-free but bounded: the
/// graph is the document's component schemas, a few hundred nodes.
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

    /// Groups of schemas that reach themselves: each group sorted, groups in document order of their first member.
    static func groups(schemas: [String: OpenAPISchema], order: [String]) -> [[String]] {
        var edges: [String: [String]] = [:]
        for name in order { edges[name] = references(of: schemas[name] ?? .any).filter { schemas[$0] != nil } }
        var index = 0
        var indices: [String: Int] = [:]
        var lowLinks: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var result: [[String]] = []

        func connect(_ name: String) {
            indices[name] = index
            lowLinks[name] = index
            index += 1
            stack.append(name)
            onStack.insert(name)
            for next in edges[name] ?? [] {
                if indices[next] == nil {
                    connect(next)
                    lowLinks[name] = min(lowLinks[name]!, lowLinks[next]!)
                } else if onStack.contains(next) {
                    lowLinks[name] = min(lowLinks[name]!, indices[next]!)
                }
            }
            if lowLinks[name] == indices[name] {
                var component: [String] = []
                while let member = stack.popLast() {
                    onStack.remove(member)
                    component.append(member)
                    if member == name { break }
                }
                let selfLoop = component.count == 1 && (edges[name] ?? []).contains(name)
                if component.count > 1 || selfLoop { result.append(component.sorted()) }
            }
        }
        for name in order where indices[name] == nil { connect(name) }
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
}

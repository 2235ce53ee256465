extension SpecDiff {
    /// The diff for people: a summary line, then removed, renamed, added and changed endpoints; breaking lines marked.
    public var text: String {
        var lines = [
            "\(oldTitle) → \(newTitle): \(removed.count) removed, \(renamed.count) renamed, \(added.count) added, "
                + "\(changed.count) changed; \(breakingCount) breaking"
        ]
        func name(_ endpoint: EndpointRef) -> String {
            endpoint.key + (endpoint.operationId.map { " (\($0))" } ?? "")
        }
        if !removed.isEmpty {
            lines.append("Removed:")
            lines += removed.map { "  - \(name($0))  [breaking]" }
        }
        if !renamed.isEmpty {
            lines.append("Renamed (same operationId, new path or method):")
            lines += renamed.map { "  ~ \($0.operationId): \($0.from) → \($0.to)  [breaking]" }
        }
        if !added.isEmpty {
            lines.append("Added:")
            lines += added.map { "  + \(name($0))" }
        }
        if !changed.isEmpty {
            lines.append("Changed:")
            for endpoint in changed {
                lines.append("  \(endpoint.key)")
                lines += endpoint.changes.map { "    \(Self.line(for: $0))" + ($0.breaking ? "  [breaking]" : "") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The diff as data, for tools.
    public var json: JSONValue {
        func ref(_ endpoint: EndpointRef) -> JSONValue {
            var object = JSONObject([("endpoint", .string(endpoint.key))])
            if let operationId = endpoint.operationId { object["operationId"] = .string(operationId) }
            return .object(object)
        }
        return [
            "old": .string(oldTitle), "new": .string(newTitle), "breaking": .int(breakingCount),
            "removed": .array(removed.map(ref)), "added": .array(added.map(ref)),
            "renamed": .array(
                renamed.map {
                    ["operationId": .string($0.operationId), "from": .string($0.from), "to": .string($0.to)]
                }
            ),
            "changed": .array(
                changed.map { endpoint in
                    [
                        "endpoint": .string(endpoint.key),
                        "changes": .array(
                            endpoint.changes.map {
                                [
                                    "kind": .string($0.kind.rawValue), "subject": .string($0.subject),
                                    "detail": .string($0.detail), "breaking": .bool($0.breaking),
                                ]
                            }),
                    ]
                }),
        ]
    }

    private static func line(for change: Change) -> String {
        switch change.kind {
        case .parameterAdded: return "+ parameter \(change.subject): \(change.detail)"
        case .parameterRemoved: return "- parameter \(change.subject): \(change.detail)"
        case .parameterRequired: return "! parameter \(change.subject) is now required"
        case .parameterOptional: return "  parameter \(change.subject) is now optional"
        case .parameterType: return "~ parameter \(change.subject): \(change.detail)"
        case .bodyAdded: return "+ body: \(change.detail)"
        case .bodyRemoved: return "- body: \(change.detail)"
        case .bodyRequired: return "! body is now required"
        case .bodyType: return "~ body: \(change.detail)"
        case .fieldAdded: return "+ body field \(change.subject): \(change.detail)"
        case .fieldRemoved: return "- body field \(change.subject): \(change.detail)"
        case .fieldRequired: return "! body field \(change.subject) is now required"
        case .fieldOptional: return "  body field \(change.subject) is now optional"
        case .fieldType: return "~ body field \(change.subject): \(change.detail)"
        }
    }
}

/// What changed between two versions of an API, endpoint by endpoint: what a client of the old version must know.
///
/// Endpoints are matched by `METHOD /path`; one that moved keeps its operationId, so an endpoint gone from one key
/// and present under another with the same operationId is a rename, not a removal and an addition. For each endpoint
/// in both, parameters (by name and location) and the request body's top-level fields are compared: added, removed,
/// made required or optional, and changed in type. A change is breaking when an existing client could fail: something
/// it sends or calls was removed or renamed, made stricter (required), or changed in type.
public struct SpecDiff: Sendable {
    /// One endpoint, named as a client names it.
    public struct EndpointRef: Sendable, Equatable {
        /// `METHOD /path`.
        public let key: String
        /// The operationId, if any.
        public let operationId: String?
    }

    /// An endpoint whose path or method changed while its operationId stayed.
    public struct Rename: Sendable, Equatable {
        /// The operationId both share.
        public let operationId: String
        /// The old key.
        public let from: String
        /// The new key.
        public let to: String
    }

    /// One change inside an endpoint present in both versions.
    public struct Change: Sendable, Equatable {
        /// What kind of change it is.
        public enum Kind: String, Sendable {
            case parameterAdded = "parameter-added"
            case parameterRemoved = "parameter-removed"
            case parameterRequired = "parameter-made-required"
            case parameterOptional = "parameter-made-optional"
            case parameterType = "parameter-type-changed"
            case bodyAdded = "body-added"
            case bodyRemoved = "body-removed"
            case bodyRequired = "body-made-required"
            case bodyType = "body-type-changed"
            case fieldAdded = "body-field-added"
            case fieldRemoved = "body-field-removed"
            case fieldRequired = "body-field-made-required"
            case fieldOptional = "body-field-made-optional"
            case fieldType = "body-field-type-changed"
        }

        /// The kind.
        public let kind: Kind
        /// The parameter (`name (in)`) or body field name; empty for the body itself.
        public let subject: String
        /// Old and new type, or the type of what was added or removed.
        public let detail: String
        /// Whether an existing client could fail because of it.
        public let breaking: Bool
    }

    /// The changes of one endpoint present in both versions (or renamed).
    public struct EndpointChanges: Sendable, Equatable {
        /// The endpoint's key in the new version.
        public let key: String
        /// The changes, parameters first, then the body.
        public let changes: [Change]
    }

    /// Title and version of the old document.
    public let oldTitle: String
    /// Title and version of the new document.
    public let newTitle: String
    /// Endpoints only in the new version.
    public let added: [EndpointRef]
    /// Endpoints only in the old version (renames excluded).
    public let removed: [EndpointRef]
    /// Endpoints that moved.
    public let renamed: [Rename]
    /// Endpoints present in both with changes, in the new document's order.
    public let changed: [EndpointChanges]

    /// Whether nothing changed at the endpoint level.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && renamed.isEmpty && changed.isEmpty }

    /// How many changes are breaking: removals, renames and breaking endpoint changes.
    public var breakingCount: Int {
        removed.count + renamed.count + changed.reduce(0) { $0 + $1.changes.filter(\.breaking).count }
    }

    /// Compares `old` with `new`.
    public init(old: EndpointIndex, new: EndpointIndex) {
        oldTitle = "\(old.title) \(old.version)"
        newTitle = "\(new.title) \(new.version)"
        let oldKeys = Set(old.endpoints.map(\.key))
        let newKeys = Set(new.endpoints.map(\.key))
        let gone = old.endpoints.filter { !newKeys.contains($0.key) }
        let arrived = new.endpoints.filter { !oldKeys.contains($0.key) }
        var arrivedByOperation: [String: Endpoint] = [:]
        for endpoint in arrived {
            if let operationId = endpoint.operationId { arrivedByOperation[operationId] = endpoint }
        }
        var renamed: [Rename] = []
        var renamedPairs: [(Endpoint, Endpoint)] = []
        var removed: [EndpointRef] = []
        var movedTo: Set<String> = []
        for endpoint in gone {
            if let operationId = endpoint.operationId, let target = arrivedByOperation[operationId] {
                renamed.append(Rename(operationId: operationId, from: endpoint.key, to: target.key))
                renamedPairs.append((endpoint, target))
                movedTo.insert(target.key)
            } else {
                removed.append(EndpointRef(key: endpoint.key, operationId: endpoint.operationId))
            }
        }
        self.removed = removed
        self.renamed = renamed
        added = arrived.filter { !movedTo.contains($0.key) }.map {
            EndpointRef(key: $0.key, operationId: $0.operationId)
        }

        let comparer = EndpointComparer(old: old, new: new)
        var changed: [EndpointChanges] = []
        var oldByKey: [String: Endpoint] = [:]
        for endpoint in old.endpoints { oldByKey[endpoint.key] = endpoint }
        let renamedByNewKey = Dictionary(renamedPairs.map { ($0.1.key, $0.0) }, uniquingKeysWith: { first, _ in first })
        for endpoint in new.endpoints {
            guard let before = oldByKey[endpoint.key] ?? renamedByNewKey[endpoint.key] else { continue }
            let changes = comparer.changes(from: before, to: endpoint)
            if !changes.isEmpty { changed.append(EndpointChanges(key: endpoint.key, changes: changes)) }
        }
        self.changed = changed
    }
}

/// A JSON object: members in document order, looked up by key.
///
/// Lookup is a linear scan, which beats hashing for the small objects JSON documents are mostly made of; callers that
/// look up many keys in one large object (an OpenAPI `paths` map) build their own dictionary once. An object that is
/// changed member by member keeps a key index once it grows past `indexedCount` members, so building a large object
/// one member at a time stays linear.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// The members in document order. A duplicate key keeps its first position and its last value.
    public private(set) var members: [(key: String, value: JSONValue)]
    /// The position of every key, built on the first change of an object of `indexedCount` members or more and kept
    /// up to date after that; nil otherwise (parsed objects never pay for it).
    private var positions: [String: Int]?
    /// Objects with fewer members are searched by scanning.
    private static let indexedCount = 16

    /// An empty object.
    public init() { members = [] }

    /// An object with these members, in this order.
    public init(_ members: [(String, JSONValue)]) {
        self.members = []
        self.members.reserveCapacity(members.count)
        // Duplicates are rare: a set of seen keys keeps building linear, and only a duplicate pays for a scan.
        var seen = Set<String>()
        seen.reserveCapacity(members.count)
        for (key, value) in members {
            if seen.insert(key).inserted {
                self.members.append((key, value))
            } else if let index = self.members.firstIndex(where: { $0.key == key }) {
                self.members[index].value = value
            }
        }
    }

    /// An object with the members of `dictionary` in key order, so its text does not depend on hash order.
    public init(sortingKeysOf dictionary: [String: JSONValue]) {
        members = dictionary.sorted { $0.key < $1.key }
    }

    /// The number of members.
    public var count: Int { members.count }
    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }
    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// The value of `key`; setting nil removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            if let positions { return positions[key].map { members[$0].value } }
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if positions == nil, members.count >= Self.indexedCount { buildPositions() }
            let index =
                if let positions { positions[key] } else { members.firstIndex { $0.key == key } }
            if let index {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                    if positions != nil { buildPositions() }
                }
            } else if let newValue {
                positions?[key] = members.count
                members.append((key, newValue))
            }
        }
    }

    /// Appends a member without looking for an existing key; for builders that know the key is new.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        positions?[key] = members.count
        members.append((key, value))
    }

    /// The object with every value transformed and the keys and their order kept.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var result = self
        for index in members.indices { result.members[index].value = try transform(members[index].value) }
        return result
    }

    private mutating func buildPositions() {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for (offset, member) in members.enumerated() { positions[member.key] = offset }
        self.positions = positions
    }

    /// The members in order, as `(key, value)` pairs.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    /// Equal when the members are, in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }

    /// Hashes the members in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

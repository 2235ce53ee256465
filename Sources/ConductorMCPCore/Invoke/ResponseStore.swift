import Foundation

/// The full responses behind compressed `invoke` answers, so that an agent can read more of one (other fields, the
/// next page of a list) without calling the server again.
///
/// Bounded by count and by bytes, least recently used first out; past either bound the oldest answers go, and a
/// handle that names one says it has expired. Entries belong to the caller that made the call (token subject and
/// session in HTTP mode): another caller's handle is unknown to you. The one piece of `invoke` state that changes
/// besides the token, hence an actor.
public actor ResponseStore {
    /// One kept answer.
    public struct Entry: Sendable {
        /// The endpoint that answered, for the re-read's status line.
        public let endpoint: String
        /// The body as received.
        public let body: [UInt8]
        /// Its `Content-Type`.
        public let contentType: String?
        /// Where the HTTP layer cut it, if it did.
        public let truncatedAt: Int?
        /// Whose answer it is.
        let owner: CallerIdentity
    }

    /// Most answers kept.
    public let maxEntries: Int
    /// Most body bytes kept in all.
    public let maxBytes: Int

    private var entries: [String: Entry] = [:]
    /// Handles from least to most recently used.
    private var order: [String] = []
    private var bytes = 0
    private var issued = 0

    /// A store keeping at most `maxEntries` answers and `maxBytes` bytes (defaults: 32 answers, 32 MiB).
    public init(maxEntries: Int = 32, maxBytes: Int = 32 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// Keeps an answer and returns its handle (`r1`, `r2`, …), or nil when the body alone is over `maxBytes`.
    func keep(endpoint: String, body: [UInt8], contentType: String?, truncatedAt: Int?, owner: CallerIdentity)
        -> String?
    {
        guard body.count <= maxBytes else { return nil }
        issued += 1
        let handle = "r\(issued)"
        entries[handle] = Entry(
            endpoint: endpoint, body: body, contentType: contentType, truncatedAt: truncatedAt, owner: owner)
        order.append(handle)
        bytes += body.count
        while order.count > maxEntries || bytes > maxBytes, let oldest = order.first {
            order.removeFirst()
            bytes -= entries.removeValue(forKey: oldest)?.body.count ?? 0
        }
        return handle
    }

    /// The answer behind `handle` for `caller`, marked as recently used; nil when it expired or is not theirs.
    func entry(_ handle: String, caller: CallerIdentity) -> Entry? {
        guard let entry = entries[handle], entry.owner == caller else { return nil }
        order.removeAll { $0 == handle }
        order.append(handle)
        return entry
    }

    /// Whether `handle` was ever issued by this store (so that an unknown one can be told from an expired one).
    /// Only a handle written as the store writes it ("r01" is not "r1") and no longer kept: another caller's live
    /// handle has not expired, it is not yours.
    func wasIssued(_ handle: String) -> Bool {
        guard handle.first == "r", let number = Int(handle.dropFirst()), handle == "r\(number)" else { return false }
        return issued > 0 && (1...issued).contains(number) && entries[handle] == nil
    }

    /// Words that mark an endpoint whose answers hold credentials: its path, operationId or response type names one.
    static let secretWords = [
        "token", "secret", "password", "passwd", "credential", "accesskey", "apikey", "privatekey",
    ]

    /// Whether `endpoint`'s answers may hold secrets (the token endpoint, secret values, access keys): such answers
    /// are never kept. Judged by words in the path, the operationId and the names of the response types.
    public static func holdsSecrets(_ endpoint: Endpoint, index: EndpointIndex) -> Bool {
        var names = [endpoint.path, endpoint.operationId ?? ""]
        for response in endpoint.responses {
            for media in response.content {
                names.append(media.schema.refName ?? "")
                names.append(media.schema.items?.refName ?? "")
            }
        }
        let text = names.joined(separator: " ").lowercased().replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: "_", with: "")
        return secretWords.contains { text.contains($0) }
    }
}

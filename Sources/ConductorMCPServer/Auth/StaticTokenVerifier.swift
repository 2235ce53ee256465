public import ConductorMCPCore
import Crypto
import Foundation

/// Static bearer tokens from a file, for simple deployments. Only SHA-256 digests are kept in memory, and a
/// presented token is compared against every digest in constant time.
///
/// File format: one token per line, optionally followed by a subject and scopes separated by spaces
/// (`TOKEN alice mcp:tools mcp:invoke`); blank lines and lines starting with `#` are skipped.
public struct StaticTokenVerifier: TokenVerifier {
    private struct Entry: Sendable {
        let digest: [UInt8]
        let identity: CallerIdentity
    }

    private let entries: [Entry]

    /// Reads the token file at `path`.
    public init(path: String) throws(AuthConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuthConfigurationError(
                "cannot read --auth-token-file \(path); give a readable file with one token per line")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses token file text; `source` names it in errors.
    public init(text: String, source: String = "token file") throws(AuthConfigurationError) {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let token = fields.first, !token.hasPrefix("#") else { continue }
            guard token.count >= 16 else {
                throw AuthConfigurationError(
                    "\(source) line \(number + 1): a token must be at least 16 characters; generate one with `openssl rand -hex 32`"
                )
            }
            let subject = fields.count > 1 ? fields[1] : "static-token-\(number + 1)"
            entries.append(
                Entry(
                    digest: Array(SHA256.hash(data: Array(token.utf8))),
                    identity: CallerIdentity(subject: subject, scopes: Set(fields.dropFirst(2)))))
        }
        guard !entries.isEmpty else { throw AuthConfigurationError("\(source) holds no tokens") }
        self.entries = entries
    }

    public func verify(_ token: String) async throws(AuthError) -> CallerIdentity {
        let digest = Array(SHA256.hash(data: Array(token.utf8)))
        var match: CallerIdentity?
        // Every entry is compared, each in constant time, so timing says nothing about which one matched.
        for entry in entries where Self.constantTimeEqual(entry.digest, digest) { match = entry.identity }
        guard let match else { throw .invalidToken("not a known token") }
        return match
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

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
        // A file saved on Windows (CRLF, or a byte-order mark) reads the same: "\r\n" is one Character in Swift, so
        // lines are split on every newline character, not on "\n".
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for (number, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let token = fields.first, !token.hasPrefix("#") else { continue }
            guard token.utf8.count >= 16 else {
                throw AuthConfigurationError(
                    "\(source) line \(number + 1): a token must be at least 16 characters; generate one with `openssl rand -hex 32`"
                )
            }
            // RFC 6750's b64token: what a client can send after "Bearer " at all.
            guard token.utf8.allSatisfy(Self.tokenBytes.contains) else {
                throw AuthConfigurationError(
                    "\(source) line \(number + 1): a token may hold only letters, digits and - . _ ~ + / = (RFC 6750)")
            }
            let digest = Array(SHA256.hash(data: Array(token.utf8)))
            if entries.contains(where: { $0.digest == digest }) {
                throw AuthConfigurationError(
                    "\(source) line \(number + 1): the same token is listed twice; give each caller its own token")
            }
            let subject = fields.count > 1 ? CallerIdentity.exact(fields[1]) : "static-token-\(number + 1)"
            entries.append(
                Entry(
                    digest: digest,
                    identity: CallerIdentity(
                        subject: subject, scopes: Set(fields.dropFirst(2).map { CallerIdentity.exact(String($0)) }))))
        }
        guard !entries.isEmpty else { throw AuthConfigurationError("\(source) holds no tokens") }
        self.entries = entries
    }

    public func verify(_ token: String) async throws(AuthError) -> CallerIdentity {
        let digest = Array(SHA256.hash(data: Array(token.utf8)))
        var match: CallerIdentity?
        // Every entry is compared, each in constant time, so timing says nothing about which one matched.
        for entry in entries where Self.constantTimeEqual(entry.digest, digest) { match = entry.identity }
        guard let match else { throw .unrecognized("not a known token") }
        return match
    }

    /// The bytes of RFC 6750's b64token.
    static let tokenBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=".utf8)

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

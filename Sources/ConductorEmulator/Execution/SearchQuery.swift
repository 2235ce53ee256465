import ConductorMCPCore
import Foundation

/// The subset of Conductor's search syntax the emulator understands.
///
/// `query` is clauses joined by `AND`: `field=value`, `field!=value`, `field>value`, `field<value`
/// (also `>=`, `<=`) and `field IN (a,b)`; values may be quoted with ' or ". `freeText` is `*` or
/// words that must all appear in the document. `sort` is `field:ASC|DESC`.
struct SearchQuery: Sendable {
    private struct Clause: Sendable {
        var field: String
        var op: String
        var values: [String]
        /// A range's bound in epoch milliseconds, read once.
        var bound: Int?
    }

    private let clauses: [Clause]
    private let words: [String]

    /// Parses `query` and `freeText`; an unreadable clause is a 400, as Conductor's parser answers.
    init(query: String?, freeText: String?) throws {
        var clauses: [Clause] = []
        let text = (query ?? "").trimmingSpaces()
        if !text.isEmpty {
            for part in Self.splitAnd(text) {
                clauses.append(try Self.parseClause(part))
            }
        }
        self.clauses = clauses
        let free = (freeText ?? "*").trimmingSpaces()
        words =
            free == "*" || free.isEmpty
            ? []
            : free.split(separator: " ").map { $0.lowercased() }
                .map { $0.trimmingSet(["*", "\"", "'"]) }.filter { !$0.isEmpty }
    }

    /// True when `document` (a summary) satisfies every clause and contains every free-text word.
    func matches(_ document: JSONValue, fullText: String) -> Bool {
        for clause in clauses {
            let value = document[clause.field]
            let actual: String =
                switch value {
                case .string(let text)?: text
                case .int(let number)?: String(number)
                case .double(let number)?: String(number)
                case .bool(let flag)?: String(flag)
                default: ""
                }
            let numeric = value?.coercedInt
            switch clause.op {
            case "=": if actual != clause.values[0] { return false }
            case "!=": if actual == clause.values[0] { return false }
            case "IN": if !clause.values.contains(actual) { return false }
            case ">", "<", ">=", "<=":
                // A time (startTime, updateTime, endTime) compares as epoch milliseconds, written either way.
                guard let lhs = numeric ?? Timestamp.millis(actual), let rhs = clause.bound else { return false }
                let ok =
                    switch clause.op {
                    case ">": lhs > rhs
                    case "<": lhs < rhs
                    case ">=": lhs >= rhs
                    default: lhs <= rhs
                    }
                if !ok { return false }
            default: return false
            }
        }
        let haystack = fullText.lowercased()
        return words.allSatisfy { haystack.contains($0) }
    }

    private static func splitAnd(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if text[index...].uppercased().hasPrefix(" AND ") {
                parts.append(current)
                current = ""
                index = text.index(index, offsetBy: 5)
                continue
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        parts.append(current)
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    private static func parseClause(_ text: String) throws -> Clause {
        let upper = text.uppercased()
        if let range = upper.range(of: " IN ") {
            let field = String(text[text.startIndex..<range.lowerBound]).trimmingSpaces()
            let list = String(text[range.upperBound...]).trimmingSpaces().trimmingSet(["(", ")"])
            let values = list.split(separator: ",").map { String($0).trimmingSpaces().trimmingSet(["'", "\""]) }
            return Clause(field: field, op: "IN", values: values)
        }
        for op in ["!=", ">=", "<=", "=", ">", "<"] {
            if let range = text.range(of: op) {
                let field = String(text[text.startIndex..<range.lowerBound]).trimmingSpaces()
                let value = String(text[range.upperBound...]).trimmingSpaces().trimmingSet(["'", "\""])
                guard !field.isEmpty else { break }
                // Elasticsearch refuses a range whose bound is neither a number nor a date.
                guard [">", "<", ">=", "<="].contains(op) else { return Clause(field: field, op: op, values: [value]) }
                guard let bound = Timestamp.millis(value) else {
                    throw ConductorError.badRequest(
                        "Invalid search query clause: \(text). A range needs a number or a date (epoch milliseconds or "
                            + "yyyy-MM-dd'T'HH:mm:ss.SSSZ)")
                }
                return Clause(field: field, op: op, values: [value], bound: bound)
            }
        }
        throw ConductorError.badRequest(
            "Invalid search query clause: \(text). Use field=value, field IN (a,b), field>number joined by AND")
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String { trimmingSet([" ", "\t", "\n"]) }

    fileprivate func trimmingSet(_ set: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}

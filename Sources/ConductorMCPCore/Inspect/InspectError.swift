public import Foundation

/// Why `inspect` (or any tool naming an endpoint or type) cannot answer.
public enum InspectError: LocalizedError, Sendable, Equatable {
    /// No endpoint has that key or operationId.
    case unknownEndpoint(String, nearest: [String])
    /// `expand` names types the document does not define.
    case unknownTypes([String], nearest: [String])

    public var errorDescription: String? {
        switch self {
        case .unknownEndpoint(let name, let nearest):
            return
                "Unknown endpoint \"\(TextBounds.shortened(name))\". Name it as \"METHOD /path\" or by operationId. Nearest: "
                + nearest.joined(separator: "; ") + ". Use search to find others."
        case .unknownTypes(let names, let nearest):
            let shown =
                names.prefix(5).map { TextBounds.shortened($0) }.joined(separator: ", ")
                + (names.count > 5 ? " and \(names.count - 5) more" : "")
            return "Unknown type\(names.count == 1 ? "" : "s") in expand: \(shown). "
                + "Nearest defined types: \(nearest.joined(separator: ", "))."
        }
    }
}

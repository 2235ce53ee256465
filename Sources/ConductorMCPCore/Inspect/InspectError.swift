public import Foundation

/// Why an endpoint or type named by the caller cannot be found.
public enum InspectError: LocalizedError, Sendable, Equatable {
    /// No endpoint has that key or operationId.
    case unknownEndpoint(String, nearest: [String])
    /// `expand` names types the document does not define.
    case unknownTypes([String], nearest: [String])

    public var errorDescription: String? { message(ToolNames()) }

    /// The message, naming operations as the host does.
    public func message(_ names: ToolNames) -> String {
        switch self {
        case .unknownEndpoint(let name, let nearest):
            return
                "Unknown endpoint \"\(TextBounds.shortened(name))\". Name it as \"METHOD /path\" or by operationId. Nearest: "
                + nearest.joined(separator: "; ") + ". Use \(names.search) to find others."
        case .unknownTypes(let types, let nearest):
            let shown =
                types.prefix(5).map { TextBounds.shortened($0) }.joined(separator: ", ")
                + (types.count > 5 ? " and \(types.count - 5) more" : "")
            return "Unknown type\(types.count == 1 ? "" : "s") in \(names.expand): \(shown). "
                + "Nearest defined types: \(nearest.joined(separator: ", "))."
        }
    }
}

public import Foundation

/// A `fields` entry that cannot be read as a projection path.
public enum FieldProjectionError: Error, Sendable, Equatable, LocalizedError {
    /// An entry that is empty or only spaces.
    case emptyPath
    /// An entry with a syntax error at a character offset.
    case invalid(path: String, offset: Int, reason: String)

    /// A message naming the path, the offset and the expected syntax.
    public var errorDescription: String? {
        switch self {
        case .emptyPath:
            return "fields contains an empty path. Write dot paths such as \"status\" or \"tasks[].status\"."
        case .invalid(let path, let offset, let reason):
            return "fields path \"\(path)\" is invalid at character \(offset): \(reason). "
                + "Write dot paths such as \"status\", \"workflowDefinition.name\" or \"tasks[].status\"."
        }
    }
}

public import Foundation

/// Why the stdio transport stopped or could not start.
public enum StdioTransportError: Error, Sendable, LocalizedError {
    /// stdin or stdout could not be duplicated.
    case descriptor(errno: CInt)
    /// stdin is a directory (`< somedir`), which reads as nothing.
    case inputIsDirectory
    /// A line grew past the limit without a newline.
    case lineTooLong(limit: Int)

    public var errorDescription: String? {
        switch self {
        case .descriptor(let errno):
            return "stdio transport: cannot duplicate stdin/stdout (errno \(errno)); run the server with both open."
        case .inputIsDirectory:
            return "stdio transport: stdin is a directory; give the server a pipe (an MCP client) or a file of "
                + "JSON-RPC lines."
        case .lineTooLong(let limit):
            return "stdio transport: a message is longer than \(limit) bytes without a newline; the connection is "
                + "closed. Send one JSON-RPC message per line."
        }
    }
}

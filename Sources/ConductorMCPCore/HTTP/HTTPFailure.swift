import AsyncHTTPClient
import NIOCore
import NIOPosix

/// Words for transport failures, shared by the spec loader and `invoke`.
public enum HTTPFailure {
    /// A short human sentence for an error thrown by AsyncHTTPClient or NIO.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return "timed out"
            case .remoteConnectionClosed: return "the server closed the connection before answering"
            case .invalidURL: return "invalid URL"
            case .connectTimeout: return "connection timed out"
            default: return "\(error)"
            }
        }
        if error is NIOConnectionError || "\(error)".contains("connectionRefused") || "\(error)".contains("refused") {
            return "connection refused (is the server running at that address?)"
        }
        return "\(error)"
    }
}

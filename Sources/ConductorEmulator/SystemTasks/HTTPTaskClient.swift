import Foundation

/// Sends the outgoing request of an HTTP task. A protocol because tests answer from memory instead of the network.
public protocol HTTPTaskClient: Sendable {
    /// Sends `request` and answers the response, or throws when no response came (refused, timed out).
    func send(_ request: HTTPTaskRequest) async throws -> HTTPTaskResponse
}

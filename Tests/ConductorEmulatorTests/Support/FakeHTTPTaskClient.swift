import ConductorEmulator
import ConductorMCPCore
import Foundation
import Synchronization

/// Answers HTTP task requests from a closure and records them, so tests never touch the network.
final class FakeHTTPTaskClient: HTTPTaskClient {
    private let sent = Mutex<[HTTPTaskRequest]>([])
    private let answer: @Sendable (HTTPTaskRequest, Int) -> HTTPTaskResponse

    /// `answer` receives each request and how many came before it.
    init(answer: @escaping @Sendable (HTTPTaskRequest, Int) -> HTTPTaskResponse) {
        self.answer = answer
    }

    var requests: [HTTPTaskRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPTaskRequest) async throws -> HTTPTaskResponse {
        let count = sent.withLock { list in
            list.append(request)
            return list.count - 1
        }
        return answer(request, count)
    }

    /// A JSON answer with `status`.
    static func json(_ body: JSONValue, status: Int = 200) -> HTTPTaskResponse {
        HTTPTaskResponse(
            statusCode: status, reasonPhrase: status == 200 ? "OK" : "Internal Server Error",
            headers: ["Content-Type": ["application/json"]], body: Data(body.jsonText.utf8))
    }
}

extension EmulatorHarness {
    /// A harness whose HTTP tasks reach `client`, on `clock` when given.
    init(http client: FakeHTTPTaskClient, clock: ManualClock? = nil) {
        self.init(
            configuration: EmulatorConfiguration(
                port: 0, clock: clock?.clock ?? .system, taskRunner: AsyncTaskRunner(client: client)))
    }
}

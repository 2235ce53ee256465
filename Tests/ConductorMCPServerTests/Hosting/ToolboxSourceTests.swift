import ConductorMCPCore
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import ConductorMCPServer

@Suite("Swapping the tools when the document is read again")
struct ToolboxSourceTests {
    private static func toolbox(_ text: String) throws -> Toolbox {
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "t"))
        return Toolbox(
            index: index,
            invoker: Invoker(
                index: index, configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
                transport: InstantTransport()))
    }

    private static let before =
        #"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/api/a":{"get":{"operationId":"getA"}}}}"#
    private static let after =
        #"{"openapi":"3.0.1","info":{"title":"t","version":"2"},"paths":{"/api/b":{"get":{"operationId":"getB"}}}}"#

    @Test("calls that start after a swap see the new tools; a call holding the old ones keeps them; listeners hear")
    func swap() async throws {
        let old = try Self.toolbox(Self.before)
        let source = ToolboxSource(old)
        let held = await source.current.value
        let heard = Mutex<[Int]>([])
        source.onReplace { diff in heard.withLock { $0.append(diff.breakingCount) } }
        let new = try Self.toolbox(Self.after)
        source.replace(with: new, diff: SpecDiff(old: old.index, new: new.index))
        #expect(held.index.endpoint(named: "getA") != nil)
        #expect(await source.current.value.index.endpoint(named: "getB") != nil)
        #expect(heard.withLock { $0 } == [1])
        #expect(source.lastDiff?.added.map(\.key) == ["GET /api/b"])
    }

    @Test("an initialized session tells its client: a log message and a resources list change")
    func notice() async throws {
        let host = MCPHost(toolbox: try Self.toolbox(Self.before), logger: Logger(label: "test"))
        let session = host.makeSession()
        let outbox = Outbox()
        await session.setNotificationSink(outbox.emit)
        let new = try Self.toolbox(Self.after)
        await session.documentChanged(SpecDiff(old: host.source.current.value.index, new: new.index))
        #expect(await outbox.messages.isEmpty)  // not initialized yet
        _ = await ServerFixtures.exchange(session, ServerFixtures.initialize)
        await session.documentChanged(SpecDiff(old: host.source.current.value.index, new: new.index))
        let methods = await outbox.messages.compactMap { $0["method"]?.stringValue }
        #expect(
            methods == [
                "notifications/message", "notifications/resources/list_changed", "notifications/prompts/list_changed",
            ])
    }
}

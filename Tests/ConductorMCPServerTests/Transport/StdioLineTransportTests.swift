import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging
import TestSupport
import Testing

@Suite("stdio transport")
struct StdioLineTransportTests {
    /// Runs a transport on two pipes, writes `input` and closes it, and returns the reply lines once `run` returns.
    func serve(_ input: String, session: MCPSession = ServerFixtures.session()) async throws -> [JSONValue] {
        let toServer = Pipe()
        let fromServer = Pipe()
        let transport = StdioLineTransport(
            input: toServer.fileHandleForReading.fileDescriptor, output: fromServer.fileHandleForWriting.fileDescriptor,
            logger: Logger(label: "test"))
        toServer.fileHandleForWriting.write(Data(input.utf8))
        try toServer.fileHandleForWriting.close()
        try await transport.run(session: session, drainTimeout: .seconds(30))
        // The transport duplicated the descriptors and closed its copies; close ours to see end of file.
        try toServer.fileHandleForReading.close()
        try fromServer.fileHandleForWriting.close()
        let output = fromServer.fileHandleForReading.readDataToEndOfFile()
        return try String(decoding: output, as: UTF8.self).split(separator: "\n").map {
            try JSONParser.parse(String($0))
        }
    }

    @Test("every request received before stdin closes is answered, one line each, faults included")
    func answersBeforeExit() async throws {
        let replies = try await serve(
            [
                ServerFixtures.initialize, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, "",
                #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
                #"{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}"#, "not json",
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"pause"}}}"#,
            ].joined(separator: "\n"))
        #expect(replies.count == 5)
        let ids = Set(replies.compactMap { $0["id"]?.jsonText })
        #expect(ids == ["0", "1", "2", "null"])
        #expect(
            replies.filter { $0["id"] == .null }.compactMap { $0["error"]?["code"]?.intValue }.sorted() == [
                -32700, -32600,
            ])
    }

    @Test("stdin and stdout may be regular files or /dev/null, which the event loop cannot watch")
    func regularFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stdio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let requests = directory.appendingPathComponent("in.jsonl")
        let replies = directory.appendingPathComponent("out.jsonl")
        try Data(
            [ServerFixtures.initialize, #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#].joined(separator: "\n")
                .utf8
        ).write(to: requests)
        FileManager.default.createFile(atPath: replies.path, contents: nil)
        let input = try FileHandle(forReadingFrom: requests)
        let output = try FileHandle(forWritingTo: replies)
        try await StdioLineTransport(
            input: input.fileDescriptor, output: output.fileDescriptor, logger: Logger(label: "test")
        ).run(session: ServerFixtures.session(), drainTimeout: .seconds(30))
        try input.close()
        try output.close()
        let lines = try String(contentsOf: replies, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last.map { $0.contains(#""id":1"#) } == true)
        // /dev/null: end of input at once, nothing to answer, no trap.
        let null = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/null"))
        let sink = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
        try await StdioLineTransport(
            input: null.fileDescriptor, output: sink.fileDescriptor, logger: Logger(label: "test")
        )
        .run(session: ServerFixtures.session(), drainTimeout: .seconds(5))
        try null.close()
        try sink.close()
    }

    @Test("an invoke still in flight when stdin closes is cancelled after the drain deadline")
    func drainDeadline() async throws {
        let upstream = GatedTransport()
        let session = ServerFixtures.session(transport: upstream, options: .init(requireInitialize: false))
        let toServer = Pipe()
        let fromServer = Pipe()
        let transport = StdioLineTransport(
            input: toServer.fileHandleForReading.fileDescriptor, output: fromServer.fileHandleForWriting.fileDescriptor,
            logger: Logger(label: "test"))
        toServer.fileHandleForWriting.write(
            Data(
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"invoke","arguments":{"endpoint":"GET /api/workflow/{workflowId}","params":{"workflowId":"w"}}}}"#
                    .utf8 + [0x0A]))
        try toServer.fileHandleForWriting.close()
        try await transport.run(session: session, drainTimeout: .milliseconds(50))
        #expect(await upstream.cancelled == 1)
        #expect(await session.inFlightCount == 0)
    }
}

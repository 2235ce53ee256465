import ConductorMCPCore
import ConductorMCPServer
import Foundation

/// The OSS document's toolbox, built once per process.
enum ServerFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let ossIndex: EndpointIndex = {
        let bytes = [UInt8](
            FileManager.default.contents(
                atPath: root.appendingPathComponent("specs/conductor-oss-3.x-2025-08.json").path)!)
        return EndpointIndex(document: try! SpecParser.parse(bytes, source: "oss"))
    }()
}

extension ServerFixtures {
    /// Tools whose invoker points at a closed port: search and inspect never use it, invoke tests say so.
    static let toolbox = Toolbox(
        index: ossIndex,
        invoker: Invoker(
            index: ossIndex, configuration: InvokeConfiguration(serverURL: URL(string: "http://127.0.0.1:9")!),
            transport: AsyncHTTPTransport()))
}

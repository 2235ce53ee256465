import ConductorMCPCore
import ConductorMCPServer
import Foundation

/// The OSS document's toolbox, built once per process.
enum ServerFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let ossIndex: EndpointIndex = {
        let bytes = [UInt8](FileManager.default.contents(atPath: root.appendingPathComponent("specs/conductor-oss-3.x-2025-08.json").path)!)
        return EndpointIndex(document: try! SpecParser.parse(bytes, source: "oss"))
    }()
}

extension ServerFixtures {
    static let toolbox = Toolbox(index: ossIndex)
}

import ConductorMCPCore
import ConductorMCPServer
import Foundation
import TestSupport
import Testing

/// What the server tests share: the OSS document's toolbox.
enum ServerFixtures {
    /// Tools whose invoker points at a closed port: search and inspect never use it, invoke tests say so.
    static let toolbox: Toolbox = {
        let index = Fixtures.cached("specs/conductor-oss-3.x-2025-08.json")
        var configuration = InvokeConfiguration()
        configuration.serverURL = URL(string: "http://127.0.0.1:9") ?? configuration.serverURL
        return Toolbox(
            index: index, invoker: Invoker(index: index, configuration: configuration, transport: AsyncHTTPTransport()))
    }()
}

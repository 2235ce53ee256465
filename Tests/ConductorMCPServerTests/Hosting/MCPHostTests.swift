import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging
import MCP
import TestSupport
import Testing

@Suite("MCP host")
struct MCPHostTests {
    @Test("tools/list: the tools in flow order, annotated, within 3,000 characters")
    func toolsList() throws {
        let tools = Toolbox.definitions.map(MCPHost.toolJSON)
        #expect(tools.compactMap { $0["name"]?.stringValue }.prefix(2) == ["search", "inspect"])
        let size = JSONValue.array(tools).jsonText.count
        #expect(size <= 3000, "tools/list is \(size) characters")
        for tool in tools where tool["name"] != "invoke" {
            #expect(tool["annotations"]?["readOnlyHint"] == true)
            #expect(tool["annotations"]?["destructiveHint"] == false)
        }
    }

    @Test("the MCP library's own client initializes, lists and calls tools through a session")
    func roundTrip() async throws {
        let session = ServerFixtures.session()
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        try await serverTransport.connect()
        let pump = Task {
            let emit: MCPSession.Emit = { message in try? await serverTransport.send(Data(message.jsonText.utf8)) }
            for try await data in await serverTransport.receive() {
                await session.accept([UInt8](data), emit: emit)
            }
        }
        let client = Client(name: "test", version: "1")
        _ = try await client.connect(transport: clientTransport)
        let listed = try await client.listTools()
        #expect(listed.tools.map(\.name) == ["search", "inspect", "invoke"])
        let (content, isError) = try await client.callTool(
            name: "search", arguments: ["query": "resume a workflow", "limit": 2])
        #expect(isError == false)
        guard case .text(let text, _, _)? = content.first else {
            Issue.record("expected text content")
            return
        }
        #expect(text.contains("PUT /api/workflow/{workflowId}/resume — Resumes the workflow"))
        let (_, inspectError) = try await client.callTool(name: "inspect", arguments: ["endpoint": "nope"])
        #expect(inspectError == true)
        await #expect(throws: MCPError.self) { _ = try await client.callTool(name: "nope", arguments: [:]) }
        await client.disconnect()
        pump.cancel()
    }
}

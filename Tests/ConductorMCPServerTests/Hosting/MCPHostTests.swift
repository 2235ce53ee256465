import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging
import MCP
import Testing

@Suite("MCP host")
struct MCPHostTests {
    @Test("tools/list: the tools in flow order, annotated, within 3,000 characters")
    func toolsList() throws {
        let tools = MCPHost.tools
        #expect(tools.map(\.name).prefix(2) == ["search", "inspect"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let size = try encoder.encode(tools).count
        #expect(size <= 3000, "tools/list is \(size) characters")
        for tool in tools where tool.name != "invoke" {
            #expect(tool.annotations.readOnlyHint == true)
            #expect(tool.annotations.destructiveHint == false)
        }
    }

    @Test("answers search and inspect through the MCP library's own client")
    func roundTrip() async throws {
        let host = MCPHost(toolbox: ServerFixtures.toolbox, logger: Logger(label: "test"))
        let server = await host.makeServer()
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverTransport)
        let client = Client(name: "test", version: "1")
        _ = try await client.connect(transport: clientTransport)
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
        await client.disconnect()
        await server.stop()
    }
}

import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

/// Shorthands shared by the invoke suites.
enum InvokeTest {
    static let server = URL(string: "http://conductor.test:8080")!

    static func invoker(
        _ index: EndpointIndex = Fixtures.cached("Fixtures/invoke/test-spec.json"),
        transport: FakeTransport = FakeTransport(),
        configure: (inout InvokeConfiguration) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { Date() }
    ) -> Invoker {
        var configuration = InvokeConfiguration(serverURL: server)
        configure(&configuration)
        return Invoker(index: index, configuration: configuration, transport: transport, now: now)
    }

    /// Sends `arguments` through a fake that answers 200 `{}` and returns the one request it saw.
    static func sent(
        _ endpoint: String, params: JSONObject = JSONObject(), body: JSONValue? = nil,
        index: EndpointIndex = Fixtures.cached("Fixtures/invoke/test-spec.json")
    ) async -> (UpstreamRequest?, InvokeOutcome) {
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        let outcome = await invoker(index, transport: transport).invoke(
            InvokeArguments(endpoint: endpoint, params: params, body: body))
        return (await transport.requests.first, outcome)
    }

    /// The problems of an invalid-arguments outcome, as `location: message` lines.
    static func problems(_ outcome: InvokeOutcome) -> [String] {
        (outcome.structured["problems"]?.arrayValue ?? []).map {
            "\($0["location"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")"
        }
    }

    static func locations(_ outcome: InvokeOutcome) -> [String] {
        (outcome.structured["problems"]?.arrayValue ?? []).compactMap { $0["location"]?.stringValue }
    }
}

import BundledSpecs
import ConductorMCPCore
import Foundation
import Hummingbird
import Testing

@testable import ConductorEmulator

@Suite("System: health, API docs, unknown routes, token auth")
struct SystemRoutesTests {
    @Test("GET /health answers HealthCheckStatus")
    func health() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.get, "/health")
            #expect(reply.status == 200)
            #expect(reply.json["healthy"] == true)
            #expect(reply.json["healthResults"] == [])
        }
    }

    @Test("GET /api-docs serves the bundled OSS document as JSON")
    func apiDocs() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.get, "/api-docs")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(reply.text == BundledSpecs.conductorOSS)
            #expect(reply.json["openapi"] == "3.0.1")
        }
    }

    @Test("an unknown route is a 404 with Conductor's error body")
    func unknownRoute() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.get, "/api/nothing/here")
            #expect(reply.status == 404)
            #expect(reply.message == "No static resource api/nothing/here.")
            #expect(reply.json["status"] == 404)
        }
    }

    @Test("a Conductor path with a method it does not serve is 405, as Spring answers")
    func wrongMethod() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.patch, "/api/workflow/some-id")
            #expect(reply.status == 405)
            #expect(reply.message == "Request method 'PATCH' is not supported")
            let known = try await client.call(.get, "/api/metadata/workflow/ghost")
            #expect(known.status == 404)
        }
    }

    @Test("without --auth there is no token endpoint, as in Conductor OSS")
    func noTokenEndpointWithoutAuth() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.post, "/api/token", json: ["keyId": "a", "keySecret": "b"])
            #expect(reply.status == 404)
        }
    }

    @Test("with --auth: tokens are issued for the right key, required on API calls, and expire")
    func tokenAuth() async throws {
        let clock = ManualClock()
        let configuration = EmulatorConfiguration(
            port: 0, credentials: APICredentials(keyId: "id", keySecret: "secret"), tokenTTLSeconds: 60,
            clock: clock.clock)
        try await EmulatorHarness(configuration: configuration).run { client in
            let missing = try await client.call(.get, "/api/metadata/taskdefs")
            #expect(missing.status == 401)
            #expect(missing.json["error"] == "INVALID_TOKEN")
            let wrong = try await client.call(.post, "/api/token", json: ["keyId": "id", "keySecret": "nope"])
            #expect(wrong.status == 401)
            let issued = try await client.call(.post, "/api/token", json: ["keyId": "id", "keySecret": "secret"])
            #expect(issued.status == 200)
            let token = try #require(issued.json["token"]?.stringValue)
            let header = try #require(HTTPFields.Element.Name("X-Authorization"))
            let ok = try await client.call(.get, "/api/metadata/taskdefs", headers: [header: token])
            #expect(ok.status == 200)
            let forged = try await client.call(.get, "/api/metadata/taskdefs", headers: [header: "forged"])
            #expect(forged.json["error"] == "INVALID_TOKEN")
            #expect(try await client.call(.get, "/health").status == 200)
            #expect(try await client.call(.get, "/api-docs").status == 200)
            clock.advance(seconds: 61)
            let expired = try await client.call(.get, "/api/metadata/taskdefs", headers: [header: token])
            #expect(expired.status == 401)
            #expect(expired.json["error"] == "EXPIRED_TOKEN")
        }
    }
}

@Suite("Fault modes")
struct FaultModeTests {
    let faultHeader = HTTPFields.Element.Name("X-Emulator-Fault")!

    @Test("fault rules parse MODE[=VALUE][@PREFIX] and refuse unknown modes")
    func parsing() {
        #expect(FaultRule(parsing: "latency=250") == FaultRule(mode: .latency(milliseconds: 250)))
        #expect(FaultRule(parsing: "html500@/api/workflow") == FaultRule(mode: .html500, pathPrefix: "/api/workflow"))
        #expect(FaultRule(parsing: "large-body=3")?.mode == .largeBody(megabytes: 3))
        #expect(FaultRule(parsing: "invalid-json")?.mode == .invalidJSON)
        #expect(FaultRule(parsing: "drop")?.description == "drop")
        #expect(FaultRule(parsing: "latency") == nil)
        #expect(FaultRule(parsing: "explode") == nil)
        // Values that would overflow a sleep or a byte count are refused, not trapped on.
        for text in ["latency=9223372036854775807", "latency=600001", "large-body=9223372036854775807", "large-body=0"]
        {
            #expect(FaultRule(parsing: text) == nil, "\(text)")
        }
        #expect(Milliseconds.of(seconds: .max) == Milliseconds.maxSeconds * 1000)
        #expect(Milliseconds.of(seconds: -5) == 0)
    }

    @Test("X-Emulator-Fault: html500 answers 500 with an HTML page")
    func html500() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.get, "/health", headers: [faultHeader: "html500"])
            #expect(reply.status == 500)
            #expect(reply.contentType == "text/html")
            #expect(reply.text.contains("<h1>500 Internal Server Error</h1>"))
        }
    }

    @Test("invalid-json answers 200 application/json that does not parse")
    func invalidJSON() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.get, "/api/metadata/taskdefs", headers: [faultHeader: "invalid-json"])
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect((try? JSONParser.parse(reply.body)) == nil)
        }
    }

    @Test("large-body answers a valid JSON document of the asked size")
    func largeBody() async throws {
        try await EmulatorHarness().run { client in
            let reply = try await client.call(.get, "/health", headers: [faultHeader: "large-body=2"])
            #expect(reply.status == 200)
            #expect(reply.body.count > 2 * 1024 * 1024)
            #expect(reply.json["padding"]?.stringValue?.count == 2 * 1024 * 1024)
        }
    }

    @Test("latency delays the answer by at least the given time")
    func latency() async throws {
        try await EmulatorHarness().run { client in
            let clock = ContinuousClock()
            let started = clock.now
            let reply = try await client.call(.get, "/health", headers: [faultHeader: "latency=200"])
            #expect(reply.status == 200)
            #expect(clock.now - started >= .milliseconds(200))
        }
    }

    @Test("faults switched at run time apply to their path prefix only and can be cleared")
    func runtimeSwitch() async throws {
        try await EmulatorHarness().run { client in
            let set = try await client.call(.put, "/emulator/faults", json: ["html500@/api/workflow"])
            #expect(set.json == ["html500@/api/workflow"])
            #expect(try await client.call(.get, "/api/workflow/x").status == 500)
            #expect(try await client.call(.get, "/api/metadata/taskdefs").status == 200)
            #expect(try await client.call(.get, "/emulator/faults").json == ["html500@/api/workflow"])
            #expect(try await client.call(.put, "/emulator/faults", json: ["bogus"]).status == 400)
            #expect(try await client.call(.delete, "/emulator/faults").status == 200)
            #expect(try await client.call(.get, "/api/workflow/x").status == 404)
        }
    }

    @Test("faults given at start are in force from the first request")
    func startupFaults() async throws {
        let harness = EmulatorHarness(
            configuration: .init(port: 0, faults: [FaultRule(mode: .html500, pathPrefix: "/api")]))
        try await harness.run { client in
            let api = try await client.call(.get, "/api/metadata/taskdefs")
            let health = try await client.call(.get, "/health")
            #expect(api.status == 500)
            #expect(health.status == 200)
        }
    }

    @Test("drop closes the connection without a complete answer")
    func drop() async throws {
        try await EmulatorHarness().run(live: true) { client in
            await #expect(throws: (any Error).self) {
                try await client.call(.get, "/health", headers: [faultHeader: "drop"])
            }
        }
    }
}

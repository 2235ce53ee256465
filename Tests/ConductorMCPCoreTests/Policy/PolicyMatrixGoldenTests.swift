import ConductorMCPCore
import Foundation
import TestSupport
import Testing

/// Every endpoint of each bundled document under each built-in role (and read-only mode), compared with a checked-in
/// table, so that a rule change shows up in review.
@Suite("Policy matrix")
struct PolicyMatrixGoldenTests {
    @Test("each bundled document's allowed/refused table matches its golden", arguments: ["oss", "netflix", "orkes"])
    func matrix(_ name: String) throws {
        let index = try Fixtures.real(name)
        Fixtures.expectGolden(PolicyMatrix.table(index), "policy/\(name)-matrix.txt")
        let counts = PolicyMatrix.countsByTag(index)
        Fixtures.expectGolden(counts, "policy/\(name)-by-tag.md")
        let readme = String(decoding: try Fixtures.bytes("README.md"), as: UTF8.self)
        #expect(readme.contains(counts), "README.md shows the current \(name) table; copy it from the golden")
    }

    @Test("the viewer never gets a write and read-only mode never gets a non-GET, on any bundled document")
    func invariants() throws {
        for name in ["oss", "netflix", "orkes"] {
            for endpoint in try Fixtures.real(name).endpoints {
                if AccessPolicy().decide(endpoint, role: .viewer).allowed {
                    #expect(["GET", "HEAD"].contains(endpoint.method), "\(name): \(endpoint.key)")
                }
                if AccessPolicy(readOnly: true).decide(endpoint, role: .admin).allowed {
                    #expect(["GET", "HEAD"].contains(endpoint.method), "\(name): \(endpoint.key)")
                }
                #expect(AccessPolicy().decide(endpoint, role: .admin).allowed)
            }
        }
    }

    @Test("the README's read-only example allows 37 OSS, 35 Netflix and 86 Orkes endpoints, as it says")
    func readOnlyExample() throws {
        let layer = try SettingsLayer.file(
            Fixtures.root.appendingPathComponent("Fixtures/config/read-only.yaml").path, environment: [:])
        let policy = Settings(layers: [layer]).policy
        for (name, expected) in [("oss", 37), ("netflix", 35), ("orkes", 86)] {
            let allowed = try Fixtures.real(name).endpoints.filter { policy.decide($0, caller: .local).allowed }
            #expect(allowed.count == expected, "\(name)")
            #expect(
                allowed.allSatisfy {
                    $0.method == "GET" || $0.path.hasSuffix("search") || $0.path.contains("correlated")
                })
        }
    }
}

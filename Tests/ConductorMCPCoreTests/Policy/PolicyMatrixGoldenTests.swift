import ConductorMCPCore
import Testing

/// Every endpoint of each bundled document under each built-in role (and read-only mode), compared with a checked-in
/// table, so that a rule change shows up in review.
@Suite("Policy matrix")
struct PolicyMatrixGoldenTests {
    @Test("each bundled document's allowed/refused table matches its golden", arguments: ["oss", "netflix", "orkes"])
    func matrix(_ name: String) throws {
        let index = try CoreFixtures.real(name)
        CoreFixtures.expectGolden(PolicyMatrix.table(index), "policy/\(name)-matrix.txt")
        CoreFixtures.expectGolden(PolicyMatrix.countsByTag(index), "policy/\(name)-by-tag.md")
    }

    @Test("the viewer never gets a write and read-only mode never gets a non-GET, on any bundled document")
    func invariants() throws {
        for name in ["oss", "netflix", "orkes"] {
            for endpoint in try CoreFixtures.real(name).endpoints {
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
}

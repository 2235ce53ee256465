public import Foundation
import Synchronization
public import Testing

@testable public import ConductorMCPCore

/// The one loader of the files under `specs/` and `Fixtures/` for every Swift test target, and golden-file
/// comparison.
///
/// Nothing here traps: a file that cannot be read is a thrown error or a recorded test failure, so a broken fixture
/// fails the tests that use it with the reason instead of ending the whole run.
public enum Fixtures {
    /// The repository root, found from this file's path (`Tests/TestSupport/`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The real Conductor documents by short name.
    public static let realSpecs = [
        "oss": "specs/conductor-oss-3.x-2025-08.json", "orkes": "specs/orkes-conductor-v2-2025-10.json",
        "netflix": "specs/netflix-conductor-3.x-2024-01.json",
    ]

    /// The bytes of a file under the repository root.
    public static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// Parses and indexes a document under the repository root.
    public static func index(_ relative: String) throws -> EndpointIndex {
        EndpointIndex(document: try SpecParser.parse(bytes(relative), source: relative))
    }

    /// One of the three real documents (`oss`, `orkes`, `netflix`), indexed once per process.
    public static func real(_ name: String) throws -> EndpointIndex {
        guard let relative = realSpecs[name] else { throw FixtureError("no real document named \(name)") }
        return try indexedOnce(relative)
    }

    /// A document under the repository root, indexed once per process, where a throwing call does not fit (a
    /// default argument, a stored fixture). A failure is recorded against the test and yields an empty index.
    public static func cached(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) -> EndpointIndex {
        do {
            return try indexedOnce(relative)
        } catch {
            Issue.record("fixture \(relative) did not load: \(error)", sourceLocation: sourceLocation)
            return EndpointIndex(
                document: SpecDocument(
                    source: relative, format: .json, openAPIVersion: "3.0.0", root: JSONObject(), byteCount: 0))
        }
    }

    private static let cache = Mutex<[String: EndpointIndex]>([:])

    /// The index of `relative`, parsed the first time it is asked for.
    private static func indexedOnce(_ relative: String) throws -> EndpointIndex {
        try cache.withLock { cache in
            if let index = cache[relative] { return index }
            let index = try index(relative)
            cache[relative] = index
            return index
        }
    }

    /// Compares `text` with the golden file under `Fixtures/golden/`; RECORD_GOLDENS=1 rewrites it instead.
    public static func expectGolden(
        _ text: String, _ relative: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: Never.self, sourceLocation: sourceLocation) {
            try GoldenFile.check(text, relative, in: "Fixtures/golden", sourceLocation: sourceLocation)
        }
    }
}

/// A fixture that does not exist.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

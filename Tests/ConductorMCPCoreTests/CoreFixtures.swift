import ConductorMCPCore
import Foundation
import Synchronization
import Testing

/// Paths and loaders for the files under `specs/` and `Fixtures/`, and golden-file comparison.
enum CoreFixtures {
    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The real Conductor documents by short name.
    static let realSpecs = [
        "oss": "specs/conductor-oss-3.x-2025-08.json", "orkes": "specs/orkes-conductor-v2-2025-10.json",
        "netflix": "specs/netflix-conductor-3.x-2024-01.json",
    ]

    /// The bytes of a file under the repository root.
    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// Parses and indexes a document under the repository root.
    static func index(_ relative: String) throws -> EndpointIndex {
        EndpointIndex(document: try SpecParser.parse(bytes(relative), source: relative))
    }

    /// One of the three real documents, indexed once per process.
    static func real(_ name: String) throws -> EndpointIndex {
        try cache.withLock { cache in
            if let index = cache[name] { return index }
            let index = try index(realSpecs[name]!)
            cache[name] = index
            return index
        }
    }

    private static let cache = Mutex<[String: EndpointIndex]>([:])

    /// Compares `text` with the golden file under `Fixtures/golden/`; RECORD_GOLDENS=1 rewrites it instead.
    static func expectGolden(_ text: String, _ relative: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: Never.self, sourceLocation: sourceLocation) {
            try GoldenFile.check(text, relative, in: "Fixtures/golden", sourceLocation: sourceLocation)
        }
    }
}

public import Foundation
public import Testing

/// Reads fixtures and compares text with golden files under `Fixtures/` (the compressor's in `Fixtures/compression/`,
/// the renderers' in `Fixtures/golden/`).
///
/// Set `RECORD_GOLDENS=1` to rewrite the golden files instead of comparing (then review the diff and commit).
public enum GoldenFile {
    /// The directory holding the compressor's fixtures and goldens.
    public static var directory: URL { Fixtures.root.appendingPathComponent("Fixtures/compression") }

    /// Whether this run records goldens instead of checking them.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

    /// The bytes of a fixture file.
    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Compares `actual` with the golden file `name` under `folder`, or writes it when recording.
    public static func check(
        _ actual: String, _ name: String, in folder: String = "Fixtures/compression",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = Fixtures.root.appendingPathComponent(folder).appendingPathComponent(name)
        if isRecording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((actual + "\n").utf8).write(to: url)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record(
                "golden \(name) is missing; run with RECORD_GOLDENS=1 to create it", sourceLocation: sourceLocation)
            return
        }
        var expected = String(decoding: data, as: UTF8.self)
        if expected.hasSuffix("\n") { expected.removeLast() }
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line =
                zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actualLines.count, expectedLines.count)
            let got = line < actualLines.count ? String(actualLines[line]) : "(end of output)"
            let want = line < expectedLines.count ? String(expectedLines[line]) : "(end of golden)"
            let message =
                "output differs from golden \(name) at line \(line + 1):\n  got:  \(got)\n  want: \(want)\n"
                + "Re-record deliberately with RECORD_GOLDENS=1 and review the diff."
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }
}

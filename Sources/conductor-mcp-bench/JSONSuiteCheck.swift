import ConductorMCPCore
import Foundation

/// `conductor-mcp-bench json-suite DIR`: runs `JSONParser` on every file of nst/JSONTestSuite's `test_parsing`
/// folder (fetched separately; the suite is not part of this repository) and prints each wrong verdict and the
/// counts. `y_` files must parse, `n_` files must be refused, `i_` files may go either way and are only counted.
/// Exits 1 when a `y_` or `n_` file gets the wrong verdict.
func checkJSONSuite(_ arguments: [String]) -> Never {
    guard let directory = arguments.first,
        let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
    else {
        fail("json-suite: give the test_parsing folder of nst/JSONTestSuite")
    }
    var counts: [String: (right: Int, wrong: Int)] = [:]
    for name in names.sorted() where name.hasSuffix(".json") {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)") else { continue }
        let accepted = (try? JSONParser.parse([UInt8](data))) != nil
        let kind = String(name.prefix(1))
        let right: Bool
        switch kind {
        case "y": right = accepted
        case "n": right = !accepted
        default: right = true
        }
        if !right { print("wrong: \(name) was \(accepted ? "accepted" : "refused")") }
        counts[kind, default: (0, 0)].right += right ? 1 : 0
        counts[kind, default: (0, 0)].wrong += right ? 0 : 1
    }
    for (kind, count) in counts.sorted(by: { $0.key < $1.key }) {
        print("\(kind)_ files: \(count.right + count.wrong), wrong verdicts: \(count.wrong)")
    }
    exit(counts.values.contains { $0.wrong > 0 } ? 1 : 0)
}

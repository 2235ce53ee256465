import ConductorMCPCore
import Foundation

// Prints figures for the core's hot paths on the three real documents, release build:
//   swift build -c release --product conductor-mcp-bench && .build/release/conductor-mcp-bench [specs-dir] [eval.jsonl]
// Benchmarks are not tests: nothing here asserts a timing.

let arguments = CommandLine.arguments
let specsDirectory = arguments.count > 1 ? arguments[1] : "specs"
let evalPath = arguments.count > 2 ? arguments[2] : nil
let documents = [
    ("oss", "conductor-oss-3.x-2025-08.json"), ("orkes", "orkes-conductor-v2-2025-10.json"),
    ("netflix", "netflix-conductor-3.x-2024-01.json"),
]

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func measure(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    return median(samples)
}

var engines: [String: SearchEngine] = [:]
var indexes: [String: EndpointIndex] = [:]
for (name, file) in documents {
    let bytes = [UInt8](FileManager.default.contents(atPath: "\(specsDirectory)/\(file)") ?? Data())
    var document: SpecDocument!
    let parse = try measure(20) { document = try SpecParser.parse(bytes, source: file) }
    var index: EndpointIndex!
    let build = measure(20) { index = EndpointIndex(document: document) }
    var engine: SearchEngine!
    let prepare = measure(20) { engine = SearchEngine(index: index) }
    let queries = ["start a workflow", "pause workflow", "get task logs", "list all event handlers", "delete a secret"]
    var sink = 0
    let search = measure(200) { for query in queries { sink &+= engine.search(query).count } } / Double(queries.count)
    print(
        String(
            format:
                "%-8@ %7d bytes  parse %7.0f µs  index %6.0f µs  search-prepare %6.0f µs  search %6.1f µs/query  (%d ops, %d diagnostics)",
            name, bytes.count, parse, build, prepare, search, index.endpoints.count, index.diagnostics.count))
    engines[name] = engine
    indexes[name] = index
}

if let evalPath, let text = try? String(contentsOfFile: evalPath, encoding: .utf8) {
    var total = 0
    var top1 = 0
    var top5 = 0
    for line in text.split(separator: "\n") {
        guard case .object(let row)? = try? JSONParser.parse(String(line)),
            let spec = row["spec"]?.stringValue, let query = row["q"]?.stringValue,
            let expected = row["expect"]?.arrayValue?.compactMap(\.stringValue), let engine = engines[spec]
        else { continue }
        let found = engine.search(query, limit: 5)
        let keys = found.map(\.endpoint.key)
        total += 1
        if let first = keys.first, expected.contains(first) { top1 += 1 }
        if keys.contains(where: expected.contains) {
            top5 += 1
        }
        if keys.first.map({ !expected.contains($0) }) ?? true {
            print(
                "miss@1 [\(spec)] \(query) → \(found.prefix(3).map { "\($0.endpoint.key) \(String(format: "%.2f", $0.score))" }.joined(separator: " | ")); want \(expected[0])"
            )
        }
    }
    print(
        String(
            format: "eval: %d queries  recall@1 %.3f  recall@5 %.3f", total, Double(top1) / Double(total),
            Double(top5) / Double(total)))
}

// Inspect sizes: the largest report per document.
for (name, _) in documents {
    guard let index = indexes[name] else { continue }
    let inspector = Inspector(index: index)
    var largest = (0, "")
    var sizes: [Int] = []
    for endpoint in index.endpoints {
        let report = try inspector.inspect(endpoint.key)
        sizes.append(report.text.count)
        if report.text.count > largest.0 { largest = (report.text.count, endpoint.key) }
    }
    let time = try measure(5) { for endpoint in index.endpoints { _ = try inspector.inspect(endpoint.key) } }
    print(
        String(
            format: "inspect %-8@ largest %5d chars (%@), median %5d, %.0f µs/op", name, largest.0, largest.1,
            sizes.sorted()[sizes.count / 2], time / Double(index.endpoints.count)))
}
if let key = ProcessInfo.processInfo.environment["SHOW"],
    let index = indexes[ProcessInfo.processInfo.environment["SPEC"] ?? "oss"]
{
    print(try Inspector(index: index).inspect(key).text)
}

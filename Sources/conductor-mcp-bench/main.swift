import ConductorMCPCore
import Foundation

// Prints figures for the core's hot paths on the three real documents, release build:
//   swift build -c release --product conductor-mcp-bench && .build/release/conductor-mcp-bench [specs-dir] [eval.jsonl...]
// Benchmarks are not tests: nothing here asserts a timing.

let arguments = CommandLine.arguments

/// Says what is wrong with the command line or its files on stderr and exits with 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}
if arguments.count > 1, ["-h", "--help", "help"].contains(arguments[1]) {
    print(
        """
        usage: conductor-mcp-bench [specs-dir] [eval.jsonl ...]   timings on the three documents, recall per eval file
               conductor-mcp-bench specs --fit dev.jsonl ...      fit the search weights on dev files
               conductor-mcp-bench score | json-suite ...         see Scoring.swift, JSONSuiteCheck.swift
        env: MISSES=1 (print dev misses), BY_SOURCE=1, WEIGHTS=name=value,..., FIT_EQUAL=1
        """)
    exit(0)
}
if arguments.count > 1, arguments[1] == "score" { scoreRankings(Array(arguments.dropFirst(2))) }
if arguments.count > 1, arguments[1] == "json-suite" { checkJSONSuite(Array(arguments.dropFirst(2))) }
let specsDirectory = arguments.count > 1 ? arguments[1] : "specs"
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
    guard let data = FileManager.default.contents(atPath: "\(specsDirectory)/\(file)") else {
        fail("cannot read \(specsDirectory)/\(file) (try --help)")
    }
    let bytes = [UInt8](data)
    var document: SpecDocument!
    let parse: Double
    do {
        parse = try measure(20) { document = try SpecParser.parse(bytes, source: file) }
    } catch {
        fail("\(specsDirectory)/\(file): \(error)")
    }
    var index: EndpointIndex!
    let build = measure(20) { index = EndpointIndex(document: document) }
    var engine: SearchEngine!
    let prepare = measure(20) { engine = SearchEngine(index: index) }
    let queries = ["start a workflow", "pause workflow", "get task logs", "list all event handlers", "delete a secret"]
    var sink = 0
    let search = measure(200) { for query in queries { sink &+= engine.search(query).count } } / Double(queries.count)
    // A query whose words match nothing takes the nearest-by-spelling path.
    let nearest = measure(200) { sink &+= engine.search("zzqx wvvk").count }
    print(
        String(
            format:
                "%-8@ %7d bytes  parse %7.0f µs  index %6.0f µs  search-prepare %6.0f µs  search %6.1f µs/query  nearest %6.1f µs  (%d ops, %d diagnostics)",
            name, bytes.count, parse, build, prepare, search, nearest, index.endpoints.count,
            index.diagnostics.count))
    engines[name] = engine
    indexes[name] = index
}

/// The rows of an evaluation file (the one evaluator, `SearchEvaluation`, reads them); an unreadable file is fatal.
func loadRows(_ path: String) -> [SearchEvaluation.Row] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        fail("cannot read \(path)")
    }
    do {
        return try SearchEvaluation.rows(jsonLines: text)
    } catch {
        fail("\(path): \(error)")
    }
}

/// Recall@1, recall@5 and the mean reciprocal rank of `engines` on `rows`, scored by `SearchEvaluation`; misses
/// printed when `verbose` (dev files only: the held-out test file is never read for its misses).
func recall(_ rows: [SearchEvaluation.Row], _ engines: [String: SearchEngine], verbose: Bool) -> (
    Double, Double, Double
) {
    var ranked = rows
    for index in ranked.indices {
        let row = ranked[index]
        ranked[index].keys = engines[row.spec]?.search(row.query, limit: 5).map(\.endpoint.key) ?? []
    }
    let evaluation = SearchEvaluation(ranked)
    if ProcessInfo.processInfo.environment["BY_SOURCE"] != nil {
        for (kind, figures) in evaluation.bySource.sorted(by: { $0.key < $1.key }) {
            print(
                String(
                    format: "  %@: %d queries, recall@1 %.3f, recall@5 %.3f", kind, figures.count,
                    figures.recallAt1, figures.recallAt5))
        }
    }
    if verbose {
        for row in evaluation.missesAtOne {
            let marker = row.keys.contains(where: row.expected.contains) ? "miss@1" : "miss@5"
            print(
                "\(marker) [\(row.spec)] \(row.query) → \(row.keys.prefix(3).joined(separator: " | ")); want \(row.expected[0])"
            )
        }
    }
    let total = evaluation.total
    return (total.recallAt1, total.recallAt5, total.meanReciprocalRank)
}

// conductor-mcp-bench SPECS EVAL...: recall per evaluation file (misses listed with MISSES=1, figures per source with
// BY_SOURCE=1; the held-out test file never lists its misses).
// conductor-mcp-bench SPECS --fit DEV...: coordinate descent of the search weights on the dev files only.
let evalArguments = Array(arguments.dropFirst(2))
// WEIGHTS="phrase=0.6,path=2.5" overrides scalar and field weights, for sweeps without a rebuild (dev files only).
var startWeights = SearchWeights.fitted
for pair in (ProcessInfo.processInfo.environment["WEIGHTS"] ?? "").split(separator: ",") {
    let parts = pair.split(separator: "=")
    guard parts.count == 2, let value = Double(parts[1]) else {
        fail("WEIGHTS: '\(pair)' is not name=number")
    }
    if let field = SearchField.allCases.first(where: { "\($0)" == parts[0] }) {
        startWeights.fields[field.rawValue] = value
    } else if SearchWeights.scalarNames.contains(String(parts[0])) {
        startWeights[scalar: String(parts[0])] = value
    } else {
        let names = SearchField.allCases.map { "\($0)" } + SearchWeights.scalarNames
        fail("WEIGHTS: no weight '\(parts[0])'; one of \(names.joined(separator: ", "))")
    }
}
if startWeights != SearchWeights.fitted {
    engines = indexes.mapValues { SearchEngine(index: $0, weights: startWeights) }
}
if evalArguments.first == "--fit" {
    guard evalArguments.count > 1 else {
        fail("--fit needs at least one dev file (try --help)")
    }
    let files = evalArguments.dropFirst().map(loadRows)
    let rows = files.flatMap { $0 }
    // Each file counts by its square root of queries: the larger sets weigh more, the small original set is not
    // drowned.
    func objective(_ weights: SearchWeights) -> Double {
        let engines = indexes.mapValues { SearchEngine(index: $0, weights: weights) }
        var total = 0.0
        var weightSum = 0.0
        for file in files {
            let (r1, r5, reciprocal) = recall(file, engines, verbose: false)
            // Recall first; the mean reciprocal rank breaks the plateaus between them.
            let weight = ProcessInfo.processInfo.environment["FIT_EQUAL"] != nil ? 1 : Double(file.count).squareRoot()
            total += weight * (r1 + 0.5 * r5 + 0.1 * reciprocal)
            weightSum += weight
        }
        return total / max(weightSum, 1)
    }
    let boosts: Set = [
        "resourceMatch", "resourceMention", "methodMatch", "askedScope", "summaryMatch", "collection", "givenName",
        "namedIdentifier", "allInPath",
    ]
    let penalties: Set = [
        "missedObject", "missedAction", "pluralSingleItem", "methodMismatch", "unmentionedPathWord", "unaskedScope",
        "singularCollection", "deprecated", "secondaryClause", "unaskedDelete",
    ]
    var best = startWeights
    var bestScore = objective(best)
    print(String(format: "fit on %d dev queries: start %.4f", rows.count, bestScore))
    for pass in 1...3 {
        for field in SearchField.allCases {
            for factor in [0.5, 0.75, 1.25, 1.5, 2.0] {
                var candidate = best
                candidate.fields[field.rawValue] *= factor
                let score = objective(candidate)
                if score > bestScore + 1e-9 {
                    (best, bestScore) = (candidate, score)
                    print(
                        String(
                            format: "pass %d %@ → %.3f: %.4f", pass, "\(field)", candidate.fields[field.rawValue], score
                        ))
                }
            }
        }
        for name in SearchWeights.scalarNames {
            for step in [-0.3, -0.15, -0.05, 0.05, 0.15, 0.3] {
                var candidate = best
                candidate[scalar: name] = max(0, best[scalar: name] + step)
                // BM25 keeps b within [0, 1] (past 1 a short field's norm turns negative) and k1 above 0.
                if name == "b", candidate.b > 1 { continue }
                if name == "k1", candidate.k1 < 0.1 { continue }
                if name == "coverage", candidate.coverage > 1 { continue }
                // A factor keeps its meaning: a bonus stays at 1 or above, a penalty at 1 or below.
                if boosts.contains(name), candidate[scalar: name] < 1 { continue }
                if penalties.contains(name), candidate[scalar: name] > 1 { continue }
                let score = objective(candidate)
                if score > bestScore + 1e-9 {
                    (best, bestScore) = (candidate, score)
                    print(String(format: "pass %d %@ → %.3f: %.4f", pass, name, candidate[scalar: name], score))
                }
            }
        }
    }
    print("fitted fields: \(best.fields.map { String(format: "%.3g", $0) }.joined(separator: ", "))")
    print(
        SearchWeights.scalarNames.map { "\($0): \(String(format: "%.3g", best[scalar: $0]))" }.joined(separator: ", "))
} else {
    for path in evalArguments {
        let rows = loadRows(path)
        // The held-out test set is only ever measured: its misses are not printed, whatever MISSES says.
        let showMisses = ProcessInfo.processInfo.environment["MISSES"] != nil && !path.contains("held-test")
        let (r1, r5, _) = recall(rows, engines, verbose: showMisses)
        // The file's Orkes queries on the Orkes document, in turn: the time per query over varied real phrasings.
        var sink = 0
        let orkesRows = rows.filter { $0.spec == "orkes" }
        // The engine is looked up once: a dictionary lookup per query would copy the engine's tables.
        let orkes = engines["orkes"]
        // PROFILE_REPETITIONS=N repeats the timing N times (for a profiler; the median is printed as always).
        let repetitions = Int(ProcessInfo.processInfo.environment["PROFILE_REPETITIONS"] ?? "") ?? 20
        let time = measure(repetitions) {
            for row in orkesRows { sink &+= orkes?.search(row.query, limit: 5).count ?? 0 }
        }
        print(
            String(
                format: "eval %@: %d queries  recall@1 %.3f  recall@5 %.3f  (Orkes: %d queries, %.1f µs/query)", path,
                rows.count, r1, r5, orkesRows.count, time / Double(max(orkesRows.count, 1))))
    }
}

// The JSON parser beside Foundation's, on the three documents' bytes.
compareJSONParsers(
    documents.map { name, file in
        (name, [UInt8](FileManager.default.contents(atPath: "\(specsDirectory)/\(file)") ?? Data()))
    })

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

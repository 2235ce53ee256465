import ConductorMCPCore
import Foundation

/// `conductor-mcp-bench score [--min-r1 R] [--min-r5 R] [--by-source] [--held-out] [--name NAME]`: scores rankings read from
/// stdin (one `{"spec", "q", "expect", "source", "keys"}` line per query) with `SearchEvaluation`, the evaluator every
/// search bar shares, and exits 1 when a bar is missed or a query got no result. `--held-out` (the test set, only
/// ever measured) prints the figures without the queries missed, so nobody tunes on them. The Python bar
/// (`Tests/Python/interop/search_eval.py`) ranks through the real server and pipes its rankings here.
func scoreRankings(_ arguments: [String]) -> Never {
    var minimumAt1 = 0.0
    var minimumAt5 = 0.0
    var bySource = false
    var heldOut = false
    var name = "stdin"
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        switch flag {
        case "--min-r1": minimumAt1 = rest.popFirst().flatMap(Double.init) ?? .infinity
        case "--min-r5": minimumAt5 = rest.popFirst().flatMap(Double.init) ?? .infinity
        case "--by-source": bySource = true
        case "--held-out": heldOut = true
        case "--name": name = rest.popFirst() ?? name
        default:
            fail("score: unknown argument \(flag)")
        }
    }
    let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    let rows: [SearchEvaluation.Row]
    do {
        rows = try SearchEvaluation.rows(jsonLines: input)
    } catch {
        fail("score: \(error)")
    }
    let evaluation = SearchEvaluation(rows)
    for row in evaluation.missesAtOne where !heldOut && !row.keys.isEmpty {
        print("miss@1 [\(row.spec)] \(row.query): got \(row.keys.prefix(3)), want \(row.expected[0])")
    }
    for row in evaluation.empty {
        print(heldOut ? "EMPTY: a query got no result at all" : "EMPTY [\(row.spec)] \(row.query): no result at all")
    }
    if bySource {
        for (kind, figures) in evaluation.bySource.sorted(by: { $0.key < $1.key }) {
            print(
                String(
                    format: "  %@: %d queries, recall@1 %.3f, recall@5 %.3f", kind, figures.count, figures.recallAt1,
                    figures.recallAt5))
        }
    }
    let total = evaluation.total
    print(
        String(
            format: "search eval %@: %d queries, recall@1 %.3f, recall@5 %.3f", name, total.count, total.recallAt1,
            total.recallAt5))
    let passed = total.recallAt1 >= minimumAt1 && total.recallAt5 >= minimumAt5 && evaluation.empty.isEmpty
    exit(passed ? 0 : 1)
}

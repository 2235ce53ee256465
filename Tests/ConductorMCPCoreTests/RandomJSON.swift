import Foundation
import Testing

@testable import ConductorMCPCore

/// A small deterministic generator (SplitMix64), so generated inputs are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random JSON value: objects with identity/status/payload names, tables, lists, long strings, nulls.
func randomJSON(_ generator: inout SeededGenerator, depth: Int, breadth: Int) -> JSONValue {
    let names = [
        "id", "name", "status", "reason", "payload", "inputData", "taskId", "count", "note", "items", "x y", "",
    ]
    let choice = depth > 4 ? Int.random(in: 0...3, using: &generator) : Int.random(in: 0...7, using: &generator)
    switch choice {
    case 0: return .null
    case 1: return .int(Int.random(in: -1000...1_000_000, using: &generator))
    case 2:
        let length = [0, 3, 40, 300, 3000][Int.random(in: 0...4, using: &generator)]
        return .string(String(repeating: "ab|c, d\n", count: length / 8 + 1))
    case 3: return .bool(Bool.random(using: &generator))
    case 4, 5:
        var object = JSONObject()
        for index in 0..<max(breadth, 1) {
            let name = names[Int.random(in: 0..<names.count, using: &generator)] + (index > 5 ? "\(index)" : "")
            object[name] = randomJSON(&generator, depth: depth + 1, breadth: breadth / 3)
        }
        return .object(object)
    case 6:
        // A table-like array.
        let rows = Int.random(in: 2...(breadth * 4 + 2), using: &generator)
        return .array(
            (0..<rows).map { row in
                [
                    "id": .string("row-\(row)"), "status": row % 7 == 0 ? "FAILED" : "OK",
                    "data": randomJSON(&generator, depth: depth + 2, breadth: 2),
                ]
            })
    default:
        return .array(
            (0..<Int.random(in: 0...breadth, using: &generator)).map { _ in
                randomJSON(&generator, depth: depth + 1, breadth: breadth / 3)
            })
    }
}

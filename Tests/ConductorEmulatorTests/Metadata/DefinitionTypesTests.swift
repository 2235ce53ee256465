import ConductorMCPCore
import Testing

@testable import ConductorEmulator

@Suite("Definition field types, read as Jackson reads them")
struct DefinitionTypesTests {
    @Test("numbers, numeric strings, floats and null read as an int; words, objects, arrays and overflow do not")
    func ints() {
        for value: JSONValue in [5, "7", 1.9, .null] { #expect(DefinitionTypes.problem(value, .int) == nil) }
        #expect(DefinitionTypes.problem("abc", .int)?.contains("from String \"abc\": not a valid `int` value") == true)
        #expect(DefinitionTypes.problem(.int(Int(Int32.max) + 1), .int)?.contains("out of range of int") == true)
        #expect(DefinitionTypes.problem(.int(Int(Int32.max) + 1), .long) == nil)
        #expect(DefinitionTypes.problem([:], .long)?.contains("Object value") == true)
        #expect(DefinitionTypes.problem([1], .int)?.contains("Array value") == true)
        #expect(DefinitionTypes.problem("yes", .boolean)?.contains("only \"true\" or \"false\"") == true)
    }

    @Test("a definition with a field Jackson cannot read is Conductor's 500 JSON parse error, tasks included")
    func definitions() {
        #expect(throws: ConductorError.self) {
            try DefinitionTypes.check(taskDef: ["name": "t", "retryCount": "abc"])
        }
        #expect(throws: ConductorError.self) {
            try DefinitionTypes.check(workflowDef: ["name": "w", "tasks": [["name": "a", "startDelay": [:]]]])
        }
        #expect(throws: Never.self) {
            try DefinitionTypes.check(taskDef: ["name": "t", "retryCount": "3", "unknown": [:]])
        }
    }
}

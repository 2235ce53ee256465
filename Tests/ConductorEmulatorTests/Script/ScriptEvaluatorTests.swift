import ConductorEmulator
import ConductorMCPCore
import Foundation
import Testing

@Suite("JavaScript subset for conditions and INLINE scripts")
struct ScriptEvaluatorTests {
    let evaluator = ScriptEvaluator()
    let input: JSONValue = ["a": 2, "b": 3, "name": "Ada", "items": [1, 2, 3], "nested": ["ok": true, "score": 0.75]]

    @Test("arithmetic, comparison, logic and ternary follow JavaScript precedence")
    func expressions() throws {
        #expect(try evaluator.evaluate("$.a + $.b * 2", input: input) == 8)
        #expect(try evaluator.evaluate("($.a + $.b) * 2", input: input) == 10)
        #expect(try evaluator.evaluate("7 / 2", input: input) == 3.5)
        #expect(try evaluator.evaluate("$.a > 1 && !($.b == 4) ? 'yes' : 'no'", input: input) == "yes")
        #expect(try evaluator.evaluate("$['nested'].score >= 0.8 || $.items.length == 3", input: input) == true)
        #expect(try evaluator.evaluate("'n=' + $.a", input: input) == "n=2")
        #expect(try evaluator.evaluate("$.a == '2'", input: input) == true)
        #expect(try evaluator.evaluate("$.a === '2'", input: input) == false)
        #expect(try evaluator.evaluate("$.missing == null", input: input) == true)
    }

    @Test("if/else, var and an immediately called function answer a value")
    func statements() throws {
        #expect(try evaluator.evaluate("if ($.a < 5) { true; } else { false; }", input: input) == true)
        let script = "(function () { var total = $.a + $.b; if (total > 4) { return 'big'; } return 'small'; })()"
        #expect(try evaluator.evaluate(script, input: input) == "big")
        #expect(try evaluator.evaluate("var x = $.name.toUpperCase(); x + '!'", input: input) == "ADA!")
        #expect(try evaluator.evaluate("Math.max($.a, $.b, 1)", input: input) == 3)
        #expect(
            try evaluator.evaluate("({total: $.a + $.b, who: $.name})", input: input) == ["total": 5, "who": "Ada"])
    }

    @Test("a script outside the subset is refused with a reason naming the construct")
    func unsupported() {
        #expect(throws: ScriptError.self) { try evaluator.evaluate("for (var i = 0; i < 3; i++) {}", input: input) }
        do {
            _ = try evaluator.evaluate("$.items.map(function (x) { return x; })", input: input)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.localizedDescription.contains("does not support"))
        }
        #expect(throws: ScriptError.self) { try evaluator.evaluate("new Date()", input: input) }
        #expect(throws: ScriptError.self) { try evaluator.evaluate("$.a +", input: input) }
    }

    @Test("conditions use JavaScript truthiness")
    func truthiness() throws {
        #expect(try evaluator.evaluateCondition("$.missing", input: input) == false)
        #expect(try evaluator.evaluateCondition("''", input: input) == false)
        #expect(try evaluator.evaluateCondition("$.items", input: input) == true)
        #expect(try evaluator.evaluateCondition("0", input: input) == false)
    }

    @Test("a long flat expression and deep nesting are evaluated or refused, never crash")
    func bounds() throws {
        let chain = Array(repeating: "1", count: 150).joined(separator: "+")
        #expect(try evaluator.evaluate(chain, input: input) == 150)
        let long = Array(repeating: "1", count: 9_000).joined(separator: "+")
        #expect(throws: ScriptError.self) { try evaluator.evaluate(long, input: input) }
        let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect(throws: ScriptError.self) { try evaluator.evaluate(deep, input: input) }
        let tooLong = String(repeating: " ", count: ScriptEvaluator.maxSourceLength + 1)
        #expect(throws: ScriptError.self) { try evaluator.evaluate(tooLong, input: input) }
    }
}

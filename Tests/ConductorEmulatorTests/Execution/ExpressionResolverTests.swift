import ConductorMCPCore
import Testing

@testable import ConductorEmulator

@Suite("Expression resolution")
struct ExpressionResolverTests {
    let resolver = ExpressionResolver(context: [
        "workflow": ["input": ["order": ["id": 7, "items": ["a", "b"]], "name": "ada"], "workflowId": "wf-1"],
        "fetch": ["output": ["body": ["ok": true]]],
    ])

    @Test("a whole-string reference keeps the referenced JSON type")
    func typedReference() {
        #expect(resolver.resolve("${workflow.input.order}") == ["id": 7, "items": ["a", "b"]])
        #expect(resolver.resolve("${workflow.input.order.id}") == 7)
        #expect(resolver.resolve("${fetch.output.body.ok}") == true)
        #expect(resolver.resolve("${workflow.input.order.items[1]}") == "b")
    }

    @Test("references inside text are spliced in; unknown ones become null")
    func splicing() {
        #expect(resolver.resolve("order ${workflow.input.order.id} for ${workflow.input.name}") == "order 7 for ada")
        #expect(resolver.resolve("${workflow.input.missing}") == .null)
        #expect(resolver.resolve("x=${nope.output.y}") == "x=null")
    }

    @Test("maps and lists resolve at every depth; $${ escapes")
    func nesting() {
        let template: JSONValue = ["a": ["${workflow.workflowId}", 1], "b": ["c": "$${literal}"]]
        #expect(resolver.resolve(template) == ["a": ["wf-1", 1], "b": ["c": "${literal}"]])
    }

    @Test("a value that would nest past the parser's limit is not spliced in, and the string says why")
    func tooDeep() {
        var deep: JSONValue = 1
        for _ in 0..<600 { deep = .array([deep]) }
        let resolver = ExpressionResolver(context: ["workflow": ["input": ["deep": deep, "ok": [[1]]]]])
        #expect(resolver.resolve(["v": "${workflow.input.ok}"]) == ["v": [[1]]])
        let refused = resolver.resolve(["v": "${workflow.input.deep}"])["v"]?.stringValue ?? ""
        #expect(refused.hasSuffix("not resolved: the value would nest deeper than 512 levels"))
        #expect(!deep.nests(deeperThan: 600) && deep.nests(deeperThan: 599))
    }
}

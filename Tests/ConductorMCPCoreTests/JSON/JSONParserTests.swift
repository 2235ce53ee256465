import ConductorMCPCore
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("keeps object members in document order")
    func order() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": 2, "m": {"y": true, "b": null}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["m"]?.objectValue?.keys == ["y", "b"])
    }

    @Test("tells integers, doubles, booleans and null apart")
    func scalars() throws {
        let value = try JSONParser.parse(#"[1, -2, 1.5, 1e3, true, false, null, 9007199254740993]"#)
        #expect(value == [1, -2, 1.5, 1000.0, true, false, nil, .int(9_007_199_254_740_993)])
    }

    @Test("decodes escapes, including surrogate pairs")
    func escapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\né😀"))
    }

    @Test("reports the line and column of a syntax error")
    func syntaxError() {
        #expect(throws: JSONParser.SyntaxError(message: "expected a member name in double quotes", line: 3, column: 3))
        {
            try JSONParser.parse("{\n  \"a\": 1,\n  }")
        }
    }

    @Test("rejects trailing text, control characters and unterminated strings")
    func rejects() {
        for text in ["{} x", "\"a\u{01}\"", "\"abc", "[1,]", "tru", "-", "{\"a\" 1}"] {
            #expect(throws: JSONParser.SyntaxError.self, "\(text)") { try JSONParser.parse(text) }
        }
    }

    @Test("round-trips through jsonText")
    func roundTrip() throws {
        let text = #"{"b":[1,2.5,"x\n\"y\""],"a":{"c":null,"d":false}}"#
        #expect(try JSONParser.parse(text).jsonText == text)
    }

    @Test("refuses nesting deeper than its limit instead of overflowing the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(deep) }
    }
}

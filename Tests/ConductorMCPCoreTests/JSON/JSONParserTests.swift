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

    @Test("reads every lone surrogate as U+FFFD, also one followed by another escape")
    func loneSurrogates() throws {
        #expect(try JSONParser.parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\udfff x""#) == .string("\u{FFFD} x"))
        #expect(try JSONParser.parse(#""\ud800\ud800\udfff""#) == .string("\u{FFFD}\u{103FF}"))
        #expect(try JSONParser.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#""\ud800\u12""#) }
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

    @Test("follows RFC 8259's number grammar: no leading zeros, digits after '.' and in exponents")
    func numberGrammar() throws {
        for text in ["01", "-01", "-", "1.", "-2.", "0.e1", "2.e+3", "2.e3", "1e", "1e+", ".5", "+1", "- 1"] {
            #expect(throws: JSONParser.SyntaxError.self, "\(text)") { try JSONParser.parse(text) }
        }
        #expect(try JSONParser.parse("0") == .int(0))
        #expect(try JSONParser.parse("-0.5e-3") == .double(-0.0005))
        #expect(try JSONParser.parse("[10,1E2]") == [10, 100.0])
    }

    @Test("refuses invalid UTF-8 in strings instead of replacing it")
    func invalidUTF8() throws {
        let quote: UInt8 = 0x22
        for bad: [UInt8] in [
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0x80],
        ] {
            #expect(throws: JSONParser.SyntaxError.self, "\(bad)") { try JSONParser.parse([quote] + bad + [quote]) }
            #expect(throws: JSONParser.SyntaxError.self, "\(bad)") {
                try JSONParser.parse([quote, 0x5C, 0x6E] + bad + [quote])
            }
        }
        #expect(try JSONParser.parse(Array("\"é€😀\"".utf8)) == "é€😀")
        #expect(try JSONParser.parse(Array("\"\\né€😀\"".utf8)) == "\né€😀")
    }
}

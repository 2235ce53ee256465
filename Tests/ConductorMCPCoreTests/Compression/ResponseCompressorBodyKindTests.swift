import Foundation
import Testing

@testable import ConductorMCPCore

/// Behaviours of the compressor that a plausible bug would break.
@Suite("ResponseCompressor: text, HTML, binary and broken bodies")
struct ResponseCompressorBodyKindTests {
    let compressor = ResponseCompressor()

    @Test("a text/plain id passes through exactly")
    func textPlain() {
        let output = compressor.compress(
            body: Array("  abc-123\n".utf8), contentType: "text/plain", truncatedAt: nil, options: .init())
        #expect(output.text == "abc-123")
        #expect(output.json == nil)
    }

    @Test("a text, HTML or broken-JSON answer sends no terminal escape or bidi mark: U+FFFD, with a note")
    func hiddenCharactersInText() {
        let hostile = "ok\u{1B}]0;pwned\u{7}\u{1B}[2J line\rforged\u{202E}txt.exe\tend"
        for (type, body) in [
            ("text/plain", hostile), ("text/html", "<html><body><p>\(hostile)</p></body></html>"),
            ("application/json", "{\"a\": \(hostile)"),
        ] {
            let output = compressor.compress(
                body: Array(body.utf8), contentType: type, truncatedAt: nil, options: .init())
            let hidden = output.text.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x202E
            }
            #expect(hidden.isEmpty, "\(type): \(output.text.debugDescription)")
            #expect(output.text.contains("\u{FFFD}") && output.text.contains("shown as U+FFFD"), "\(type)")
        }
        let plain = compressor.compress(
            body: Array("line one\r\nline two\tend".utf8), contentType: "text/plain", truncatedAt: nil,
            options: .init())
        #expect(plain.text == "line one\nline two\tend")
    }

    @Test(
        "an upstream's JSON (an error message, a string) reaches the agent with no escape, separator or tag character")
    func hiddenCharactersInJSONAnswers() async {
        let hostile = "boom\u{1B}[2J\u{7}\u{202E}gnp.exe\u{2028}forged\u{85}line\u{200B}\u{FEFF}\u{E0041}"
        let body = JSONValue.object(JSONObject([("message", .string(hostile)), ("status", 500)])).jsonText
        for status in [200, 500] {
            let transport = FakeTransport(fallback: { _ in .response(.json(status, body)) })
            let outcome = await InvokeTest.invoker(transport: transport).invoke(
                InvokeArguments(endpoint: "GET /api/items/{itemId}", params: ["itemId": "i"]))
            let shown = outcome.text + outcome.structured.jsonText
            let hidden = shown.unicodeScalars.filter { SpecText.isHidden($0, keepLineBreaks: true) }
            #expect(hidden.isEmpty, "\(status): \(outcome.text.debugDescription)")
            #expect(outcome.text.contains("boom"))
        }
        // CR LF in a JSON string is one line break, not two.
        let crlf = JSONValue.object(JSONObject([("message", "line one\r\nline two"), ("status", 500)])).jsonText
        for status in [200, 500] {
            let transport = FakeTransport(fallback: { _ in .response(.json(status, crlf)) })
            let outcome = await InvokeTest.invoker(transport: transport).invoke(
                InvokeArguments(endpoint: "GET /api/items/{itemId}", params: ["itemId": "i"]))
            #expect(!outcome.text.contains("line one\n\nline two"), "\(outcome.text.debugDescription)")
            #expect(!outcome.structured.jsonText.contains(#"line one\n\nline two"#))
        }
    }

    @Test("numbers a double cannot hold as written are counted in a note; ordinary ones are not")
    func inexactNumbers() {
        let body =
            #"{"big": 123456789012345678901234567890, "huge": 1e400, "tiny": -1e-99999999, "zero": 0e5, "#
            + #""ok": 9223372036854775807, "pi": 3.14159, "small": 1e-300}"#
        let output = compressor.compress(
            body: Array(body.utf8), contentType: "application/json", truncatedAt: nil, options: .init())
        #expect(output.text.contains("3 numbers in the body do not fit"), "\(output.text)")
        #expect(output.text.contains("9223372036854775807"))
        let plain = compressor.compress(
            body: Array(#"{"a": 1.5, "b": -0.0, "c": 1e10}"#.utf8), contentType: "application/json", truncatedAt: nil,
            options: .init())
        #expect(!plain.text.contains("do not fit"), "\(plain.text)")
    }

    @Test("the advice to raise max_chars never names more than the tool takes")
    func adviceWithinCeiling() {
        func advice(items: Int) -> String {
            let body =
                "["
                + (0..<items).map { #"{"id": "item-\#($0)", "note": "\#(String(repeating: "x", count: 60))-\#($0)"}"# }
                .joined(separator: ",") + "]"
            return compressor.compress(
                body: Array(body.utf8), contentType: "application/json", truncatedAt: nil, options: .init()
            ).text
        }
        #expect(advice(items: 300).contains("maxChars=24000"), "\(advice(items: 300).suffix(400))")
        #expect(!advice(items: 300).contains("the most"))
        let huge = advice(items: 5_000)
        #expect(huge.contains("even maxChars=200000, the most, cannot show all"), "\(huge.suffix(400))")
    }

    @Test("JSON is recognised by application/*+json and by sniffing a missing content type")
    func jsonContentTypes() {
        let body = Array(#"{"status":404,"message":"not found"}"#.utf8)
        for type in ["application/problem+json", "application/json; charset=utf-8", "APPLICATION/JSON", nil, ""] {
            let output = compressor.compress(body: body, contentType: type, truncatedAt: nil, options: .init())
            #expect(output.text == "status: 404\nmessage: not found", "\(type ?? "nil")")
        }
        let plain = compressor.compress(body: body, contentType: "text/plain", truncatedAt: nil, options: .init())
        #expect(plain.json == nil)
    }

    @Test("a body in the charset its Content-Type declares is decoded to UTF-8, and the answer says so")
    func declaredCharset() {
        let latin1: [UInt8] = Array(#"{"name":"caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        let output = compressor.compress(
            body: latin1, contentType: "application/json; charset=ISO-8859-1", truncatedAt: nil, options: .init())
        #expect(output.json?["name"] == "café", "\(output.text)")
        #expect(output.elided.contains { $0.contains("decoded from iso-8859-1") }, "\(output.elided)")
        let utf16 = Array(#"{"a":"b"}"#.data(using: .utf16BigEndian)!)
        let decoded = compressor.compress(
            body: utf16, contentType: "application/json;charset=utf-16be", truncatedAt: nil, options: .init())
        #expect(decoded.json?["a"] == "b", "\(decoded.text)")
        let unknown = compressor.compress(
            body: Array(#"{"a":1}"#.utf8), contentType: "application/json; charset=koi8-r", truncatedAt: nil,
            options: .init())
        #expect(unknown.json?["a"] == 1)
        #expect(unknown.elided.contains { $0.contains("koi8-r") })
    }

    @Test("an empty body says so")
    func emptyBody() {
        let output = compressor.compress(body: [], contentType: "application/json", truncatedAt: nil, options: .init())
        #expect(output.text == "(empty body)")
        let blank = compressor.compress(body: Array("  \n".utf8), contentType: nil, truncatedAt: nil, options: .init())
        #expect(blank.text == "(empty body: 3 whitespace bytes)")
    }

    @Test("invalid JSON labelled JSON says so first, then shows the body as text, never empty")
    func invalidJSONNote() {
        let output = compressor.compress(
            body: Array("{\"a\": tru".utf8), contentType: "application/json", truncatedAt: nil, options: .init())
        #expect(
            output.text
                == "The body is labelled application/json but is not valid JSON (line 1, column 7: "
                + "unexpected end of document). Its start, as text:\n{\"a\": tru")
        #expect(output.json == nil)
    }

    @Test("JSON nested past the parser's depth is said to be too deep, not invalid")
    func tooDeep() {
        let body = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let output = compressor.compress(
            body: Array(body.utf8), contentType: "application/json", truncatedAt: nil, options: .init())
        #expect(output.text.hasPrefix("The body is labelled application/json JSON nesting deeper than 512 levels"))
        #expect(!output.text.contains("not valid JSON"))
    }

    @Test("a body cut by the HTTP layer is flagged in the footer")
    func truncatedBody() {
        let output = compressor.compress(
            body: Array(#"{"id":"x"}"#.utf8), contentType: "application/json", truncatedAt: 10, options: .init())
        #expect(
            output.text.hasSuffix(
                "- the HTTP layer cut the body at 10 bytes; what follows is its start only"))
    }

    @Test("long text is cut to the budget with a count of what is missing")
    func longText() {
        let text = String(repeating: "0123456789", count: 2000)
        var options = ResponseCompressor.Options(maxChars: 1000)
        options.names.maxChars = "max_chars"  // as the host names its budget
        let output = compressor.compress(
            body: Array(text.utf8), contentType: "text/plain", truncatedAt: nil, options: options)
        #expect(output.text.count <= 1000)
        #expect(output.text.hasPrefix("0123456789"))
        #expect(
            output.text.contains("text cut to fit max_chars=1000 (20000 chars in all); raise max_chars to read more"))
    }

    @Test("HTML keeps the title and text, and drops scripts, styles and tags")
    func html() {
        let page =
            "<html><head><title>Oops &amp; sorry</title><script>var x = 1;</script></head>"
            + "<body><h1>Bad&nbsp;Gateway</h1><p>upstream   <b>conductor</b>\n refused</p><style>p{}</style></body></html>"
        let output = compressor.compress(
            body: Array(page.utf8), contentType: "text/html", truncatedAt: nil, options: .init())
        #expect(output.text.hasPrefix("title: Oops & sorry\nBad Gateway\nupstream conductor refused\n--- notes:"))
        #expect(!output.text.contains("var x"))
    }

    @Test("binary bodies are described, not dumped")
    func binary() {
        let output = compressor.compress(
            body: [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF], contentType: "image/png", truncatedAt: nil, options: .init())
        #expect(output.text == "(6 bytes of image/png; binary content not shown)")
    }
}

import Testing

@testable import ConductorMCPCore

@Suite("Request encoding")
struct RequestEncodingTests {
    private func url(_ params: JSONObject, endpoint: String = "GET /api/items/{itemId}") async -> String? {
        let (request, outcome) = await InvokeTest.sent(endpoint, params: params)
        #expect(!outcome.isError, "\(outcome.text)")
        return request?.url
    }

    @Test("a plain path parameter is substituted into the path")
    func plainPath() async {
        #expect(await url(["itemId": "abc-123"]) == "http://conductor.test:8080/api/items/abc-123")
    }

    @Test(
        "traversal in a path parameter stays inside one segment",
        arguments: [
            ("../admin", "..%2Fadmin"),
            ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd"),
            ("a/b", "a%2Fb"),
            ("x?admin=true", "x%3Fadmin%3Dtrue"),
            ("x#frag", "x%23frag"),
            ("%2e%2e", "%252e%252e"),
            ("%2F", "%252F"),
            ("http://evil.example/x", "http%3A%2F%2Fevil.example%2Fx"),
            ("//evil.example", "%2F%2Fevil.example"),
            ("a b+c", "a%20b%2Bc"),
            ("é;x\\y", "%C3%A9%3Bx%5Cy"),
        ])
    func pathTraversal(value: String, encoded: String) async {
        let result = await url(["itemId": .string(value)])
        #expect(result == "http://conductor.test:8080/api/items/\(encoded)")
    }

    @Test(
        "dot segments are refused as path values, since servers resolve them after decoding",
        arguments: [".", "..", "..."])
    func dotSegments(value: String) async {
        let (request, outcome) = await InvokeTest.sent("GET /api/items/{itemId}", params: ["itemId": .string(value)])
        #expect(request == nil)
        #expect(outcome.isError)
        #expect(InvokeTest.locations(outcome) == ["params.itemId"])
    }

    @Test("path parameters follow their style: simple, label and matrix, exploded or not (OpenAPI's table)")
    func pathStyles() throws {
        let array: JSONValue = [3, 4, 5]
        let object: JSONValue = .object(JSONObject([("R", 100), ("G", 200)]))
        func encoded(_ value: JSONValue, _ style: String?, _ explode: Bool) throws -> String {
            try ParameterEncoding.pathValue(value, name: "id", style: style, explode: explode).get()
        }
        #expect(try encoded(5, nil, false) == "5")
        #expect(try encoded(array, "simple", false) == "3,4,5")
        #expect(try encoded(object, "simple", true) == "R=100,G=200")
        #expect(try encoded(5, "label", false) == ".5")
        #expect(try encoded(array, "label", false) == ".3,4,5")
        #expect(try encoded(array, "label", true) == ".3.4.5")
        #expect(try encoded(object, "label", false) == ".R,100,G,200")
        #expect(try encoded(object, "label", true) == ".R=100.G=200")
        #expect(try encoded(5, "matrix", false) == ";id=5")
        #expect(try encoded(array, "matrix", false) == ";id=3,4,5")
        #expect(try encoded(array, "matrix", true) == ";id=3;id=4;id=5")
        #expect(try encoded(object, "matrix", false) == ";id=R,100,G,200")
        #expect(try encoded(object, "matrix", true) == ";R=100;G=200")
        #expect(throws: ParameterEncoding.PathValueError.self) { try encoded("..", "label", false) }
    }

    @Test("an empty path value is refused")
    func emptyPath() async {
        let (request, outcome) = await InvokeTest.sent("GET /api/items/{itemId}", params: ["itemId": ""])
        #expect(request == nil)
        #expect(InvokeTest.problems(outcome).first?.contains("empty") == true)
    }

    @Test("every path parameter is placed and encoded, numbers without a fraction")
    func twoPathParams() async {
        let result = await url(["a": "x/y", "b": 7.0], endpoint: "GET /api/things/{a}/{b}")
        #expect(result == "http://conductor.test:8080/api/things/x%2Fy/7")
    }

    @Test("query arrays repeat the key with form explode, and join with commas when explode is false")
    func queryArrays() async {
        let result = await url(["itemId": "i", "tags": ["a", "b c"], "ids": [1, 2, 3]])
        #expect(result == "http://conductor.test:8080/api/items/i?tags=a&tags=b%20c&ids=1,2,3")
    }

    @Test("query booleans are true/false, numbers drop a needless .0, reserved characters are encoded")
    func queryScalars() async {
        let result = await url(["itemId": "i", "version": 2.0, "flag": false, "ratio": 0.5, "status": "OPEN"])
        #expect(result == "http://conductor.test:8080/api/items/i?version=2&flag=false&ratio=0.5&status=OPEN")
        let injected = await url(["itemId": "i", "tags": "a&admin=1#x"])
        #expect(injected == "http://conductor.test:8080/api/items/i?tags=a%26admin%3D1%23x")
    }

    @Test("deepObject query parameters become name[key]=value")
    func deepObject() async {
        let result = await url(["itemId": "i", "filter": ["owner": "me", "state": "a b"]])
        #expect(result == "http://conductor.test:8080/api/items/i?filter%5Bowner%5D=me&filter%5Bstate%5D=a%20b")
    }

    @Test("header parameters become headers; cookie parameters one Cookie header")
    func headersAndCookies() async {
        let (request, _) = await InvokeTest.sent(
            "GET /api/items/{itemId}", params: ["itemId": "i", "X-Trace": "t-1", "session": "s; x=1"])
        #expect(request?.header("X-Trace") == "t-1")
        #expect(request?.header("Cookie") == "session=s%3B%20x%3D1")
    }

    @Test(
        "a header value with CR or LF is refused and nothing is sent",
        arguments: [
            "a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u{0}b",
        ])
    func headerInjection(value: String) async {
        let (request, outcome) = await InvokeTest.sent(
            "GET /api/items/{itemId}", params: ["itemId": "i", "X-Trace": .string(value)])
        #expect(request == nil)
        #expect(outcome.isError)
        #expect(InvokeTest.locations(outcome) == ["params.X-Trace"])
    }

    @Test("a JSON body is sent compact with the spec's content type")
    func jsonBody() async {
        let (request, outcome) = await InvokeTest.sent(
            "POST /api/nodes", body: ["name": "n", "children": [["name": "c"]]])
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(request?.header("Content-Type") == "application/json")
        #expect(request?.body.map { String(decoding: $0, as: UTF8.self) } == #"{"name":"n","children":[{"name":"c"}]}"#)
    }

    @Test("a string body under application/json goes as raw text, as Spring's @RequestBody String expects")
    func stringBody() async {
        let (request, _) = await InvokeTest.sent(
            "POST /api/items/{itemId}/log", params: ["itemId": "t1"], body: "worker \"7\" started")
        #expect(request?.body.map { String(decoding: $0, as: UTF8.self) } == #"worker "7" started"#)
        #expect(request?.header("Content-Type") == "application/json")
    }

    @Test("a text/plain body is sent raw with a UTF-8 charset")
    func textBody() async {
        let (request, outcome) = await InvokeTest.sent("PUT /api/env/{key}", params: ["key": "k"], body: "héllo")
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(request?.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(request?.body == Array("héllo".utf8))
    }

    @Test("Accept asks for JSON and text, since Conductor answers some calls as text/plain")
    func acceptHeader() async {
        let (request, _) = await InvokeTest.sent("DELETE /api/items/{itemId}", params: ["itemId": "i"])
        #expect(request?.header("Accept")?.hasPrefix("application/json, text/plain") == true)
        #expect(request?.body == nil)
        #expect(request?.header("Content-Type") == nil)
    }

    @Test("percent-encoding keeps only unreserved characters")
    func percentEncoding() {
        #expect(ParameterEncoding.percentEncoded("AZaz09-._~") == "AZaz09-._~")
        #expect(
            ParameterEncoding.percentEncoded(" !\"#$%&'()*+,/:;=?@[]")
                == "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D")
        #expect(ParameterEncoding.percentEncoded("\n") == "%0A")
    }
}

@Suite("Request encoding: document gaps")
struct RequestEncodingGapTests {
    @Test(
        "a path placeholder the document does not declare (the index declares it) is filled from params, encoded, or reported missing"
    )
    func undeclaredPlaceholder() async {
        let (request, outcome) = await InvokeTest.sent("GET /api/undeclared/{ref}", params: ["ref": "a/b"])
        #expect(!outcome.isError, "\(outcome.text)")
        #expect(request?.url == "http://conductor.test:8080/api/undeclared/a%2Fb")
        let (none, missing) = await InvokeTest.sent("GET /api/undeclared/{ref}")
        #expect(none == nil)
        #expect(InvokeTest.problems(missing) == ["params.ref: required path parameter missing (string)"])
    }
}

import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

/// A small document with the hostile shapes a server we do not control could serve.
private func hostileIndex(extraPaths: String = "") throws -> EndpointIndex {
    let text = """
        {"openapi": "3.0.1", "info": {"title": "hostile", "version": "1"}, "paths": {
          "@127.0.0.1:18999/api/at": {"get": {"operationId": "atHost", "responses": {"200": {"description": "ok"}}}},
          ".evil.example/api/x": {"get": {"operationId": "dotHost", "responses": {"200": {"description": "ok"}}}},
          "/api/../admin": {"get": {"operationId": "dots", "responses": {"200": {"description": "ok"}}}},
          "/api/%2e%2E/admin": {"get": {"operationId": "encodedDots", "responses": {"200": {"description": "ok"}}}},
          "//other.example/x": {"get": {"operationId": "emptySegment", "responses": {"200": {"description": "ok"}}}},
          "/api/arr/{p}": {"get": {"operationId": "arrayParam", "parameters": [
             {"name": "p", "in": "path", "required": true, "schema": {"type": "array", "items": {"type": "string"}}}],
             "responses": {"200": {"description": "ok"}}}},
          "/api/any/{p}": {"get": {"operationId": "untypedParam", "parameters": [
             {"name": "p", "in": "path", "required": true}], "responses": {"200": {"description": "ok"}}}},
          "/api/ok/{id}": {"get": {"operationId": "plain", "parameters": [
             {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
             "responses": {"200": {"description": "ok"}}}}\(extraPaths)
        }, "components": {"schemas": {"Weird": {"type": "bogus"}, "Empty": {"type": []}}}}
        """
    return EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "hostile.json"))
}

@Suite("Hostile documents, arguments and upstreams")
struct HostileInputTests {
    @Test("a spec path that could change the host is an error diagnostic and its operation is left out")
    func unsafePaths() throws {
        let index = try hostileIndex()
        let unsafe = index.diagnostics.filter { $0.kind == "unsafe-path" }
        #expect(unsafe.count == 5)
        #expect(unsafe.allSatisfy { $0.severity == .error })
        #expect(index.endpoint(named: "atHost") == nil)
        #expect(index.endpoint(named: "dotHost") == nil)
        #expect(index.endpoint(named: "dots") == nil)
        #expect(index.endpoint(named: "encodedDots") == nil)
        #expect(index.endpoint(named: "emptySegment") == nil)
        #expect(index.endpoint(named: "plain") != nil)
        #expect(SpecReport(index: index).hasErrors)
        #expect(SpecReport(index: try Fixtures.real("orkes")).hasErrors == false)
    }

    @Test("a spec path the server routes as another (escapes, matrix parameters) or with stray braces is left out")
    func pathsTheServerRewrites() throws {
        let ok = #"{"get": {"responses": {"200": {"description": "ok"}}}}"#
        let paths = [
            "/api/%73ecrets/{key}", "/api;/secrets/{key}", "/api/secrets;x=1/{key}", "/api/{{a}}", "/api/{a",
            "/api/a}", "/api/{}", "/api/{a/b}",
        ]
        let extra = paths.map { ", \"\($0)\": \(ok)" }.joined()
        let index = try hostileIndex(extraPaths: extra)
        let unsafe = index.diagnostics.filter { $0.kind == "unsafe-path" }
        #expect(unsafe.count == 5 + paths.count)
        for path in paths {
            #expect(!index.endpoints.contains { $0.path == path }, "\(path)")
            #expect(EndpointIndexBuilder.pathProblem(path) != nil, "\(path)")
        }
        #expect(EndpointIndexBuilder.pathProblem("/api/metadata/workflow/{name}/{version}") == nil)
        #expect(EndpointIndexBuilder.pathProblem("/api/a/{x}.{y}/b") == nil)
        #expect(EndpointIndexBuilder.pathProblem("/api/secrets/") == nil)
    }

    @Test("past 5,000 operations the rest are left out with an error first; past 1,000 diagnostics one counts the rest")
    func operationAndDiagnosticCaps() throws {
        // 1,260 paths of four operations, then one of three, with no operationId: 5,043 operations, each a
        // missing-operation-id warning; the cap falls inside a path.
        let operation = #"{"responses": {"200": {"description": "ok"}}}"#
        let paths = (0..<1_260).map {
            "\"/p\($0)\": {\"get\": \(operation), \"put\": \(operation), \"post\": \(operation), \"delete\": \(operation)}"
        }
        let first = #""/first": {"get": \#(operation), "put": \#(operation), "post": \#(operation)}"#
        let text =
            #"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"#
            + ([first] + paths).joined(separator: ",") + "}}"
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "many.json"))
        #expect(index.endpoints.count == EndpointIndexBuilder.maxOperations)
        #expect(index.diagnostics.first?.kind == "too-many-operations")
        #expect(index.diagnostics.first?.message.contains("43 more are left out") == true, "\(index.diagnostics[0])")
        #expect(index.diagnostics.count == EndpointIndexBuilder.maxDiagnostics + 1)
        #expect(index.diagnostics.last?.kind == "more-diagnostics")
        #expect(SpecReport(index: index).hasErrors)
    }

    @Test(
        "a chain of 12,000 $refs is cut at 64 with one error: inspect, examples and validation do not recurse into it")
    func longReferenceChains() async throws {
        func document(links: Int, wrap: (Int) -> String) throws -> EndpointIndex {
            var schemas = (0..<links).map { "\"s\($0)\": \(wrap($0 + 1))" }
            schemas.append("\"s\(links)\": {\"type\": \"string\"}")
            let operation =
                ##""/x": {"post": {"operationId": "x", "requestBody": {"content": {"application/json": {"schema": "##
                + ##"{"$ref": "#/components/schemas/s0"}}}}, "responses": {"200": {"description": "ok"}}}}"##
            let text =
                ##"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"## + operation
                + ##"}, "components": {"schemas": {"## + schemas.joined(separator: ",") + "}}}"
            return EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "chain.json"))
        }
        let wraps: [(Int) -> String] = [
            { ##"{"$ref": "#/components/schemas/s\##($0)"}"## },
            { ##"{"allOf": [{"$ref": "#/components/schemas/s\##($0)"}]}"## },
            { ##"{"oneOf": [{"$ref": "#/components/schemas/s\##($0)"}, {"type": "integer"}]}"## },
        ]
        for wrap in wraps {
            let index = try document(links: 12_000, wrap: wrap)
            let chains = index.diagnostics.filter { $0.kind == "schema-chain-too-long" }
            #expect(chains.count == 1 && chains.first?.message.contains("11936 more") == true, "\(chains)")
            _ = try Inspector(index: index).inspect("x")
            // The cut chain is read as unconstrained: any body is accepted.
            let outcome = await InvokeTest.invoker(index).invoke(
                InvokeArguments(endpoint: "x", body: ["a": 1], dryRun: true))
            #expect(!outcome.isError, "\(outcome.text)")
            // A chain within the bound is kept whole.
            let short = try document(links: 20, wrap: wrap)
            #expect(short.diagnostics.allSatisfy { $0.kind != "schema-chain-too-long" })
        }
        // A cycle is as deep as its members: 100 schemas that refer round to the first are cut too.
        let cycle = SchemaCycles.tooLongChains(
            schemas: Dictionary(
                uniqueKeysWithValues: (0..<100).map { ("c\($0)", OpenAPISchema(refName: "c\(($0 + 1) % 100)")) }),
            order: (0..<100).map { "c\($0)" }, limit: EndpointIndexBuilder.maxSchemaChain)
        #expect(cycle.count == 100)
        let small = SchemaCycles.tooLongChains(
            schemas: ["a": OpenAPISchema(refName: "b"), "b": OpenAPISchema(refName: "a")], order: ["a", "b"],
            limit: EndpointIndexBuilder.maxSchemaChain)
        #expect(small.isEmpty)
    }

    @Test("a method field in another case ('Get' beside 'get') is no second endpoint of one key")
    func methodKeysAreLowerCase() throws {
        let ok = #"{"responses": {"200": {"description": "ok"}}}"#
        let text =
            #"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/api/f": {"#
            + #""get": \#(ok), "Get": \#(ok), "DELETE": \#(ok)}}}"#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "m.json"))
        #expect(index.endpoints.map(\.key) == ["GET /api/f"])
        #expect(index.diagnostics.filter { $0.kind == "invalid-method-key" }.count == 2)
    }

    @Test("past 20,000 component schemas the rest are not read, with an error")
    func schemaCap() throws {
        let schemas = (0...EndpointIndexBuilder.maxSchemas).map { "\"s\($0)\": {\"type\": \"string\"}" }
        let text =
            #"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"#
            + #""schemas": {"# + schemas.joined(separator: ",") + "}}}"
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "schemas.json"))
        #expect(index.schemaOrder.count == EndpointIndexBuilder.maxSchemas)
        #expect(index.diagnostics.contains { $0.kind == "too-many-schemas" && $0.severity == .error })
    }

    @Test("the connection pool holds no more answers at once than 1 GiB: fewer connections for a larger cap")
    func poolBoundedByResponseBytes() async throws {
        #expect(AsyncHTTPTransport.connections(forResponseBytes: 10 << 20) == 64)
        #expect(AsyncHTTPTransport.connections(forResponseBytes: 64 << 20) == 16)
        #expect(AsyncHTTPTransport.connections(forResponseBytes: 256 << 20) == 4)
        #expect(AsyncHTTPTransport.connections(forResponseBytes: 1) == 64)
        let transport = AsyncHTTPTransport(maxResponseBytes: 256 << 20)
        #expect(transport.connections == 4)
        try await transport.shutdown()
    }

    @Test("a URL is checked in full: port range, scheme, user info, spaces")
    func originChecks() throws {
        for bad in [
            "http://127.0.0.1:99999", "http://127.0.0.1:0/x", "ftp://host/x", "http://user:pw@host/x", "http://ho st/",
            "http:///x", "/relative", "http://host:/x",
        ] {
            #expect(throws: ServerOrigin.URLProblem.self, "\(bad)") { try ServerOrigin(validating: bad) }
        }
        let origin = try ServerOrigin(validating: "http://Conductor.test:8080/api")
        #expect(origin.admits("http://conductor.test:8080/api/workflow?x=1"))
        #expect(!origin.admits("http://conductor.test@127.0.0.1:8080/api"))
        #expect(!origin.admits("http://conductor.test:8081/api"))
        #expect(!origin.admits("https://conductor.test:8080/api"))
        #expect(try ServerOrigin(validating: "https://h").port == 443)
        #expect(ServerOrigin.displayed("http://key:secret@host/x") == "http://***@host/x")
        // Masking does not rely on the URL parsing: malformed forms are what gets reported.
        for (text, shown) in [
            ("http://u:PW3#x@host", "http://***@host"), ("http://u:PW/x@host/p", "http://***@host/p"),
            ("http:/u:PW7@host", "http:/***@host"), ("http:u:PW8@host", "http:***@host"),
            ("http:\\\\u:PW19@host", "http:\\\\***@host"), ("u:PW24@host", "***@host"),
            ("http://host/api?token=PW12", "http://host/api?***"), ("http://host/#PW13", "http://host/#***"),
        ] {
            #expect(ServerOrigin.displayed(text) == shown)
        }
    }

    @Test("a server URL with a port out of range is a configuration error, not a crash")
    func serverPort() {
        #expect(throws: InvokeError.self) { try InvokeConfiguration.parseServerURL("http://127.0.0.1:99999") }
        var configuration = InvokeConfiguration()
        configuration.serverURL = URL(string: "http://127.0.0.1:99999")!
        #expect(!configuration.problems.isEmpty)
    }

    @Test("a header without a colon is refused without repeating its value")
    func headerSecret() {
        do {
            _ = try InvokeConfiguration.parseHeader("Authorization Bearer SECRET-TOKEN-123")
            Issue.record("a header without a colon was accepted")
        } catch {
            #expect(!error.message.contains("SECRET"))
            #expect(error.message.contains("no colon"))
        }
        do {
            _ = try InvokeConfiguration.parseHeader("Bearer SECRET-TOKEN-123: x")
            Issue.record("an invalid header name was accepted")
        } catch {
            #expect(!error.message.contains("SECRET"))
        }
    }

    @Test("the dot-segment guard runs on the encoded segment, whatever the parameter's type")
    func dotSegments() async throws {
        let index = try hostileIndex()
        for params: JSONObject in [["p": [".."]], ["p": ["."]], ["p": ".."]] {
            let (request, outcome) = await InvokeTest.sent("arrayParam", params: params, index: index)
            #expect(request == nil)
            #expect(outcome.isError)
        }
        let (untyped, refused) = await InvokeTest.sent("untypedParam", params: ["p": [".."]], index: index)
        #expect(untyped == nil)
        #expect(refused.text.contains("give a string"))
        let (typed, _) = await InvokeTest.sent("arrayParam", params: ["p": ["a", "b"]], index: index)
        #expect(typed?.url == "http://conductor.test:8080/api/arr/a,b")
    }

    @Test("the final URL is checked just before sending: another host never reaches the transport")
    func dispatchChecksFinalURL() async throws {
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        let origin = try ServerOrigin(validating: "http://conductor.test:8080")
        for url in [
            "http://conductor.test@127.0.0.1:18999/api/at", "http://127.0.0.1:99999/api", "http://conductor.test:8081/",
        ] {
            do {
                _ = try await Invoker.dispatch(
                    UpstreamRequest(method: "GET", url: url), origin: origin, transport: transport,
                    timeout: .seconds(1), maxResponseBytes: 100)
                Issue.record("sent to \(url)")
            } catch {
                #expect(error.kind == .invalidURL)
            }
        }
        #expect(await transport.requests.isEmpty)
    }

    @Test("a redirect to a bad port or another host is not followed, and nothing else is sent")
    func redirects() async {
        for location in ["http://127.0.0.1:99999/x", "http://other.test:8080/api/items/abc", "//other.test/x"] {
            let redirect = UpstreamResponse(status: 302, headers: [HeaderField("Location", location)])
            let transport = FakeTransport([.response(redirect)])
            let outcome = await InvokeTest.invoker(transport: transport).invoke(
                InvokeArguments(endpoint: "GET /api/items/{itemId}", params: ["itemId": "abc"]))
            #expect(outcome.isError)
            #expect(await transport.requests.count == 1)
        }
    }

    @Test("a gzip body is neither decoded nor shown as text, and identity is what is asked for")
    func gzipBody() async {
        let gzip = UpstreamResponse(
            status: 200,
            headers: [HeaderField("Content-Type", "application/json"), HeaderField("Content-Encoding", "gzip")],
            body: [0x1F, 0x8B, 0x08, 0x00, 0x00, 0xFF, 0x00, 0x01])
        let transport = FakeTransport([.response(gzip)])
        let outcome = await InvokeTest.invoker(transport: transport).invoke(
            InvokeArguments(endpoint: "GET /api/items/{itemId}", params: ["itemId": "abc"]))
        #expect(outcome.text.contains("Content-Encoding: gzip"))
        #expect(!outcome.text.unicodeScalars.contains { $0.value == 0xFFFD })
        #expect(await transport.requests.first?.header("Accept-Encoding") == "identity")
    }

    @Test("a body that is not the JSON its Content-Type claims says so first, with its raw start")
    func notJSON() async {
        let transport = FakeTransport([.response(.json(200, "<html>oops</html>"))])
        let outcome = await InvokeTest.invoker(transport: transport).invoke(
            InvokeArguments(endpoint: "GET /api/items/{itemId}", params: ["itemId": "abc"]))
        let lines = outcome.text.split(separator: "\n").map(String.init)
        #expect(
            lines.dropFirst().first?.hasPrefix("The body is labelled application/json but is not valid JSON") == true)
        #expect(outcome.text.contains("<html>oops</html>"))
    }

    @Test("thousands of unknown parameters give an answer of bounded size")
    func manyUnknownParameters() async {
        let params = JSONObject((0..<20_000).map { ("unknown\($0)", JSONValue.int($0)) } + [("itemId", "abc")])
        let (request, outcome) = await InvokeTest.sent("GET /api/items/{itemId}", params: params)
        #expect(request == nil)
        #expect(outcome.text.count < 12_000, "\(outcome.text.count) characters")
        #expect(outcome.text.contains("19980 more names"))
        #expect((outcome.structured["problems"]?.arrayValue?.count ?? 0) <= InvokeError.maxListedProblems)
    }

    @Test("a parse within a value budget keeps the budget and counts what it skipped")
    func boundedParse() throws {
        let body = "[" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "]"
        let parsed = try JSONParser.parse(Array(body.utf8), maxValues: 1000)
        #expect(parsed.value.arrayValue?.count == 999)
        #expect(parsed.skippedValues == 100_000 - 999)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array("[1,2,{]".utf8), maxValues: 1) }
        let whole = try JSONParser.parse(Array(#"{"a":[1,{"b":2}]}"#.utf8), maxValues: .max)
        #expect(whole.skippedValues == 0)
        #expect(whole.value["a"]?.arrayValue?.count == 2)
    }

    @Test("a huge JSON body is compressed from a bounded tree and says what was not read")
    func hugeBody() {
        let body = Array(("[" + Array(repeating: "1", count: 400_000).joined(separator: ",") + "]").utf8)
        let output = ResponseCompressor().compress(
            body: body, contentType: "application/json", truncatedAt: nil, options: .init(maxChars: 2000))
        #expect(output.text.count <= 2000)
        #expect(output.elided.contains { $0.contains("were not read") })
    }

    @Test("a UTF-8 byte order mark is accepted in JSON and YAML documents")
    func byteOrderMark() throws {
        let json =
            [0xEF, 0xBB, 0xBF] + Array(#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}"#.utf8)
        #expect(try SpecParser.parse(json, source: "bom.json").format == .json)
        let yaml = [0xEF, 0xBB, 0xBF] + Array("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n".utf8)
        #expect(try SpecParser.parse(yaml, source: "bom.yaml").format == .yaml)
    }

    @Test("a YAML alias bomb is refused with a clear error instead of expanding")
    func aliasBomb() {
        var lines = ["openapi: 3.0.1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<12 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(refs)]")
        }
        lines.append("paths: {}")
        do {
            _ = try SpecParser.parse(Array(lines.joined(separator: "\n").utf8), source: "bomb.yaml")
            Issue.record("an alias bomb was accepted")
        } catch {
            #expect(error.errorDescription?.contains("alias") == true)
        }
    }

    @Test("deep YAML nesting is refused before it reaches the YAML library")
    func deepYAML() {
        let text = "openapi: 3.0.1\npaths: {}\nx: " + String(repeating: "[", count: 100_000)
        #expect(throws: SpecLoadError.self) { try SpecParser.parse(Array(text.utf8), source: "deep.yaml") }
        let dashes = "openapi: 3.0.1\npaths: {}\nx:\n" + String(repeating: "- ", count: 50_000) + "x\n"
        #expect(throws: SpecLoadError.self) { try SpecParser.parse(Array(dashes.utf8), source: "dashes.yaml") }
    }

    @Test("a YAML key that is not a string is a plain-words diagnostic with its place")
    func complexKey() throws {
        let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\nx:\n  ? [a, b]\n  : c\n"
        let document = try SpecParser.parse(Array(text.utf8), source: "keys.yaml")
        let index = EndpointIndex(document: document)
        let found = index.diagnostics.first { $0.kind == "yaml-complex-key" }
        #expect(found?.message.contains("a sequence") == true)
        #expect(found?.pointer.contains("line") == true)
        #expect(found.map { !"\($0)".contains("Node") } == true)
    }

    @Test("schema types that are not OpenAPI types are diagnostics")
    func bogusTypes() throws {
        let kinds = try hostileIndex().diagnostics.filter { $0.kind == "invalid-schema-type" }
        #expect(kinds.count == 2)
    }

    @Test("spec patterns are checked only on inputs short enough for their worst case to stay fast")
    func patterns() {
        #expect(SchemaValidator.patternInputLimit("[a-zA-Z0-9_-]+") == 447)
        #expect(SchemaValidator.patternInputLimit("^[a-z]+(-[a-z]+)?$") == 46)
        #expect(SchemaValidator.patternInputLimit("(a+)+$") == 0)
        #expect(SchemaValidator.patternInputLimit("(a|aa)*b") == 0)
        #expect(SchemaValidator.patternInputLimit("(x)\\1") == 0)
        #expect(SchemaValidator.patternInputLimit(String(repeating: "a", count: 300)) == 0)
        // Adjacent repeats backtrack polynomially, optional atoms exponentially: short inputs only.
        #expect(SchemaValidator.patternInputLimit("^a*a*a*a*a*a*a*a*a*b$") == 3)
        #expect(SchemaValidator.patternInputLimit(String(repeating: "a?", count: 20) + "b") == 0)
        // Nothing hides a quantifier from the count: a bracket in a comment, extended mode, quoting, classes.
        for unsafe in [
            "^(?#[)(a+)+$", "(?x)#[\n(a+)+$", "(?ix:a+)", "\\Q(a+)+\\E", "(a?){20}", "([)]a+)+", "(?<n>a)\\k<n>",
            "(a*)\\g1b",
            "(?<n>a*)(?P=n)b",
        ] {
            #expect(SchemaValidator.patternInputLimit(unsafe) == 0, "\(unsafe)")
        }
        #expect(SchemaValidator.patternInputLimit("(abc)+") == 447)
        #expect(SchemaValidator.patternInputLimit("(?i)[a-z]+") == 447)
        #expect(SchemaValidator.patternInputLimit("[+*]x") == 58)
        // A search tries every start: even one quantifier is n^2, so a fixed pattern stops at a length, not 4,096.
        #expect(SchemaValidator.patternInputLimit("abc") == 4096)
    }

    @Test("a pattern that backtracks polynomially is not run on a long value; a short one is still checked")
    func slowPatternStaysFast() throws {
        let text =
            #"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"post":{"operationId":"x","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"v":{"type":"string","pattern":"^a*a*a*a*a*a*a*a*a*b$"}}}}}},"responses":{"200":{"description":"ok"}}}}}}"#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "slow.json"))
        let endpoint = try #require(index.endpoint(named: "x"))
        let started = ContinuousClock.now
        let long = RequestBuilder(index: index).build(
            endpoint, params: JSONObject(), body: ["v": .string(String(repeating: "a", count: 24) + "!")])
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect("\(long)".contains("checked up to 3 bytes"), "\(long)")
        let short = RequestBuilder(index: index).build(endpoint, params: JSONObject(), body: ["v": "a!"])
        #expect("\(short)".contains("does not match"), "\(short)")
    }

    @Test("pattern checks are charged to the request's budget, so many values cannot add up")
    func patternChecksShareTheBudget() throws {
        let text =
            #"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"post":{"operationId":"x","requestBody":{"content":{"application/json":{"schema":{"type":"array","items":{"type":"string","pattern":"[\\w\\s]*b"}}}}},"responses":{"200":{"description":"ok"}}}}}}"#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "many.json"))
        let schema = try #require(index.endpoint(named: "x")?.requestBody?.preferred?.schema)
        let validator = SchemaValidator(index: index)
        let limit = SchemaValidator.patternInputLimit("[\\w\\s]*b")
        _ = validator.check(
            .array(Array(repeating: .string(String(repeating: "a", count: limit)), count: 100)), schema, at: "body")
        #expect(validator.budget.exhausted)
    }

    @Test("nested alternatives cost a bounded number of checks however deep the body, and the answer says so")
    func nestedAlternativesAreBounded() throws {
        let text = #"""
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"post":{"operationId":"x",
             "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/R"}}}},
             "responses":{"200":{"description":"ok"}}}}},
             "components":{"schemas":{"R":{"anyOf":[
               {"type":"object","properties":{"v":{"$ref":"#/components/schemas/R"}},"required":["w"]},
               {"type":"object","properties":{"v":{"$ref":"#/components/schemas/R"}},"required":["v"]}]}}}}
            """#
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "anyof.json"))
        let endpoint = try #require(index.endpoint(named: "x"))
        var body: JSONValue = ["leaf": true]
        for _ in 0..<40 { body = ["v": body] }
        let started = ContinuousClock.now
        let result = RequestBuilder(index: index).build(endpoint, params: JSONObject(), body: body)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(Self.partlyChecked(result), "\(result)")
        // A shallow body is checked in full: the innermost object lacks both "w" and "v".
        let shallow = RequestBuilder(index: index).build(endpoint, params: JSONObject(), body: ["v": ["v": [:]]])
        #expect(!Self.partlyChecked(shallow))
        #expect("\(shallow)".contains("matches none of the alternatives"), "\(shallow)")
    }

    @Test("the operator's headers win over header parameters, cookies merge, and transport headers are refused")
    func headerParametersDoNotOverrideTheOperator() async throws {
        let index = try hostileIndex(
            extraPaths: """
                ,"/api/h": {"get": {"operationId": "headers", "parameters": [
                  {"name": "Authorization", "in": "header", "schema": {"type": "string"}},
                  {"name": "sid", "in": "cookie", "schema": {"type": "string"}},
                  {"name": "Host", "in": "header", "schema": {"type": "string"}},
                  {"name": "X Bad\\r\\nInjected", "in": "header", "schema": {"type": "string"}}],
                  "responses": {"200": {"description": "ok"}}}}
                """)
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        let invoker = InvokeTest.invoker(
            index, transport: transport,
            configure: {
                $0.staticHeaders = [
                    (name: "Authorization", value: "Bearer operator-token"), (name: "Cookie", value: "session=op"),
                ]
            })
        let sent = await invoker.invoke(
            InvokeArguments(endpoint: "headers", params: ["Authorization": "Bearer agent", "sid": "s1"]))
        #expect(!sent.isError, "\(sent.text)")
        let request = try #require(await transport.requests.first)
        let headers = request.headers.filter { ["authorization", "cookie"].contains($0.name.lowercased()) }
        #expect(headers.map(\.value).sorted() == ["Bearer operator-token", "session=op; sid=s1"])
        for name in ["X-HTTP-Method-Override", "Forwarded", "X-Forwarded-Host"] {
            #expect(HeaderRules.transportOwned.contains(name.lowercased()))
        }
        let host = await invoker.invoke(InvokeArguments(endpoint: "headers", params: ["Host": "evil.example"]))
        #expect(host.isError)
        #expect(host.text.contains("set by the HTTP client"), "\(host.text)")
        // Headers a proxy may trust for who is calling are no parameter's either; the operator's own may name them.
        for name in ["X-Forwarded-User", "X-Auth-Request-Email", "X-Remote-User", "X-Original-URI", "Remote-User"] {
            #expect(HeaderRules.refusedAsParameter(name), "\(name)")
        }
        #expect(!HeaderRules.refusedAsParameter("X-Request-Id"))
        let badName = try #require(index.endpoint(named: "headers")?.parameters.last?.name)
        let bad = await invoker.invoke(InvokeArguments(endpoint: "headers", params: [badName: "v"]))
        #expect(bad.isError)
        #expect(bad.text.contains("names this header parameter badly"), "\(bad.text)")
        #expect(await transport.requests.count == 1)
    }

    @Test("control characters and bidirectional marks in a document never reach a log line or an answer")
    func controlCharacters() throws {
        let text = #"""
            {"openapi":"3.0.0","info":{"title":"t\n2026-11-28T00:00:00+0000 critical forged: line","version":"1\u001b[2J"},
             "paths":{"/x":{"get":{"operationId":"op\u001b]0;pwned\u0007","tags":["ta\u202eg"],
              "summary":"sum\u009bmary\n2026-11-28T06:00:00+0000 critical FORGED","description":"two\nlines stay",
              "parameters":[
               {"name":"q\u0000\r\nFORGED","in":"query","schema":{"type":"string","example":"a\nb"}}],
              "responses":{"200":{"description":"ok"}}}}}}
            """#
        let document = try SpecParser.parse(Array(text.utf8), source: "forge.json")
        #expect(document.diagnostics.contains { $0.kind == "control-characters" })
        let index = EndpointIndex(document: document)
        let endpoint = try #require(index.endpoints.first)
        let shown =
            [index.title, index.version, endpoint.operationId ?? "", endpoint.tags.joined(), endpoint.summary ?? ""]
            + endpoint.parameters.map(\.name)
        for field in shown {
            #expect(
                !field.unicodeScalars.contains {
                    $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}"
                }, "\(field.debugDescription)")
        }
        #expect(index.title.hasPrefix("t 2026"))
        #expect(endpoint.description == "two\nlines stay")
        #expect(endpoint.parameters.first?.schema.example == "a b")
        // A document without any is left as it is, with no diagnostic.
        let plain = try SpecParser.parse(
            Array(#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#.utf8), source: "p")
        #expect(plain.diagnostics.isEmpty)
    }

    @Test("a form body's _method field is refused, as the query's is")
    func formMethodOverride() async throws {
        let index = try hostileIndex(
            extraPaths: """
                ,"/api/form": {"post": {"operationId": "form", "requestBody": {"content": {
                  "application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
                  "responses": {"200": {"description": "ok"}}}}
                """)
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        let invoker = InvokeTest.invoker(index, transport: transport)
        let refused = await invoker.invoke(InvokeArguments(endpoint: "form", body: ["_method": "DELETE", "a": "b"]))
        #expect(refused.isError && refused.text.contains("_method"), "\(refused.text)")
        let sent = await invoker.invoke(InvokeArguments(endpoint: "form", body: ["a": "b"]))
        #expect(!sent.isError, "\(sent.text)")
        #expect(await transport.requests.count == 1)
    }

    @Test("a number too large for a double is refused, not sent as null")
    func unsendableNumbers() throws {
        let body = try JSONParser.parse(#"{"a":1e400,"b":[-1e999],"c":9223372036854775807,"d":1.5e300}"#)
        var problems: [ValidationProblem] = []
        RequestBuilder.unsendableNumbers(body, at: "body", into: &problems)
        #expect(problems.map(\.location) == ["body/a", "body/b/0"], "\(problems)")
    }

    @Test("a body of a type that is not JSON is taken as its text, never a JSON value sent under its name")
    func xmlBody() async throws {
        let index = try hostileIndex(
            extraPaths: """
                ,"/api/xml": {"post": {"operationId": "xml", "requestBody": {"content": {"application/xml": {
                  "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
                  "responses": {"200": {"description": "ok"}}}}
                """)
        let transport = FakeTransport(fallback: { _ in .response(.json(200, "{}")) })
        let invoker = InvokeTest.invoker(index, transport: transport)
        let json = await invoker.invoke(InvokeArguments(endpoint: "xml", body: ["a": "b"]))
        #expect(json.isError)
        #expect(json.text.contains("a string for this application/xml body"), "\(json.text)")
        let text = await invoker.invoke(InvokeArguments(endpoint: "xml", body: "<a>b</a>"))
        #expect(!text.isError, "\(text.text)")
        let request = try #require(await transport.requests.first)
        #expect(request.header("Content-Type") == "application/xml")
        #expect(request.body == Array("<a>b</a>".utf8))
    }

    @Test("one parameter name in two places is a diagnostic: invoke's params give both the same value")
    func ambiguousParameters() throws {
        let index = try hostileIndex(
            extraPaths: """
                ,"/api/two/{id}": {"get": {"operationId": "two", "parameters": [
                  {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "id", "in": "query", "schema": {"type": "string"}}],
                  "responses": {"200": {"description": "ok"}}}}
                """)
        let found = index.diagnostics.filter { $0.kind == "ambiguous-parameter" }
        #expect(found.count == 1)
        #expect(found.first?.message.contains("path and query") == true)
    }

    @Test("long enums, wide objects and many unknown members are checked within the same bounded work")
    func wideSchemasAreBounded() throws {
        let names = (0..<8_000).map { "\"p\($0)\":{\"type\":\"string\"}" }.joined(separator: ",")
        let values = (0..<4_000).map { "\"v\($0)\"" }.joined(separator: ",")
        let text = """
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{
             "/wide":{"post":{"operationId":"wide","requestBody":{"content":{"application/json":{"schema":{
               "type":"object","properties":{\(names)}}}}},"responses":{"200":{"description":"ok"}}}},
             "/enum":{"post":{"operationId":"enum","requestBody":{"content":{"application/json":{"schema":{
               "type":"array","items":{"type":"string","enum":[\(values)]}}}}},"responses":{"200":{"description":"ok"}}}}}}
            """
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "wide.json"))
        // The work is counted, not timed (a debug build is slow): each "did you mean" over 8,000 names and each
        // test against a 4,000-value enum is charged, and the checks stop once the budget is spent.
        let unknown = JSONValue.object(JSONObject((0..<8_000).map { ("q\($0)", JSONValue.string("x")) }))
        let wide = SchemaValidator(index: index)
        let wideBody = try #require(index.endpoint(named: "wide")?.requestBody?.preferred?.schema)
        let wideFindings = wide.check(unknown, wideBody, at: "body")
        #expect(wide.budget.exhausted && wide.budget.suggestions <= SchemaValidator.maxSuggestions)
        #expect(wideFindings.warnings.count < 20, "\(wideFindings.warnings.count) members were looked at")
        let misses = JSONValue.array((0..<4_000).map { .string("w\($0)") })
        let enumCheck = SchemaValidator(index: index)
        let enumBody = try #require(index.endpoint(named: "enum")?.requestBody?.preferred?.schema)
        let enumFindings = enumCheck.check(misses, enumBody, at: "body")
        #expect(enumCheck.budget.exhausted)
        #expect(
            enumFindings.errors.count < 1_000 && enumFindings.errors.contains { $0.message.contains("is not one of") })
        // The request says it was only partly checked.
        let result = RequestBuilder(index: index).build(
            try #require(index.endpoint(named: "enum")), params: JSONObject(), body: misses)
        // With problems found, the count is a lower bound and the answer says why.
        guard case .problems(let problems, _, let partial) = result else {
            Issue.record("expected problems, got \(result)")
            return
        }
        #expect(partial)
        let message = InvokeError.invalidArguments(endpoint: "enum", problems: problems, partial: partial).message
        #expect(
            message.hasPrefix(
                "Not sent: at least \(problems.count) problems with the arguments for enum (the checks stopped after "),
            "\(message.prefix(200))")
    }

    @Test("edit distance compares a bounded prefix, so a huge name costs little")
    func boundedEditDistance() throws {
        let huge = String(repeating: "x", count: 300_000)
        #expect(EditDistance.between(huge, "abc") == EditDistance.maxComparedBytes)
        let index = try Fixtures.real("orkes")
        #expect(index.nearest(to: huge).count == 3)
        #expect(throws: InspectError.self) { try Inspector(index: index).inspect("getWorkflows", expand: [huge]) }
    }

    @Test("an operation with 50,000 parameters indexes in linear time")
    func manyParameters() throws {
        let parameters = (0..<50_000).map { #"{"name":"q\#($0)","in":"query","schema":{"type":"string"}}"# }
        let text = """
            {"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/api/x":{"parameters":[\
            {"name":"q1","in":"query"}],"get":{"operationId":"many","parameters":[\(parameters.joined(separator: ","))],\
            "responses":{"200":{"description":"ok"}}}}}}
            """
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "many.json"))
        #expect(index.endpoint(named: "many")?.parameters.count == 50_000)
    }

    @Test("HTML with a hundred thousand unclosed tags is read in one forward pass")
    func unclosedTags() {
        let html = "<title>t</title><p>before</p>" + String(repeating: "<a x", count: 100_000)
        let page = HTMLTextExtractor.extract(html)
        #expect(page.title == "t")
        #expect(page.lines == ["before"])
        let scripts = HTMLTextExtractor.extract("<p>x</p>" + String(repeating: "<script>", count: 100_000))
        #expect(scripts.lines == ["x"])
    }

    /// Whether a build says its checks stopped early: problems marked partial, or a plan with the warning.
    static func partlyChecked(_ result: RequestBuilder.Result) -> Bool {
        switch result {
        case .problems(_, _, let partial): partial
        case .plan(let plan): plan.warnings.contains { $0.message == SchemaValidator.partlyChecked }
        }
    }
}

import BundledSpecs
import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Spec loading")
struct SpecLoaderTests {
    @Test(
        "loads the three real Conductor documents with every operation",
        arguments: [
            ("oss", 80, 134), ("orkes", 272, 196), ("netflix", 72, 28),
        ])
    func realDocuments(name: String, operations: Int, schemas: Int) throws {
        let index = try Fixtures.real(name)
        #expect(index.endpoints.count == operations)
        #expect(index.schemas.count == schemas)
        #expect(Set(index.endpoints.map(\.key)).count == operations)
    }

    @Test("the bundled document is byte-identical to specs/ and loads by default")
    func bundled() async throws {
        #expect(
            Array(BundledSpecs.conductorOSS.utf8) == (try Fixtures.bytes("specs/conductor-oss-3.x-2025-08.json")))
        let document = try await SpecLoader().load(.bundled)
        #expect(EndpointIndex(document: document).endpoints.count == 80)
    }

    @Test("reads YAML, told apart from JSON by content")
    func yaml() throws {
        let document = try SpecParser.parse(try Fixtures.bytes("Fixtures/specs/petstore-3.0.yaml"), source: "x")
        #expect(document.format == .yaml)
        let index = EndpointIndex(document: document)
        #expect(
            index.endpoints.map(\.key) == [
                "GET /trees/{treeId}", "DELETE /trees/{treeId}", "POST /trees", "POST /trees/{treeId}/notes",
            ])
        let get = try #require(index.endpoint(named: "getTree"))
        #expect(get.parameters.map(\.name) == ["treeId", "depth"])
        #expect(get.parameters[safe: 1]?.schema.defaultValue == 2)
        #expect(index.version == "1.2")
    }

    @Test("a YAML error names the line, column and character, never the line's text (a forged log line)")
    func yamlErrorQuotesNoLine() {
        let forged = "openapi: 3.0.1\n2026-11-28T08:35:27+0000 critical app: FORGED rotate keys \u{1B}[2J\u{1}\n"
        #expect {
            _ = try SpecParser.parse(Array(forged.utf8), source: "forge.yaml")
        } throws: { error in
            let message = (error as? SpecLoadError)?.errorDescription ?? ""
            return message.contains("line 2") && message.contains("U+1B") && !message.contains("FORGED")
                && !message.unicodeScalars.contains { $0.value < 0x20 }
        }
        let reason = SpecLoadError.fetchFailed(url: "http://h/api-docs", reason: "bad\n2026 critical forged\u{7}")
        #expect(reason.errorDescription?.unicodeScalars.contains { $0.value < 0x20 } == false)
    }

    @Test(
        "line separators, zero widths, a BOM and tag characters in a document's names become U+FFFD; file names and URLs too"
    )
    func invisibleCharacters() throws {
        let sneaky = "A\u{2028}B\u{2029}C\u{200B}D\u{FEFF}E\u{E0041}\u{E0042}F\u{2060}G"
        let text = JSONValue.object(
            JSONObject([
                ("openapi", "3.0.1"), ("info", .object(JSONObject([("title", .string(sneaky)), ("version", "1")]))),
                (
                    "paths",
                    .object(
                        JSONObject([
                            (
                                "/x",
                                .object(
                                    JSONObject([
                                        (
                                            "get",
                                            .object(
                                                JSONObject([
                                                    ("operationId", .string("op" + sneaky)),
                                                    ("tags", .array([.string(sneaky)])),
                                                    ("responses", .object(JSONObject())),
                                                ]))
                                        )
                                    ]))
                            )
                        ]))
                ),
            ])
        ).jsonText
        let index = EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "x.json"))
        let report = SpecReport(index: index).text + index.title + (index.endpoints.first?.operationId ?? "")
        #expect(
            !report.unicodeScalars.contains { SpecText.isHidden($0, keepLineBreaks: true) },
            "\(report.debugDescription)")
        #expect(report.contains("A\u{FFFD}B"))
        let file = SpecLoadError.unreadableFile(path: "/tmp/evil\u{1B}]0;x\u{7}\u{202E}.json", reason: "missing")
        #expect(file.errorDescription?.unicodeScalars.contains { SpecText.isHidden($0, keepLineBreaks: true) } == false)
        for url in ["http://host\u{2028}x/", "http://h/a\u{202E}b"] {
            #expect {
                try ServerOrigin(validating: url)
            } throws: { error in
                (error as? ServerOrigin.URLProblem)?.reason.contains("invisible") == true
            }
        }
    }

    @Test("a YAML flow-style document ({openapi: 3.0.1, ...}) is read as YAML; JSON always quotes its first name")
    func flowStyleYAML() throws {
        let flow = "{openapi: 3.0.1, info: {title: t, version: '1'}, paths: {/a: {get: {operationId: a}}}}"
        let document = try SpecParser.parse(Array(flow.utf8), source: "flow.yaml")
        #expect(document.format == .yaml && EndpointIndex(document: document).endpoints.count == 1)
        #expect(SpecParser.detectFormat(Array(#" { "openapi": "3.0.1"}"#.utf8)) == .json)
        #expect(SpecParser.detectFormat(Array("{}".utf8)) == .json)
        #expect(SpecParser.detectFormat(Array("{\n  openapi: 3.0.1}".utf8)) == .yaml)
    }

    @Test("a JSON document saved as .yaml is still read as JSON")
    func jsonInYamlFile() throws {
        let bytes = Array(
            ("  \n" + String(decoding: try Fixtures.bytes("Fixtures/specs/openapi-3.1.json"), as: UTF8.self)).utf8)
        #expect(try SpecParser.parse(bytes, source: "x.yaml").format == .json)
    }

    @Test("reads OpenAPI 3.1 type lists, const and examples")
    func openAPI31() throws {
        let index = try Fixtures.index("Fixtures/specs/openapi-3.1.json")
        let item = try #require(index.schema(named: "Item"))
        #expect(item.property("note")?.nullable == true)
        #expect(item.property("note")?.types == ["string"])
        #expect(item.property("kind")?.enumValues == ["item"])
        #expect(item.property("size")?.example == 3)
    }

    @Test("a broken $ref is a diagnostic; the operation is kept with what is known")
    func brokenRefs() throws {
        let index = try Fixtures.index("Fixtures/specs/broken-refs.json")
        #expect(index.endpoints.count == 3)
        let badBody = try #require(index.endpoint(named: "badBody"))
        #expect(badBody.requestBody?.preferred?.schema.brokenRef == "#/components/schemas/Missing")
        let badParam = try #require(index.endpoint(named: "badParam"))
        #expect(badParam.parameters.map(\.name) == ["ok"])
        let kinds = index.diagnostics.map(\.kind)
        #expect(kinds.filter { $0 == "broken-ref" }.count == 3)
        #expect(index.diagnostics.contains { $0.pointer == "/paths/~1bad-param/get/parameters/0" })
    }

    @Test("missing and duplicate operationIds are diagnostics; the path form always works")
    func operationIds() throws {
        let index = try Fixtures.index("Fixtures/specs/operation-ids.json")
        #expect(index.endpoints.count == 4)
        #expect(index.endpoint(named: "GET /a")?.operationId == nil)
        #expect(index.endpoint(named: "same")?.path == "/b")
        #expect(index.endpoint(named: "GET /c")?.operationId == nil)
        #expect(index.endpoint(named: "undeclared")?.parameters.first?.name == "x")
        #expect(
            Set(index.diagnostics.map(\.kind)) == [
                "missing-operation-id", "duplicate-operation-id", "undeclared-path-parameter",
            ])
    }

    @Test("finds the cycles of the real documents: WorkflowTask and the 62 protobuf types")
    func cycles() throws {
        let oss = try Fixtures.real("oss")
        let cycles = oss.diagnostics.filter { $0.kind == "schema-cycle" }
        #expect(cycles.count == 7)
        #expect(cycles.contains { $0.message.hasPrefix("62 schemas refer to each other") })
        #expect(cycles.contains { $0.pointer == "/components/schemas/WorkflowTask" })
        let netflix = try Fixtures.real("netflix")
        #expect(netflix.diagnostics.contains { $0.message.contains("SubWorkflowParams, WorkflowDef, WorkflowTask") })
    }

    @Test("malformed JSON names the file, line and column")
    func malformedJSON() throws {
        let error = #expect(throws: SpecLoadError.self) {
            try SpecParser.parse(try Fixtures.bytes("Fixtures/specs/malformed.json"), source: "malformed.json")
        }
        #expect(
            error
                == .syntax(
                    source: "malformed.json", format: "JSON", line: 5, column: 66,
                    problem: "expected a member name in double quotes"))
        #expect(error?.errorDescription?.contains("malformed.json is not valid JSON at line 5, column 66") == true)
    }

    @Test("a name said twice in one JSON object is refused, as in YAML, its name printable")
    func duplicateJSONKeys() throws {
        let text = #"{"openapi": "3.0.3", "paths": {"/a": {"get": {}}, "/a\u001b[2J": {}, "/a\u001b[2J": {}}}"#
        let error = #expect(throws: SpecLoadError.self) { try SpecParser.parse(Array(text.utf8), source: "d.json") }
        guard case .syntax(_, let format, let line, _, let problem)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(format == "JSON" && line == 1 && problem.contains("appears twice"), "\(problem)")
        let message = error?.errorDescription ?? ""
        #expect(!message.unicodeScalars.contains { $0.value == 0x1B }, "\(message)")
        let yaml = "openapi: 3.0.3\npaths:\n  /a: {}\n  /a: {}\n"
        #expect(throws: SpecLoadError.self) { try SpecParser.parse(Array(yaml.utf8), source: "d.yaml") }
        // One name per object stays fine, the same name in two objects too.
        let fine = #"{"openapi": "3.0.3", "paths": {"/a": {"get": {}}, "/b": {"get": {}}}}"#
        #expect(try SpecParser.parse(Array(fine.utf8), source: "f.json").format == .json)
    }

    @Test("malformed YAML names the file and the line")
    func malformedYAML() throws {
        let error = #expect(throws: SpecLoadError.self) {
            try SpecParser.parse(try Fixtures.bytes("Fixtures/specs/malformed.yaml"), source: "malformed.yaml")
        }
        guard case .syntax(let source, let format, let line, _, _)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(source == "malformed.yaml" && format == "YAML" && line == 8)
    }

    @Test("a YAML document over 2 MiB is refused before the YAML library reads it; JSON of that size is read")
    func largeYAML() throws {
        let list = Array(repeating: "1", count: 1_100_000).joined(separator: ",")
        let yaml = "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\nx-list: [\(list)]\n"
        let started = ContinuousClock.now
        let error = #expect(throws: SpecLoadError.self) { try SpecParser.parse(Array(yaml.utf8), source: "big.yaml") }
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(error?.localizedDescription.contains("2097152-byte YAML limit") == true)
        let json = #"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},"x-list":[\#(list)]}"#
        #expect(try SpecParser.parse(Array(json.utf8), source: "big.json").byteCount > SpecParser.maxYAMLBytes)
    }

    @Test("Swagger 2.0 and non-OpenAPI documents get messages that say what is expected")
    func notOpenAPI() throws {
        let swagger = #expect(throws: SpecLoadError.self) {
            try SpecParser.parse(try Fixtures.bytes("Fixtures/specs/swagger2.json"), source: "swagger2.json")
        }
        #expect(swagger == .swagger2(source: "swagger2.json"))
        #expect(swagger?.errorDescription?.contains("not supported") == true)
        let other = #expect(throws: SpecLoadError.self) {
            try SpecParser.parse(try Fixtures.bytes("Fixtures/specs/not-openapi.json"), source: "n.json")
        }
        #expect(other?.errorDescription?.contains("no key named \"openapi\"") == true)
    }

    @Test("a missing file is an error naming the path")
    func missingFile() async {
        let error = await #expect(throws: SpecLoadError.self) {
            try await SpecLoader().load(.file("/no/such/openapi.yaml"))
        }
        #expect(error == .unreadableFile(path: "/no/such/openapi.yaml", reason: "no such file"))
    }

    @Test("a refused URL is an error naming the URL at once, not after the timeout")
    func unreachableURL() async {
        let start = ContinuousClock.now
        let error = await #expect(throws: SpecLoadError.self) {
            try await SpecLoader(timeout: .seconds(600)).load(.url(URL(string: "http://127.0.0.1:9/api-docs")!))
        }
        guard case .fetchFailed(let url, _)? = error else {
            Issue.record("expected fetchFailed, got \(String(describing: error))")
            return
        }
        #expect(url == "http://127.0.0.1:9/api-docs")
        #expect(error?.errorDescription?.contains("connection refused") == true)
        // Far below the timeout however loaded the machine is: a refusal must not wait for it.
        #expect(ContinuousClock.now - start < .seconds(300))
    }

    @Test("spec arguments: nothing means bundled, http(s) means URL, anything else a file")
    func sourceArgument() {
        #expect(SpecSource(argument: nil) == .bundled)
        #expect(SpecSource(argument: "") == .bundled)
        #expect(SpecSource(argument: "HTTP://h:1/api-docs") == .url(URL(string: "HTTP://h:1/api-docs")!))
        #expect(SpecSource(argument: "openapi.yaml") == .file("openapi.yaml"))
    }
}

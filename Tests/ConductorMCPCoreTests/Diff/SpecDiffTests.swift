import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

@Suite("Version diffs")
struct SpecDiffTests {
    private func index(_ paths: String) throws -> EndpointIndex {
        let text = #"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"# + paths + "}}"
        return EndpointIndex(document: try SpecParser.parse(Array(text.utf8), source: "t"))
    }

    @Test("Netflix 3.x (2024) to OSS 3.x (2025), as text and JSON, matches the reviewed golden files")
    func bundledDocuments() throws {
        let diff = SpecDiff(old: try Fixtures.real("netflix"), new: try Fixtures.real("oss"))
        Fixtures.expectGolden(diff.text, "diff/netflix-to-oss.txt")
        Fixtures.expectGolden(diff.json.prettyJSONText, "diff/netflix-to-oss.json")
        #expect(diff.breakingCount > 0)
    }

    @Test("a document compared with itself has no change")
    func identity() throws {
        let orkes = try Fixtures.real("orkes")
        let diff = SpecDiff(old: orkes, new: orkes)
        #expect(diff.added.isEmpty && diff.removed.isEmpty && diff.renamed.isEmpty && diff.changed.isEmpty)
        #expect(diff.breakingCount == 0)
    }

    @Test("a moved endpoint with the same operationId is a rename; parameter and field changes are classified")
    func renamesAndChanges() throws {
        let old = try index(
            #"""
            "/api/a/{id}": {"get": {"operationId": "getA", "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "gone", "in": "query", "schema": {"type": "string"}},
                {"name": "n", "in": "query", "schema": {"type": "integer", "format": "int32"}}]}},
            "/api/b": {"post": {"operationId": "postB", "requestBody": {"content": {"application/json": {"schema":
                {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}, "y": {"type": "string"}}}}}}}}
            """#)
        let new = try index(
            #"""
            "/api/v2/a/{id}": {"get": {"operationId": "getA", "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "n", "in": "query", "required": true, "schema": {"type": "integer", "format": "int64"}},
                {"name": "extra", "in": "query", "schema": {"type": "boolean"}}]}},
            "/api/b": {"post": {"operationId": "postB", "requestBody": {"content": {"application/json": {"schema":
                {"type": "object", "required": ["x", "z"], "properties": {"x": {"type": "string"},
                 "z": {"type": "integer"}}}}}}}}
            """#)
        let diff = SpecDiff(old: old, new: new)
        #expect(diff.renamed == [.init(operationId: "getA", from: "GET /api/a/{id}", to: "GET /api/v2/a/{id}")])
        #expect(diff.added.isEmpty && diff.removed.isEmpty)
        let kinds = diff.changed.flatMap { endpoint in endpoint.changes.map { "\($0.kind.rawValue) \($0.subject)" } }
        #expect(
            kinds == [
                "parameter-made-required n (query)", "parameter-type-changed n (query)",
                "parameter-added extra (query)", "parameter-removed gone (query)", "body-field-added z",
                "body-field-removed y",
            ])
        let breaking = diff.changed.flatMap(\.changes).filter(\.breaking).map(\.kind.rawValue)
        #expect(!breaking.contains("parameter-added"))
        #expect(diff.breakingCount == 1 + 5)
    }
}

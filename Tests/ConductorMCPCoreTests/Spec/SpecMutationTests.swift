import Foundation
import TestSupport
import Testing

@testable import ConductorMCPCore

/// Breaks a document the ways a hostile or broken server could: deleted keys, changed types, swapped values,
/// hostile paths, reference cycles and huge strings.
struct SpecMutator {
    var random: SeededGenerator

    static let hostilePaths = [
        "@127.0.0.1:18999/api/at", ".evil.example/x", "/api/../x", "api/no-slash", "/api/{a}/{a}", "/api/\u{0}",
        "/api/" + String(repeating: "{p}/", count: 300), "//other.example/x", "/api/x?y=1", "/api/x#f", "",
    ]

    mutating func mutate(_ root: JSONValue, count: Int) -> JSONValue {
        var value = root
        for _ in 0..<count { value = mutateOnce(value) }
        return value
    }

    private mutating func mutateOnce(_ root: JSONValue) -> JSONValue {
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            var paths = root["paths"]?.objectValue ?? JSONObject()
            let operation: JSONValue = ["get": ["operationId": "hostile", "responses": ["200": ["description": "x"]]]]
            paths[Self.hostilePaths.randomElement(using: &random)!] = operation
            return replacing(root, key: "paths", with: .object(paths))
        case 1:
            var components = root["components"]?.objectValue ?? JSONObject()
            var schemas = components["schemas"]?.objectValue ?? JSONObject()
            schemas["Loop"] = ["$ref": "#/components/schemas/Loop"]
            schemas["A"] = ["allOf": [["$ref": "#/components/schemas/B"]], "type": ["bogus", 7]]
            schemas["B"] = ["properties": ["a": ["$ref": "#/components/schemas/A"]], "pattern": "(a+)+$"]
            components["schemas"] = .object(schemas)
            return replacing(root, key: "components", with: .object(components))
        default:
            return walk(root, depth: 0)
        }
    }

    private func replacing(_ root: JSONValue, key: String, with value: JSONValue) -> JSONValue {
        guard case .object(var object) = root else { return root }
        object[key] = value
        return .object(object)
    }

    /// Changes one node on a random path down the tree.
    private mutating func walk(_ value: JSONValue, depth: Int) -> JSONValue {
        let stop = depth > 1 && Int.random(in: 0..<4, using: &random) == 0
        switch value {
        case .object(var object) where !object.isEmpty && !stop:
            let keys = object.keys
            let key = keys.randomElement(using: &random)!
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where depth > 0:
                object[key] = nil
            case 1 where keys.count > 1:
                let other = keys.randomElement(using: &random)!
                let swapped = object[other]
                object[other] = object[key]
                object[key] = swapped
            default:
                object[key] = walk(object[key]!, depth: depth + 1)
            }
            return .object(object)
        case .array(var elements) where !elements.isEmpty && !stop:
            let position = Int.random(in: 0..<elements.count, using: &random)
            elements[position] = walk(elements[position], depth: depth + 1)
            return .array(elements)
        default:
            return replacement(for: value)
        }
    }

    private mutating func replacement(for value: JSONValue) -> JSONValue {
        let choices: [JSONValue] = [
            .null, .bool(true), .int(-1), .int(Int.max), .double(1e308), .string(""),
            .string(String(repeating: "x", count: 100_000)), .array([]), .object(JSONObject()),
            ["$ref": "#/components/schemas/DoesNotExist"], ["$ref": "http://127.0.0.1:18999/x"],
            ["type": "array", "items": ["$ref": "#/components/schemas/WorkflowTask"]],
            .string("{x}"), .array([.string("x"), .int(1), .null]),
        ]
        return choices.randomElement(using: &random)!
    }
}

// Serialized, and yielding between documents: the work is synchronous and would otherwise hold every thread of the
// test process's small cooperative pool at once.
@Suite("Mutated documents: no crash, no hang, every tool answers", .serialized)
struct SpecMutationTests {
    /// Mutated documents per real document; MUTATIONS scales a longer run.
    static let perDocument = Int(ProcessInfo.processInfo.environment["MUTATIONS"] ?? "") ?? 25

    @Test(
        "check, search, inspect and dry-run invoke survive mutated documents", arguments: ["oss", "orkes", "netflix"])
    func mutatedDocuments(name: String) async throws {
        let bytes = try Fixtures.bytes(Fixtures.realSpecs[name]!)
        let original = try SpecParser.parse(bytes, source: name)
        var mutator = SpecMutator(random: SeededGenerator(seed: UInt64(name.utf8.reduce(7) { $0 &* 31 &+ Int($1) })))
        for number in 0..<Self.perDocument {
            let root = mutator.mutate(.object(original.root), count: 1 + number % 6)
            let document = SpecDocument(
                source: "\(name)#\(number)", format: .json, openAPIVersion: original.openAPIVersion,
                root: root.objectValue ?? JSONObject(), byteCount: bytes.count)
            let index = EndpointIndex(document: document)
            _ = SpecReport(index: index).text
            for endpoint in index.endpoints {
                #expect(
                    EndpointIndexBuilder.pathProblem(endpoint.path) == nil, "mutation \(number): \(endpoint.path)")
            }
            let engine = SearchEngine(index: index)
            for query in ["start a workflow", "", "x", String(repeating: "task ", count: 200)] {
                _ = engine.search(query, limit: 5)
            }
            let inspector = Inspector(index: index)
            let transport = FakeTransport()
            let invoker = InvokeTest.invoker(index, transport: transport)
            var generator = SeededGenerator(seed: UInt64(number))
            for endpoint in index.endpoints.shuffled(using: &generator).prefix(12) {
                _ = try? inspector.inspect(endpoint.key, expand: Array(index.schemaOrder.prefix(2)))
                let example = inspector.exampleArguments(for: endpoint)
                let outcome = await invoker.invoke(
                    InvokeArguments(
                        endpoint: endpoint.key, params: example["params"]?.objectValue ?? JSONObject(),
                        body: example["body"], dryRun: true))
                #expect(!outcome.text.isEmpty)
                #expect(outcome.text.count <= 3 * Invoker.defaultMaxChars, "mutation \(number): \(endpoint.key)")
            }
            #expect(await transport.requests.isEmpty, "a dry run sent a request")
            await Task.yield()
        }
    }
}

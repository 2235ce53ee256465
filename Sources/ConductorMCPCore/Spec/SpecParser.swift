import Yams

/// Turns document bytes into a `SpecDocument`: JSON or YAML told apart by content, OpenAPI 3.0/3.1 checked.
public enum SpecParser {
    /// Parses `bytes` read from `source` (a name for messages).
    public static func parse(_ bytes: [UInt8], source: String) throws(SpecLoadError) -> SpecDocument {
        let format = detectFormat(bytes)
        let root: JSONValue
        var diagnostics: [SpecDiagnostic] = []
        switch format {
        case .json:
            do {
                // A name said twice in one object is refused, as YAML's reader refuses it: with the last value
                // winning, what this server reads and what another reader takes from the same document could differ.
                root = try JSONParser.parse(bytes, maxValues: .max, refusingDuplicateKeys: true).value
            } catch {
                throw .syntax(
                    source: source, format: "JSON", line: error.line, column: error.column, problem: error.message)
            }
        case .yaml:
            (root, diagnostics) = try parseYAML(bytes, source: source)
        }
        guard case .object(let object) = root else {
            throw .notOpenAPI(source: source, problem: "the top level is \(root.typeName), not an object")
        }
        if object["swagger"] != nil { throw .swagger2(source: source) }
        guard let version = object["openapi"]?.stringValue else {
            throw .notOpenAPI(source: source, problem: "no key named \"openapi\" at the top level")
        }
        guard version.hasPrefix("3.0") || version.hasPrefix("3.1") else {
            throw .notOpenAPI(source: source, problem: "version \"\(version)\" is not in the 3.0.x or 3.1.x sets")
        }
        guard object["paths"]?.objectValue != nil else {
            throw .notOpenAPI(source: source, problem: "no \"paths\" object at the top level")
        }
        return SpecDocument(
            source: source, format: format, openAPIVersion: version, root: object, byteCount: bytes.count,
            diagnostics: diagnostics)
    }

    /// JSON when the first non-space character opens an object or array (after a BOM); YAML otherwise, and also for
    /// an object whose first member name is not in double quotes (`{openapi: 3.0.1, …}`, YAML's flow style: JSON
    /// always quotes it). Extensions lie (`/api-docs` has none, `.yaml` files can hold JSON), so content decides.
    static func detectFormat(_ bytes: [UInt8]) -> SpecDocument.Format {
        func skipSpace(_ index: inout Int) {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipSpace(&index)
        guard index < bytes.count else { return .yaml }
        if bytes[index] == UInt8(ascii: "[") { return .json }
        guard bytes[index] == UInt8(ascii: "{") else { return .yaml }
        index += 1
        skipSpace(&index)
        let first = index < bytes.count ? bytes[index] : UInt8(ascii: "}")
        return first == UInt8(ascii: "\"") || first == UInt8(ascii: "}") ? .json : .yaml
    }

    /// Most values a YAML document may expand to: its byte count times `yamlExpansionFactor`, and at least
    /// `yamlMinimumValues`. Aliases let 400 bytes describe billions of values ("billion laughs"); a real document
    /// has fewer values than bytes.
    static let yamlExpansionFactor = 4
    static let yamlMinimumValues = 100_000
    /// Deepest YAML nesting accepted, as for JSON.
    static let yamlMaxDepth = 512

    /// Largest YAML document read: the YAML library holds about 80 times a document's size in memory while
    /// converting it (a 16 MiB YAML list took 27 s and 1.4 GB), so YAML stops at 2 MiB, four times the largest real
    /// Conductor document; JSON goes up to the loader's 16 MiB.
    public static let maxYAMLBytes = 2 << 20

    static func parseYAML(_ bytes: [UInt8], source: String) throws(SpecLoadError) -> (JSONValue, [SpecDiagnostic]) {
        guard bytes.count <= maxYAMLBytes else {
            throw .notOpenAPI(
                source: source,
                problem: "a YAML document of \(bytes.count) bytes is larger than the \(maxYAMLBytes)-byte YAML limit "
                    + "(YAML takes far more memory to read than JSON); give the JSON form (up to 16 MiB)")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let depth = flowAndIndentDepthProblem(body) else {
            return try convertYAML(body, source: source)
        }
        throw .syntax(
            source: source, format: "YAML", line: depth, column: nil,
            problem: "nesting deeper than \(yamlMaxDepth) levels")
    }

    private static func convertYAML(_ body: [UInt8], source: String) throws(SpecLoadError) -> (
        JSONValue, [SpecDiagnostic]
    ) {
        let text = String(decoding: body, as: UTF8.self)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlSyntaxError(error, source: source)
        } catch {
            throw .syntax(source: source, format: "YAML", line: nil, column: nil, problem: "\(error)")
        }
        guard let node else { throw .notOpenAPI(source: source, problem: "the document is empty") }
        var converter = YAMLConverter(maxValues: max(yamlMinimumValues, body.count * yamlExpansionFactor))
        guard let value = converter.convert(node, depth: 0) else {
            throw .syntax(
                source: source, format: "YAML", line: nil, column: nil,
                problem: converter.tooDeep
                    ? "nesting deeper than \(yamlMaxDepth) levels"
                    : "its aliases expand to more than \(converter.maxValues) values (an alias bomb?); "
                        + "a real OpenAPI document has fewer values than bytes")
        }
        return (value, converter.diagnostics)
    }

    /// The line of the first place nested deeper than `yamlMaxDepth` flow brackets, or nil. Yams composes nodes
    /// recursively, so a document of 100,000 `[` must be refused before it reaches Yams; block nesting is bounded by
    /// the indentation, which costs one byte per level.
    static func flowAndIndentDepthProblem(_ bytes: [UInt8]) -> Int? {
        var depth = 0
        var line = 1
        var indent = 0
        var atLineStart = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                indent = 0
                atLineStart = true
            case UInt8(ascii: " ") where atLineStart:
                indent += 1
                if indent > 4 * yamlMaxDepth { return line }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                atLineStart = false
                depth += 1
                if depth > yamlMaxDepth { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                atLineStart = false
                depth = max(depth - 1, 0)
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                // "- - - x" nests a sequence per dash on one line.
                if atLineStart {
                    indent += 2
                    if indent > 4 * yamlMaxDepth { return line }
                }
            default:
                atLineStart = false
            }
        }
        return nil
    }

    static func yamlSyntaxError(_ error: YamlError, source: String) -> SpecLoadError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return .syntax(
                source: source, format: "YAML", line: mark.line, column: mark.column, problem: detail + problem)
        case .reader(let problem, let offset, let value, let yaml):
            // Yams' own description quotes the whole line, which may hold a secret (a configuration file) or a
            // forged log line: the position and the character instead.
            var line: Int?
            var column: Int?
            if let offset, offset >= 0 {
                let before = Array(yaml.utf8.prefix(offset))
                line = before.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            }
            let character = value >= 0 ? " (U+\(String(value, radix: 16, uppercase: true)))" : ""
            return .syntax(source: source, format: "YAML", line: line, column: column, problem: problem + character)
        case .duplicatedKeysInMapping(let duplicates, _):
            return .syntax(
                source: source, format: "YAML", line: nil, column: nil,
                problem: "duplicate keys in one mapping: "
                    + duplicates.prefix(5).map { "\"\($0)\"" }.joined(separator: ", "))
        default:
            return .syntax(source: source, format: "YAML", line: nil, column: nil, problem: "\(error)")
        }
    }

}

/// Turns a composed YAML node into JSON within a value budget and a depth limit, keeping a diagnostic for each key
/// that is not a string.
struct YAMLConverter {
    /// Values produced at most; aliases are expanded, so this is what bounds an alias bomb.
    let maxValues: Int
    private(set) var values = 0
    private(set) var tooDeep = false
    private(set) var diagnostics: [SpecDiagnostic] = []

    init(maxValues: Int) { self.maxValues = maxValues }

    /// The node as JSON, or nil once the budget or the depth limit is exceeded.
    mutating func convert(_ node: Node, depth: Int) -> JSONValue? {
        values += 1
        guard values <= maxValues else { return nil }
        guard depth <= SpecParser.yamlMaxDepth else {
            tooDeep = true
            return nil
        }
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map(JSONValue.int) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            var seen = Set<String>()
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    let kind = key.mapping != nil ? "a mapping" : key.sequence != nil ? "a sequence" : "an alias"
                    let place = key.mark.map { "line \($0.line), column \($0.column)" } ?? "an unknown place"
                    diagnostics.append(
                        SpecDiagnostic(
                            .warning, kind: "yaml-complex-key", at: place,
                            "a mapping key is \(kind), not a string; OpenAPI keys are strings, so the member is left out"
                        ))
                    continue
                }
                guard let converted = convert(value, depth: depth + 1) else { return nil }
                // A set of seen keys keeps a mapping with many keys linear (JSONObject's lookup is a scan).
                if seen.insert(scalar.string).inserted {
                    object.appendUnchecked(scalar.string, converted)
                } else {
                    object[scalar.string] = converted
                }
            }
            return .object(object)
        case .sequence(let sequence):
            var array: [JSONValue] = []
            array.reserveCapacity(sequence.count)
            for element in sequence {
                guard let converted = convert(element, depth: depth + 1) else { return nil }
                array.append(converted)
            }
            return .array(array)
        case .alias:
            // compose() resolves aliases to their anchored node; a bare alias here carries no value.
            return .null
        }
    }
}

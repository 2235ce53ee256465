import Yams

/// Turns document bytes into a `SpecDocument`: JSON or YAML told apart by content, OpenAPI 3.0/3.1 checked.
public enum SpecParser {
    /// Parses `bytes` read from `source` (a name for messages).
    public static func parse(_ bytes: [UInt8], source: String) throws(SpecLoadError) -> SpecDocument {
        let format = detectFormat(bytes)
        let root: JSONValue
        switch format {
        case .json:
            do {
                root = try JSONParser.parse(bytes)
            } catch {
                throw .syntax(
                    source: source, format: "JSON", line: error.line, column: error.column, problem: error.message)
            }
        case .yaml:
            root = try parseYAML(bytes, source: source)
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
            source: source, format: format, openAPIVersion: version, root: object, byteCount: bytes.count)
    }

    /// JSON when the first non-space character opens an object or array (after a BOM); YAML otherwise.
    /// Extensions lie (`/api-docs` has none, `.yaml` files can hold JSON), so content decides.
    static func detectFormat(_ bytes: [UInt8]) -> SpecDocument.Format {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { return .yaml }
        return bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") ? .json : .yaml
    }

    static func parseYAML(_ bytes: [UInt8], source: String) throws(SpecLoadError) -> JSONValue {
        let text = String(decoding: bytes, as: UTF8.self)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlSyntaxError(error, source: source)
        } catch {
            throw .syntax(source: source, format: "YAML", line: nil, column: nil, problem: "\(error)")
        }
        guard let node else { throw .notOpenAPI(source: source, problem: "the document is empty") }
        return convert(node)
    }

    static func yamlSyntaxError(_ error: YamlError, source: String) -> SpecLoadError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return .syntax(
                source: source, format: "YAML", line: mark.line, column: mark.column, problem: detail + problem)
        default:
            return .syntax(source: source, format: "YAML", line: nil, column: nil, problem: "\(error)")
        }
    }

    /// A YAML node as JSON: scalars by their resolved tag, mappings in order with keys as strings.
    static func convert(_ node: Node) -> JSONValue {
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
            for (key, value) in mapping {
                object[key.string ?? "\(key)"] = convert(value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(convert))
        case .alias:
            // compose() resolves aliases to their anchored node; a bare alias here carries no value.
            return .null
        }
    }
}

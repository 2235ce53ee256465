/// A parsed OpenAPI document: its JSON tree and where it came from, before indexing.
public struct SpecDocument: Sendable {
    /// The syntax the document was written in.
    public enum Format: String, Sendable {
        case json = "JSON"
        case yaml = "YAML"
    }

    /// Where it came from, for messages.
    public let source: String
    /// JSON or YAML.
    public let format: Format
    /// The `openapi` version string, such as 3.0.1.
    public let openAPIVersion: String
    /// The whole document.
    public let root: JSONObject
    /// Size of the text in bytes.
    public let byteCount: Int
    /// Problems found while reading the syntax that the document survives (a YAML key that is not a string).
    public var diagnostics: [SpecDiagnostic] = []
}

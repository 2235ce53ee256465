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

    /// A document over `root`, its text made printable first (`SpecText`): every document, parsed or built, passes
    /// here, so nothing downstream sees a control character or a line break outside a description.
    public init(
        source: String, format: Format, openAPIVersion: String, root: JSONObject, byteCount: Int,
        diagnostics: [SpecDiagnostic] = []
    ) {
        self.source = source
        self.format = format
        self.openAPIVersion = openAPIVersion
        self.byteCount = byteCount
        self.diagnostics = diagnostics
        if let (sanitized, count) = SpecText.sanitized(.object(root)), let object = sanitized.objectValue {
            self.root = object
            self.diagnostics.append(
                SpecDiagnostic(
                    .warning, kind: "control-characters", at: "",
                    "\(count) strings or names hold control characters, bidirectional marks or line breaks outside a "
                        + "description; shown as U+FFFD (line breaks as spaces)"))
        } else {
            self.root = root
        }
    }
}

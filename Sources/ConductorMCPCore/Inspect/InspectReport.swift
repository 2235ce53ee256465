/// What `inspect` says about one endpoint: the text an agent reads and the same facts as data.
public struct InspectReport: Sendable {
    /// The rendered description, within the inspector's budget unless types were expanded on request.
    public let text: String
    /// The endpoint described.
    public let endpoint: Endpoint
    /// Ready-to-fill arguments for `invoke`: `{endpoint, params?, body?}`.
    public let exampleArguments: JSONValue
    /// Component types printed in full.
    public let typesShown: [String]
    /// Component types referred to but not printed (budget), which `expand` can ask for.
    public let typesNotShown: [String]
}

/// The arguments of one `invoke` call, as the MCP tool and the CLI receive them.
public struct InvokeArguments: Sendable {
    /// `METHOD /path` or operationId.
    public var endpoint: String
    /// Every parameter in one flat object; the spec decides whether each goes in the path, query, a header or a cookie.
    public var params: JSONObject
    /// The request body: any JSON value, or a string for text bodies.
    public var body: JSONValue?
    /// Build and show the request without sending it.
    public var dryRun: Bool
    /// Response paths to keep (`status`, `tasks[].status`); nil keeps everything.
    public var fields: [String]?
    /// Character budget of the answer; nil means the default (6,000).
    public var maxChars: Int?
    /// Who is calling: decides the role, the rate-limit bucket and the audit log's caller.
    public var caller: CallerIdentity
    /// The caller confirmed a call that needs confirmation (`"confirm": true`, or an accepted elicitation).
    public var confirmed: Bool

    /// Arguments for one call.
    public init(
        endpoint: String, params: JSONObject = JSONObject(), body: JSONValue? = nil, dryRun: Bool = false,
        fields: [String]? = nil, maxChars: Int? = nil, caller: CallerIdentity = .local, confirmed: Bool = false
    ) {
        self.endpoint = endpoint
        self.params = params
        self.body = body
        self.dryRun = dryRun
        self.fields = fields
        self.maxChars = maxChars
        self.caller = caller
        self.confirmed = confirmed
    }
}

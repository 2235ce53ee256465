/// `["workflowId": "abc"]` as a `JSONObject`, for params written in code (tests, the CLI's examples).
extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

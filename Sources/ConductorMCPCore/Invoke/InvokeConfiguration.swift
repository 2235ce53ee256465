public import Foundation

/// Where and how `invoke` calls Conductor; the command line builds it from its settings (flags, environment, file).
public struct InvokeConfiguration: Sendable {
    /// The Conductor server, with or without a trailing `/api` (the spec's paths already start with `/api`).
    public var serverURL: URL
    /// Orkes application key id; with `authSecret`, a token is fetched from `POST /api/token`.
    public var authKey: String?
    /// Orkes application key secret.
    public var authSecret: String?
    /// Headers sent with every request, such as `Authorization: Bearer …`.
    public var staticHeaders: [(name: String, value: String)]
    /// Longest time one HTTP exchange may take, body included.
    public var timeout: Duration
    /// Largest response body read; the rest is cut and the answer says so.
    public var maxResponseBytes: Int
    /// How long a token is reused when it is not a JWT with an `exp` claim.
    public var defaultTokenLifetime: Duration
    /// What answers call the settings they advise changing.
    public var names = SettingNames()
    /// What answers call the operations and arguments they point at.
    public var tools = ToolNames()

    /// The default server when none is configured.
    public static let defaultServerURL = URL(string: "http://localhost:8080")!

    /// A configuration; every part has a default.
    public init(
        serverURL: URL = InvokeConfiguration.defaultServerURL, authKey: String? = nil, authSecret: String? = nil,
        staticHeaders: [(name: String, value: String)] = [], timeout: Duration = .seconds(30),
        maxResponseBytes: Int = 10 << 20, defaultTokenLifetime: Duration = .seconds(30 * 60)
    ) {
        self.serverURL = serverURL
        self.authKey = authKey
        self.authSecret = authSecret
        self.staticHeaders = staticHeaders
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.defaultTokenLifetime = defaultTokenLifetime
    }

    /// Parses a server URL: an absolute http(s) URL with a host and a valid port, no query, fragment or
    /// credentials.
    public static func parseServerURL(_ text: String) throws(InvokeError) -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let shown = ServerOrigin.displayed(trimmed)
        do {
            _ = try ServerOrigin(validating: trimmed)
        } catch {
            throw .configuration(
                "server URL \"\(shown)\" \(error.reason); give an absolute http:// or https:// URL with a host, "
                    + "such as http://localhost:8080 or https://play.orkes.io/api")
        }
        guard let url = URL(string: trimmed), url.query == nil, url.fragment == nil else {
            throw .configuration("server URL \"\(shown)\" must not carry a query or a fragment")
        }
        return url
    }

    /// Parses a static header, `Name: value`; refuses invalid names and values with CR, LF or NUL.
    ///
    /// No message repeats the value, nor the text when it has no colon: a header is often a credential.
    public static func parseHeader(_ text: String) throws(InvokeError) -> (name: String, value: String) {
        guard let colon = text.firstIndex(of: ":") else {
            throw .configuration(
                "a header (\(text.count) characters, not shown) has no colon; write it as 'Name: value'")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if let problem = HeaderRules.nameProblem(name) {
            throw .configuration("a header name (\(name.count) characters, not shown): \(problem)")
        }
        if let problem = HeaderRules.valueProblem(value) { throw .configuration("header \"\(name)\": \(problem)") }
        if HeaderRules.framing.contains(name.lowercased()) {
            throw .configuration(
                "header \"\(name)\" frames the message or the connection; the HTTP client sets it from each request, "
                    + "so it cannot be configured")
        }
        return (name, value)
    }

    /// Problems that make this configuration unusable, in words; empty when it is fine.
    public var problems: [String] {
        var problems: [String] = []
        do throws(InvokeError) {
            _ = try Self.parseServerURL(serverURL.absoluteString)
        } catch {
            problems.append(error.message)
        }
        if (authKey == nil) != (authSecret == nil) {
            problems.append("auth needs both a key and a secret (\(names.credentials))")
        }
        for header in staticHeaders {
            if let problem = HeaderRules.nameProblem(header.name) ?? HeaderRules.valueProblem(header.value) {
                problems.append("header \"\(header.name)\": \(problem)")
            }
        }
        if maxResponseBytes < 1 { problems.append("max response bytes must be at least 1") }
        if timeout <= .zero { problems.append("timeout must be positive") }
        return problems
    }

    /// True when requests carry an Orkes token.
    public var usesTokenAuth: Bool { authKey != nil && authSecret != nil }

    /// The server URL as a prefix for the spec's paths: no trailing `/`, and no trailing `/api` when the paths
    /// start with `/api` (so `http://host/api` + `/api/workflow` is not `/api/api/workflow`).
    func baseURL(pathsStartWithAPI: Bool) -> String {
        var base = serverURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        if pathsStartWithAPI, base.lowercased().hasSuffix("/api") { base.removeLast(4) }
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}

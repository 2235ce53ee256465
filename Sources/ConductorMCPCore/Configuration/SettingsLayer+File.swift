import Foundation

/// The configuration file: JSON or YAML, told apart by content, with `${ENV_VAR}` interpolation in every string.
///
/// Read by hand rather than with apple/swift-configuration 1.4.0 (in the package mirror): its file providers hold
/// scalars and arrays of scalars only (a role's rule lists are arrays of objects), and it looks keys up on demand,
/// so it cannot report unknown keys with a did-you-mean, which this file's contract requires. The layering itself is
/// four optional-valued structs stacked in order (`Settings(layers:)`), which needs no library.
extension SettingsLayer {
    /// The top-level keys: conductor-mcp's three, then this project's own.
    static let fileKeys = [
        "CONDUCTOR_SERVER_URL", "CONDUCTOR_AUTH_KEY", "CONDUCTOR_AUTH_SECRET", "spec", "specTimeout", "server",
        "logLevel", "policy", "roles", "roleMapping", "limits", "rateLimits", "audit", "transport",
    ]

    /// Largest configuration file read.
    public static let maxFileBytes = 1 << 20

    /// Longest `METHOD /path` glob, and most `*` in one: bounds the backtracking of a match.
    static let maxPatternLength = 300
    static let maxPatternStars = 8

    /// Reads the file at `path`; `environment` fills `${NAME}` references.
    public static func file(_ path: String, environment: [String: String]) throws(ConfigurationError) -> SettingsLayer {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.bytes(at: path, maxBytes: maxFileBytes)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        return try parse(bytes, source: path, environment: environment)
    }

    /// Parses configuration text read from `source`.
    public static func parse(_ bytes: [UInt8], source: String, environment: [String: String])
        throws(ConfigurationError) -> SettingsLayer
    {
        let root: JSONValue
        switch SpecParser.detectFormat(bytes) {
        case .json:
            do {
                root = try JSONParser.parse(bytes, maxValues: .max, refusingDuplicateKeys: true).value
            } catch {
                throw .syntax(path: source, detail: "line \(error.line), column \(error.column): \(error.message)")
            }
        case .yaml:
            let diagnostics: [SpecDiagnostic]
            do {
                (root, diagnostics) = try SpecParser.parseYAML(bytes, source: source)
            } catch {
                // The YAML problem alone: the spec loader's advice (download the document again) is not for a config.
                guard case .syntax(_, _, let line, let column, let problem) = error else {
                    // The YAML reader's other refusals speak of an OpenAPI document; say what the problem was.
                    if case .notOpenAPI(_, let problem) = error { throw .syntax(path: source, detail: problem) }
                    throw .syntax(path: source, detail: error.errorDescription ?? "\(error)")
                }
                let position = line.map { "line \($0)" + (column.map { ", column \($0)" } ?? "") + ": " } ?? ""
                throw .syntax(path: source, detail: position + problem)
            }
            // A configuration key that is not a string cannot be honoured: an error, not a member left out.
            if let first = diagnostics.first {
                throw .syntax(path: source, detail: "\(first.pointer): \(first.message)")
            }
        }
        var problems: [String] = []
        var substituted: [String] = []
        let interpolated = interpolate(
            root, at: "", environment: environment, problems: &problems, substituted: &substituted)
        var reader = ConfigReader()
        var layer = decode(interpolated, reader: &reader)
        layer.interpolatedValues = substituted
        problems += reader.problems
        // `${NAME}` exists for secrets: no message repeats a value that came from the environment.
        if !problems.isEmpty { throw .invalid(path: source, problems: problems.map { layer.redacting($0) }) }
        return layer
    }

    /// Replaces `${NAME}` in every string with the variable's value; an unset variable is a problem.
    /// A value put into a place that holds a credential (under a key that `HeaderRules.isSecret` calls one:
    /// `authSecret`, `authKey`, an `Authorization` or `X-Api-Key` header), or one that reads as a credential
    /// ("Bearer …"), is added to `substituted`, which messages mask; others are not, since masking an ordinary word
    /// ("workflow", "prod") wherever it appears would garble every message.
    static func interpolate(
        _ value: JSONValue, at path: String, environment: [String: String], problems: inout [String],
        substituted: inout [String], secretPlace: Bool = false
    ) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("${") else { return value }
            var result = ""
            var rest = text[...]
            while let start = rest.range(of: "${") {
                result += rest[..<start.lowerBound]
                guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                    problems.append("\(path): unclosed \"${\" in a string")
                    return value
                }
                let name = String(rest[start.upperBound..<end])
                if let substitute = environment[name] {
                    result += substitute
                    if !substitute.isEmpty, secretPlace || HeaderRules.readsAsCredential(substitute) {
                        substituted.append(substitute)
                    }
                } else {
                    problems.append("\(path): the environment variable \(name) in ${\(name)} is not set")
                }
                rest = rest[rest.index(after: end)...]
            }
            return .string(result + rest)
        case .array(let elements):
            return .array(
                elements.enumerated().map {
                    interpolate(
                        $0.element, at: "\(path)[\($0.offset)]", environment: environment, problems: &problems,
                        substituted: &substituted, secretPlace: secretPlace)
                })
        case .object(let object):
            return .object(
                JSONObject(
                    object.map {
                        (
                            $0.key,
                            interpolate(
                                $0.value, at: path.isEmpty ? $0.key : "\(path).\($0.key)", environment: environment,
                                problems: &problems, substituted: &substituted,
                                secretPlace: secretPlace || HeaderRules.isSecret($0.key))
                        )
                    }))
        default:
            return value
        }
    }

    /// Whether `name` can name a role: 1 to 64 ASCII letters, digits, `_`, `-` or `.`.
    static func isRoleName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F || $0 == 0x2D
                    || $0 == 0x2E
            }
    }

    static func decode(_ root: JSONValue, reader: inout ConfigReader) -> SettingsLayer {
        var layer = SettingsLayer()
        guard let top = reader.object(root, at: "", known: fileKeys) else { return layer }
        layer.spec = reader.string(top["spec"], at: "spec")
        layer.specTimeout = reader.number(top["specTimeout"], at: "specTimeout", in: 0.001...3600)
        layer.logLevel = reader.choice(
            top["logLevel"], at: "logLevel", in: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        layer.serverURL = reader.string(top["CONDUCTOR_SERVER_URL"], at: "CONDUCTOR_SERVER_URL")
        layer.authKey = reader.string(top["CONDUCTOR_AUTH_KEY"], at: "CONDUCTOR_AUTH_KEY")
        layer.authSecret = reader.string(top["CONDUCTOR_AUTH_SECRET"], at: "CONDUCTOR_AUTH_SECRET")
        if let value = top["server"],
            let server = reader.object(
                value, at: "server", known: ["url", "authKey", "authSecret", "headers", "timeout", "maxResponseBytes"])
        {
            for (key, flat, current) in [
                ("url", "CONDUCTOR_SERVER_URL", layer.serverURL), ("authKey", "CONDUCTOR_AUTH_KEY", layer.authKey),
                ("authSecret", "CONDUCTOR_AUTH_SECRET", layer.authSecret),
            ] where server[key] != nil && current != nil {
                reader.problem("server.\(key)", "and \(flat) both set it; keep one")
            }
            layer.serverURL = reader.string(server["url"], at: "server.url") ?? layer.serverURL
            layer.authKey = reader.string(server["authKey"], at: "server.authKey") ?? layer.authKey
            layer.authSecret = reader.string(server["authSecret"], at: "server.authSecret") ?? layer.authSecret
            if let headers = server["headers"] {
                if case .object(let object) = headers {
                    layer.headers = object.compactMap { name, value in
                        reader.string(value, at: "server.headers.\(name)").map { "\(name): \($0)" }
                    }
                } else {
                    reader.problem(
                        "server.headers", "must be an object of header names to values, got \(headers.typeName)")
                }
            }
            layer.timeout = reader.number(server["timeout"], at: "server.timeout", in: 0.001...3600)
            layer.maxResponseBytes = reader.integer(
                server["maxResponseBytes"], at: "server.maxResponseBytes", in: Settings.maxResponseBytesRange)
        }
        if let value = top["policy"],
            let policy = reader.object(
                value, at: "policy", known: ["role", "readOnly", "readOnlyAllow", "search", "confirmDestructive"])
        {
            layer.role = reader.string(policy["role"], at: "policy.role")
            layer.readOnly = reader.bool(policy["readOnly"], at: "policy.readOnly")
            if let rules = policy["readOnlyAllow"] {
                layer.readOnlyAllow = decodeRules(rules, at: "policy.readOnlyAllow", reader: &reader)
            }
            layer.policySearch = reader.choice(policy["search"], at: "policy.search", in: ["mark", "hide"])
                .flatMap(PolicyVisibility.init(rawValue:))
            layer.confirmDestructive = reader.bool(policy["confirmDestructive"], at: "policy.confirmDestructive")
        }
        if let value = top["roles"], value.objectValue == nil {
            reader.problem("roles", "must be an object of role names to roles, got \(value.typeName)")
        }
        if case .object(let roles)? = top["roles"] {
            var decoded: [String: AccessRole] = [:]
            for (name, value) in roles {
                let path = "roles.\(name)"
                if name == "none" { reader.problem(path, "is reserved for callers with no role; pick another name") }
                // A role's name is printed in tables, audit lines and refusals: a plain word.
                if !Self.isRoleName(name) {
                    reader.problem(
                        "roles",
                        "a role name must be 1 to 64 letters, digits, \"_\", \"-\" or \".\" (one has "
                            + "\(name.unicodeScalars.count) characters)")
                    continue
                }
                // A built-in role keeps its meaning: `roleMapping.unmatched` defaults to viewer, so a file that made
                // viewer "allow everything" would open the server to every caller. Names differing only in case would
                // read as one role in every message.
                if AccessRole.builtIn[name.lowercased()] != nil {
                    reader.problem(
                        path,
                        "redefines the built-in role \(name.lowercased()); name your role otherwise and start it "
                            + "with extends: \(name.lowercased())")
                    continue
                }
                if let other = decoded.keys.first(where: { $0.lowercased() == name.lowercased() }) {
                    reader.problem(path, "differs from the role \(other) only in letter case; pick another name")
                    continue
                }
                guard
                    let role = reader.object(
                        value, at: path, known: ["extends", "summary", "allow", "deny", "confirm"])
                else { continue }
                // `extends` starts from a built-in role or one listed earlier in the file, so a custom role keeps
                // the base role's denies (security resources, …) without repeating them.
                var base = AccessRole(name: name, allow: [])
                if let parent = reader.string(role["extends"], at: "\(path).extends") {
                    if let found = decoded[parent] ?? AccessRole.builtIn[parent] {
                        base = found
                    } else {
                        let known = (Array(AccessRole.builtIn.keys) + Array(decoded.keys)).sorted()
                        reader.problem(
                            "\(path).extends",
                            "names \"\(parent)\", which is not a built-in role or one defined above it; the roles are "
                                + known.joined(separator: ", "))
                    }
                }
                decoded[name] = AccessRole(
                    name: name, summary: reader.string(role["summary"], at: "\(path).summary") ?? base.summary,
                    allow: base.allow
                        + (role["allow"].map { decodeRules($0, at: "\(path).allow", reader: &reader) } ?? []),
                    deny: base.deny + (role["deny"].map { decodeRules($0, at: "\(path).deny", reader: &reader) } ?? []),
                    confirm: base.confirm
                        + (role["confirm"].map { decodeRules($0, at: "\(path).confirm", reader: &reader) } ?? []))
            }
            layer.roles = decoded
        }
        if let value = top["roleMapping"],
            let mapping = reader.object(value, at: "roleMapping", known: ["scopes", "claim", "unmatched"])
        {
            var scopes: [(scope: String, role: String)] = []
            if let value = mapping["scopes"], value.objectValue == nil {
                reader.problem("roleMapping.scopes", "must be an object of scopes to role names, got \(value.typeName)")
            }
            if case .object(let object)? = mapping["scopes"] {
                for (scope, role) in object {
                    if let role = reader.string(role, at: "roleMapping.scopes.\(scope)") {
                        scopes.append((scope, role))
                    }
                }
            }
            var unmatched: String? = "viewer"
            if let value = mapping["unmatched"] {
                unmatched = value == .null ? nil : reader.string(value, at: "roleMapping.unmatched")
            }
            var roleMapping = RoleMapping(
                scopes: scopes, claim: reader.string(mapping["claim"], at: "roleMapping.claim"), unmatched: unmatched)
            roleMapping.declared = true
            layer.roleMapping = roleMapping
        }
        if let value = top["limits"],
            let limits = reader.object(
                value, at: "limits", known: ["maxBodyBytes", "maxStringLength", "maxArrayLength"])
        {
            layer.maxBodyBytes = reader.integer(limits["maxBodyBytes"], at: "limits.maxBodyBytes", in: 1...(1 << 30))
            layer.maxStringLength = reader.integer(
                limits["maxStringLength"], at: "limits.maxStringLength", in: 1...(1 << 30))
            layer.maxArrayLength = reader.integer(
                limits["maxArrayLength"], at: "limits.maxArrayLength", in: 1...(1 << 30))
        }
        if let value = top["rateLimits"],
            let limits = reader.object(value, at: "rateLimits", known: ["reads", "writes"])
        {
            layer.readLimit = limits["reads"].flatMap { decodeLimit($0, at: "rateLimits.reads", reader: &reader) }
            layer.writeLimit = limits["writes"].flatMap { decodeLimit($0, at: "rateLimits.writes", reader: &reader) }
        }
        if let value = top["audit"], let audit = reader.object(value, at: "audit", known: ["path", "bodies"]) {
            layer.auditLog = reader.string(audit["path"], at: "audit.path")
            layer.auditBodies = reader.bool(audit["bodies"], at: "audit.bodies")
        }
        if let value = top["transport"],
            let transport = reader.object(value, at: "transport", known: ["type", "host", "port"])
        {
            _ = reader.choice(transport["type"], at: "transport.type", in: ["stdio", "http"])
            _ = reader.string(transport["host"], at: "transport.host")
            _ = reader.integer(transport["port"], at: "transport.port", in: 0...65535)
            layer.transport = transport
        }
        return layer
    }

    static func decodeLimit(_ value: JSONValue, at path: String, reader: inout ConfigReader) -> RateLimiter.Limit? {
        guard let object = reader.object(value, at: path, known: ["perMinute", "burst"]) else { return nil }
        let perMinute = reader.number(object["perMinute"], at: "\(path).perMinute", in: 0.001...1_000_000)
        let burst = reader.integer(object["burst"], at: "\(path).burst", in: 1...1_000_000)
        guard let perMinute else {
            if object["perMinute"] == nil { reader.problem("\(path).perMinute", "is required") }
            return nil
        }
        return RateLimiter.Limit(perMinute: perMinute, burst: burst ?? max(1, Int(perMinute / 6)))
    }

    /// A list of rules (one rule object is taken as a list of one).
    static func decodeRules(_ value: JSONValue, at path: String, reader: inout ConfigReader) -> [PolicyRule] {
        let elements: [JSONValue]
        switch value {
        case .array(let array): elements = array
        case .object: elements = [value]
        default:
            reader.problem(path, "must be a list of rules, got \(value.typeName)")
            return []
        }
        var rules: [PolicyRule] = []
        for (offset, element) in elements.enumerated() {
            let rulePath = "\(path)[\(offset)]"
            guard
                let object = reader.object(
                    element, at: rulePath,
                    known: ["methods", "endpoints", "pathPrefixes", "operationIds", "tags", "name"])
            else { continue }
            let methods = reader.strings(object["methods"], at: "\(rulePath).methods") ?? []
            for method in methods
            where method != "*" && !EndpointIndex.methods.contains(method.uppercased()) {
                reader.problem("\(rulePath).methods", "has \"\(method)\", which is not an HTTP method or *")
            }
            var patterns: [EndpointPattern] = []
            for text in reader.strings(object["endpoints"], at: "\(rulePath).endpoints") ?? [] {
                if text.count > maxPatternLength || text.filter({ $0 == "*" }).count > maxPatternStars {
                    reader.problem(
                        "\(rulePath).endpoints",
                        "has a pattern over \(maxPatternLength) characters or with more than \(maxPatternStars) *")
                } else if let pattern = EndpointPattern(text) {
                    patterns.append(pattern)
                } else {
                    reader.problem(
                        "\(rulePath).endpoints", "has \"\(text)\", which is not \"METHOD /path\" (globs: * and **)")
                }
            }
            let prefixes = reader.strings(object["pathPrefixes"], at: "\(rulePath).pathPrefixes") ?? []
            for prefix in prefixes where !prefix.hasPrefix("/") {
                reader.problem("\(rulePath).pathPrefixes", "has \"\(prefix)\", which does not start with /")
            }
            let rule = PolicyRule(
                methods: methods, endpoints: patterns, pathPrefixes: prefixes,
                operationIds: reader.strings(object["operationIds"], at: "\(rulePath).operationIds") ?? [],
                tags: reader.strings(object["tags"], at: "\(rulePath).tags") ?? [],
                name: reader.string(object["name"], at: "\(rulePath).name"))
            if rule.isEmpty {
                reader.problem(
                    rulePath, "has no criterion; give methods, endpoints, pathPrefixes, operationIds or tags")
            }
            rules.append(rule)
        }
        return rules
    }
}

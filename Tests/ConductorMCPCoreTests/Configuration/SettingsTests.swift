import ConductorMCPCore
import Foundation
import TestSupport
import Testing

@Suite("Configuration file and settings")
struct SettingsTests {
    static func parse(_ text: String, environment: [String: String] = [:]) throws(ConfigurationError) -> SettingsLayer {
        try SettingsLayer.parse(Array(text.utf8), source: "test.yaml", environment: environment)
    }

    static func problems(_ text: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try parse(text, environment: environment)
            return []
        } catch {
            if case .invalid(_, let problems) = error { return problems }
            return ["\(error)"]
        }
    }

    @Test("a syntax error quotes no line of the file (it may hold a secret), a problem no control character")
    func errorsQuoteNothingHidden() throws {
        func message(_ text: String) -> String {
            do {
                _ = try Self.parse(text)
                return ""
            } catch { return error.errorDescription ?? "" }
        }
        let control = message("server:\n  authKey: k\n  authSecret: \"LiteralSecretValue-9f8e7d\u{1}\"\n")
        #expect(control.contains("line 3") && control.contains("U+1"), "\(control)")
        #expect(!control.contains("LiteralSecretValue"), "\(control)")
        let escaped = message("policy:\n  \u{1B}]0;title\u{7}role: viewer\n")
        #expect(!escaped.isEmpty && !escaped.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        let key = message(#"{"policy": {"ro\u001b[2Jle": "viewer"}}"#)
        #expect(key.contains("\u{FFFD}") && !key.unicodeScalars.contains { $0.value == 0x1B }, "\(key)")
    }

    @Test("a role's name is a plain word: empty, spaced or escaped names are problems")
    func roleNames() {
        for bad in ["\"\"", "\"a b\"", "\"x\\u001b[2J\"", "\"\(String(repeating: "r", count: 65))\""] {
            let problems = Self.problems(#"{"roles": {\#(bad): {"extends": "viewer"}}}"#)
            #expect(problems.contains { $0.contains("a role name must be 1 to 64") }, "\(bad): \(problems)")
        }
        #expect(Self.problems(#"{"roles": {"release-bot.v2": {"extends": "viewer"}}}"#).isEmpty)
        // A built-in role cannot be redefined (unmatched callers get viewer), nor two names differ only in case.
        for builtIn in ["viewer", "Viewer", "ADMIN", "operator"] {
            let problems = Self.problems(#"{"roles": {"\#(builtIn)": {"allow": [{"methods": ["*"]}]}}}"#)
            #expect(problems.contains { $0.contains("redefines the built-in role") }, "\(builtIn): \(problems)")
        }
        let twins = Self.problems(#"{"roles": {"ops": {"extends": "viewer"}, "OPS": {"extends": "viewer"}}}"#)
        #expect(twins.contains { $0.contains("only in letter case") }, "\(twins)")
    }

    @Test("a key said twice in one JSON object is an error, as YAML has it: the last role would silently win")
    func duplicateKeysRefused() {
        let problem = Self.problems(#"{"policy": {"role": "admin", "role": "viewer"}}"#)
        #expect(problem.contains { $0.contains("role") && $0.contains("appears twice") }, "\(problem)")
        #expect(Self.problems("policy:\n  role: admin\n  role: viewer\n").count == 1)
        #expect(Self.problems(#"{"policy": {"role": "admin"}, "logLevel": "info"}"#).isEmpty)
    }

    @Test("unknown keys are errors with the nearest known key")
    func unknownKeys() {
        let problems = Self.problems(#"{"polcy": {"role": "viewer"}, "limits": {"maxBodyByte": 1}}"#)
        #expect(problems.count == 2)
        #expect(problems[safe: 0]?.hasPrefix(#"polcy: unknown key (did you mean "policy"?)"#) == true)
        #expect(
            problems[safe: 1]?.hasPrefix(#"limits.maxBodyByte: unknown key (did you mean "maxBodyBytes"?)"#) == true)
    }

    @Test("wrong types and bad rules name the key path")
    func wrongTypes() {
        let problems = Self.problems(
            """
            limits: {maxBodyBytes: big}
            policy: {readOnly: "yes"}
            roles:
              custom:
                allow:
                  - {methods: [FETCH]}
                  - {endpoints: ["/no/method"]}
                  - {}
            rateLimits: {reads: {burst: 3}}
            """)
        #expect(
            problems == [
                "policy.readOnly must be true or false, got string",
                #"roles.custom.allow[0].methods has "FETCH", which is not an HTTP method or *"#,
                #"roles.custom.allow[1].endpoints has "/no/method", which is not "METHOD /path" (globs: * and **)"#,
                "roles.custom.allow[1] has no criterion; give methods, endpoints, pathPrefixes, operationIds or tags",
                "roles.custom.allow[2] has no criterion; give methods, endpoints, pathPrefixes, operationIds or tags",
                "limits.maxBodyBytes must be an integer, got string",
                "rateLimits.reads.perMinute is required",
            ])
    }

    @Test("conductor-mcp's keys, ${ENV} interpolation, and an unset variable named")
    func conductorMCPKeys() throws {
        let layer = try Self.parse(
            #"{"CONDUCTOR_SERVER_URL": "http://h:1", "CONDUCTOR_AUTH_KEY": "${K}", "CONDUCTOR_AUTH_SECRET": "s-${S}"}"#,
            environment: ["K": "key", "S": "secret"])
        #expect(layer.serverURL == "http://h:1")
        #expect(layer.authKey == "key")
        #expect(layer.authSecret == "s-secret")
        #expect(
            Self.problems(#"{"server": {"authKey": "${MISSING}"}}"#) == [
                "server.authKey: the environment variable MISSING in ${MISSING} is not set"
            ])
        #expect(
            Self.problems(#"{"CONDUCTOR_SERVER_URL": "http://a", "server": {"url": "http://b"}}"#) == [
                "server.url and CONDUCTOR_SERVER_URL both set it; keep one"
            ])
    }

    @Test("a roleMapping section that names only unmatched is a mapping; no section is none")
    func roleMappingSection() throws {
        let only = try Self.parse("roleMapping: {unmatched: null}\n")
        #expect(only.roleMapping?.isEmpty == false)
        #expect(only.roleMapping?.unmatched == nil)
        #expect(try Self.parse("logLevel: info\n").roleMapping == nil)
    }

    @Test("precedence: flags > environment > file > defaults")
    func precedence() throws {
        let file = try Self.parse(
            """
            CONDUCTOR_SERVER_URL: http://file:1
            policy: {role: viewer, search: hide}
            server: {timeout: 5}
            """)
        let environment = try SettingsLayer.environment([
            "CONDUCTOR_SERVER_URL": "http://env:2", "CONDUCTOR_MCP_ROLE": "operator",
        ])
        var flags = SettingsLayer()
        flags.role = "admin"
        #expect(Settings().role == "admin" && Settings().serverURL == nil && Settings().timeout == 30)
        let fileOnly = Settings(layers: [file])
        #expect(fileOnly.role == "viewer" && fileOnly.serverURL == "http://file:1" && fileOnly.timeout == 5)
        let withEnvironment = Settings(layers: [file, environment])
        #expect(withEnvironment.role == "operator" && withEnvironment.serverURL == "http://env:2")
        #expect(withEnvironment.policySearch == .hide && withEnvironment.timeout == 5)
        let all = Settings(layers: [file, environment, flags])
        #expect(all.role == "admin" && all.serverURL == "http://env:2")
        #expect(throws: ConfigurationError.self) { try SettingsLayer.environment(["CONDUCTOR_MCP_READ_ONLY": "maybe"]) }
    }

    @Test("the effective configuration shows no secret")
    func redaction() throws {
        let layer = try Self.parse(
            #"{"server": {"authKey": "kid-123", "authSecret": "sss-456", "headers": {"Authorization": "Bearer tok-789", "X-Team": "blue"}}}"#
        )
        let text = Settings(layers: [layer]).redactedJSON.jsonText
        // Every header value is masked, whatever the header's name.
        for secret in ["kid-123", "sss-456", "tok-789", "blue"] { #expect(!text.contains(secret)) }
        #expect(text.contains("X-Team"))
    }

    @Test("the README's example configurations load without a problem", arguments: ["read-only.yaml", "operator.yaml"])
    func fixtures(_ name: String) throws {
        let environment = [
            "CONDUCTOR_SERVER_URL": "http://localhost:8080", "CONDUCTOR_AUTH_KEY": "k", "CONDUCTOR_AUTH_SECRET": "s",
        ]
        let layer = try SettingsLayer.file(
            Fixtures.root.appendingPathComponent("Fixtures/config/\(name)").path, environment: environment)
        let settings = Settings(layers: [layer])
        #expect(settings.problems == [])
        let readme = String(decoding: try Fixtures.bytes("README.md"), as: UTF8.self)
        let text = String(decoding: try Fixtures.bytes("Fixtures/config/\(name)"), as: UTF8.self)
        #expect(readme.contains(text), "README.md shows Fixtures/config/\(name) as it is")
        #expect(settings.role == "operator")
        #expect(settings.readOnly == (name == "read-only.yaml"))
    }

    @Test("a configuration path that is a directory, a device or an empty file says so, in its own words")
    func unreadableFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "config-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.yaml")
        try Data("  \n".utf8).write(to: empty)
        for (path, reason) in [
            (directory.path, "it is a directory"), ("/dev/zero", "it is not a regular file"),
            (directory.appendingPathComponent("none.json").path, "no such file"),
        ] {
            let error = #expect(throws: ConfigurationError.self) { try SettingsLayer.file(path, environment: [:]) }
            #expect(error == .unreadable(path: path, reason: reason), "\(String(describing: error))")
        }
        let blank = #expect(throws: ConfigurationError.self) { try SettingsLayer.file(empty.path, environment: [:]) }
        #expect(blank == .syntax(path: empty.path, detail: "the document is empty"))
        // A configuration reached through a symbolic link (a ConfigMap mount) is read.
        let real = directory.appendingPathComponent("real.json")
        try Data(#"{"logLevel": "debug"}"#.utf8).write(to: real)
        let link = directory.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        #expect(try SettingsLayer.file(link.path, environment: [:]).logLevel == "debug")
        // A YAML refusal of the reader's own (not a syntax error) is no talk of OpenAPI documents.
        let comment = #expect(throws: ConfigurationError.self) {
            try SettingsLayer.parse(Array("# nothing yet\n".utf8), source: "c.yaml", environment: [:])
        }
        #expect(comment == .syntax(path: "c.yaml", detail: "the document is empty"))
        #expect(comment?.errorDescription?.contains("OpenAPI") == false)
    }

    @Test("a custom role naming an unknown role in the mapping is a problem")
    func unknownRole() throws {
        let layer = try Self.parse(#"{"policy": {"role": "auditor"}, "roleMapping": {"scopes": {"x": "ghost"}}}"#)
        let problems = Settings(layers: [layer]).problems
        #expect(problems.contains { $0.hasPrefix(#"role "auditor" is not defined; the roles are"#) })
        #expect(problems.contains(#"roleMapping.scopes["x"] names the unknown role "ghost""#))
    }

    @Test("extends starts a custom role from another, denies included; an unknown base is named")
    func extends() throws {
        let layer = try Self.parse(
            """
            roles:
              release:
                extends: operator
                allow: [{methods: [POST], pathPrefixes: [/api/metadata]}]
            """)
        let release = try #require(layer.roles?["release"])
        #expect(release.allow.count == AccessRole.operator.allow.count + 1)
        #expect(release.deny == AccessRole.operator.deny)
        let secret = Endpoint(
            method: "GET", path: "/api/secrets/{key}", operationId: nil, summary: nil, description: nil,
            tags: ["secret-resource"], deprecated: false, parameters: [], requestBody: nil, responses: [])
        #expect(!AccessPolicy().decide(secret, role: release).allowed)
        #expect(
            Self.problems("roles: {a: {extends: ghost, allow: [{methods: [GET]}]}}") == [
                #"roles.a.extends names "ghost", which is not a built-in role or one defined above it; the roles are admin, operator, viewer"#
            ])
    }

    @Test("no message repeats a value that ${NAME} put into a credential's place, or one that reads as a credential")
    func interpolatedValuesRedacted() throws {
        let environment = ["MYSEC": "ENVSECRET123", "BEARER": "Bearer ENVSECRET123", "ENV": "workflow"]
        for text in [
            #"{"server": {"authSecret": "${MYSEC}"}, "policy": {"search": "${MYSEC}"}}"#,
            #"{"server": {"headers": {"X-Api-Key": "${MYSEC}"}}, "policy": {"role": "${MYSEC}"}}"#,
            #"{"server": {"authKey": "${MYSEC}"}, "logLevel": "${MYSEC}"}"#,
            #"{"server": {"url": "${BEARER}"}}"#,
        ] {
            var messages: [String] = []
            do {
                let layer = try SettingsLayer.parse(Array(text.utf8), source: "c.json", environment: environment)
                messages = Settings(layers: [layer]).problems
            } catch {
                messages = [error.errorDescription ?? "\(error)"]
            }
            #expect(!messages.isEmpty, "\(text)")
            for message in messages { #expect(!message.contains("ENVSECRET123"), "\(message)") }
        }
        // An ordinary value in an ordinary place is no secret: masking "workflow" would garble every message.
        let plain = try SettingsLayer.parse(
            Array(#"{"server": {"headers": {"X-Env": "${ENV}"}}}"#.utf8), source: "c.json", environment: environment)
        #expect(Settings(layers: [plain]).secrets.redacting("tag workflow-resource") == "tag workflow-resource")
    }

    @Test("the effective configuration never shows a credential; a short value is masked only where it stands alone")
    func effectiveConfigurationRedacted() throws {
        let environment = ["URL": "http://u:pw@host:8080", "ROLE": "ROLESECRET", "S": "e", "SPEC": "specs/a.json"]
        let text =
            #"{"spec": "${SPEC}", "server": {"url": "${URL}", "authSecret": "${ROLE}", "headers": {"X-Api-Key": "${S}"}}, "#
            + #""policy": {"role": "${ROLE}"}, "roleMapping": {"claim": "c", "scopes": {"${ROLE}": "viewer"}}}"#
        let layer = try SettingsLayer.parse(Array(text.utf8), source: "c.json", environment: environment)
        let settings = Settings(layers: [layer])
        let shown = settings.redactedJSON.jsonText
        for secret in ["ROLESECRET", "u:pw", "\"e\""] { #expect(!shown.contains(secret), "\(shown)") }
        #expect(shown.contains("specs/a.json"))
        #expect(
            settings.secrets.redacting("role nosuchrole is not defined; e") == "role nosuchrole is not defined; ***")
    }

    @Test("an environment switch set to false does not loosen a file's read-only")
    func readOnlyOnlyTurnsOn() throws {
        let file = try Self.parse("policy:\n  readOnly: true\n")
        for text in ["false", "0", "no", "off"] {
            let environment = try SettingsLayer.environment(["CONDUCTOR_MCP_READ_ONLY": text])
            #expect(Settings(layers: [file, environment]).readOnly, "\(text)")
        }
        #expect(Settings(layers: [try SettingsLayer.environment(["CONDUCTOR_MCP_READ_ONLY": "true"])]).readOnly)
    }
}

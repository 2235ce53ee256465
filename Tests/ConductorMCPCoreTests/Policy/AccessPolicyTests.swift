import ConductorMCPCore
import TestSupport
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    static func endpoint(_ key: String, tags: [String] = [], operationId: String? = nil) -> Endpoint {
        let parts = key.split(separator: " ", maxSplits: 1)
        return Endpoint(
            method: String(parts.first ?? ""), path: String(parts.last ?? ""), operationId: operationId, summary: nil,
            description: nil,
            tags: tags, deprecated: false, parameters: [], requestBody: nil, responses: [])
    }

    static func oss(_ key: String) throws -> Endpoint {
        try #require(try Fixtures.real("oss").endpoint(named: key), "\(key) is in the OSS document")
    }

    @Test("globs: * stays in one segment, ** spans segments, the method may be *")
    func globs() {
        let pattern = EndpointPattern("DELETE /api/metadata/**")!
        #expect(pattern.matches(method: "DELETE", path: "/api/metadata/workflow/{name}/{version}"))
        #expect(pattern.matches(method: "delete", path: "/api/metadata"))
        #expect(!pattern.matches(method: "GET", path: "/api/metadata/workflow"))
        #expect(!pattern.matches(method: "DELETE", path: "/api/metadatax/workflow"))
        let one = EndpointPattern("* /api/workflow/*/pause")!
        #expect(one.matches(method: "PUT", path: "/api/workflow/{workflowId}/pause"))
        #expect(!one.matches(method: "PUT", path: "/api/workflow/a/b/pause"))
        #expect(EndpointPattern("GET /**/pause")!.matches(method: "GET", path: "/api/scheduler/schedules/{name}/pause"))
        #expect(EndpointPattern("GET /api/*Populate*")!.matches(method: "GET", path: "/api/backPopulateIndex"))
        #expect(EndpointPattern("no-path") == nil)
    }

    @Test("a refusal names the endpoint, the role and the deciding rule")
    func refusalText() throws {
        let decision = AccessPolicy().decide(
            try Self.oss("DELETE /api/metadata/workflow/{name}/{version}"), role: .viewer)
        #expect(!decision.allowed)
        #expect(
            decision.refusal(for: "DELETE /api/metadata/workflow/{name}/{version}")
                == "DELETE /api/metadata/workflow/{name}/{version} is not allowed for role viewer (rule: deny method DELETE)"
        )
    }

    @Test("viewer reads executions but cannot register, delete or poll")
    func viewer() throws {
        let policy = AccessPolicy()
        #expect(policy.decide(try Self.oss("GET /api/workflow/{workflowId}"), role: .viewer).allowed)
        #expect(policy.decide(try Self.oss("GET /api/metadata/workflow"), role: .viewer).allowed)
        #expect(!policy.decide(try Self.oss("POST /api/metadata/workflow"), role: .viewer).allowed)
        let poll = policy.decide(try Self.oss("GET /api/tasks/poll/{tasktype}"), role: .viewer)
        #expect(!poll.allowed && poll.rule.hasPrefix("deny GETs that change state"))
    }

    @Test("operator starts, pauses and terminates executions, updates tasks, but deletes no definition")
    func operatorRole() throws {
        let policy = AccessPolicy()
        for key in [
            "POST /api/workflow/{name}", "PUT /api/workflow/{workflowId}/pause", "DELETE /api/workflow/{workflowId}",
            "POST /api/tasks", "POST /api/workflow/{workflowId}/retry",
        ] {
            #expect(policy.decide(try Self.oss(key), role: .operator).allowed, "\(key)")
        }
        let delete = policy.decide(try Self.oss("DELETE /api/metadata/workflow/{name}/{version}"), role: .operator)
        #expect(!delete.allowed)
        #expect(delete.rule == "deny method DELETE and path prefix /api/metadata")
        #expect(!policy.decide(try Self.oss("DELETE /api/workflow/{workflowId}/remove"), role: .operator).allowed)
        #expect(!policy.decide(try Self.oss("POST /api/metadata/workflow"), role: .operator).allowed)
    }

    @Test("security resources are refused by tag and, for untagged new endpoints, by path")
    func security() {
        let policy = AccessPolicy()
        let tagged = policy.decide(Self.endpoint("GET /api/secrets/{key}", tags: ["secret-resource"]), role: .operator)
        #expect(tagged.rule == "deny security resources (tag)")
        let untagged = policy.decide(Self.endpoint("GET /api/secrets/{key}/v2"), role: .viewer)
        #expect(!untagged.allowed && untagged.rule == "deny security resources (path)")
        #expect(policy.decide(Self.endpoint("GET /api/secrets/{key}"), role: .admin).allowed)
    }

    @Test("deny wins over allow; with no allow rule covering the endpoint it is refused")
    func denyWins() {
        let role = AccessRole(
            name: "custom", allow: [PolicyRule(tags: ["workflow-resource"])],
            deny: [PolicyRule(operationIds: ["terminate_1"])])
        let policy = AccessPolicy(roles: ["custom": role], role: "custom")
        let terminate = Self.endpoint(
            "DELETE /api/workflow/{id}", tags: ["workflow-resource"], operationId: "terminate_1")
        #expect(policy.decide(terminate, role: role).rule == "deny operationId terminate_1")
        #expect(policy.decide(Self.endpoint("GET /api/workflow/{id}", tags: ["workflow-resource"]), role: role).allowed)
        let other = policy.decide(Self.endpoint("GET /api/tasks/{id}", tags: ["task-resource"]), role: role)
        #expect(other.rule == "no allow rule of the role covers it")
    }

    @Test("read-only mode keeps GET and HEAD, refuses other methods unless a rule allows a reading POST")
    func readOnly() throws {
        let search = try Self.oss("POST /api/workflow/bulk/search")
        let plain = AccessPolicy(readOnly: true)
        #expect(plain.decide(try Self.oss("GET /api/workflow/{workflowId}"), role: .admin).allowed)
        #expect(plain.decide(search, role: .admin).rule == "read-only mode allows only GET and HEAD")
        let relaxed = AccessPolicy(
            readOnly: true, readOnlyAllow: [PolicyRule(endpoints: [EndpointPattern("POST /**/search")!])])
        #expect(relaxed.decide(search, role: .admin).allowed)
        #expect(!relaxed.decide(try Self.oss("POST /api/workflow/{name}"), role: .admin).allowed)
        #expect(plain.onlyReads(.admin) && relaxed.onlyReads(.admin) && AccessPolicy().onlyReads(.viewer))
        #expect(!AccessPolicy().onlyReads(.operator))
    }

    @Test(
        "a claim names a role only by a whole value: no word inside a group's name, and not two roles at once (the order would decide)"
    )
    func claimValuesAreWhole() {
        let policy = AccessPolicy(mapping: RoleMapping(claim: "groups", unmatched: nil))
        func role(_ values: [String]) -> String {
            policy.role(for: CallerIdentity(subject: "u", claims: ["groups": values])).name
        }
        #expect(role(["Readers of the admin guide"]) == "none")
        #expect(role([" admin"]) == "none")
        #expect(role(["devs admin-requests admin"]) == "none")
        #expect(role(["Admin"]) == "none")
        #expect(role(["admin"]) == "admin")
        #expect(role(["devs", "operator"]) == "operator")
        #expect(role(["operator", "operator"]) == "operator")
        #expect(role(["viewer", "admin"]) == "none")
        #expect(role(["admin", "viewer"]) == "none")
    }

    @Test("stdio gets the configured role; HTTP callers get theirs from scopes, then a claim, then the fallback")
    func roleSelection() {
        let mapping = RoleMapping(
            scopes: [("conductor:admin", "admin"), ("conductor:read", "viewer")], claim: "role", unmatched: nil)
        let policy = AccessPolicy(role: "operator", mapping: mapping)
        #expect(policy.role(for: .local).name == "operator")
        #expect(policy.role(for: CallerIdentity(subject: "a", scopes: ["conductor:read"])).name == "viewer")
        #expect(
            policy.role(for: CallerIdentity(subject: "a", scopes: ["conductor:read", "conductor:admin"])).name
                == "admin")
        #expect(policy.role(for: CallerIdentity(subject: "b", claims: ["role": ["operator"]])).name == "operator")
        #expect(
            policy.role(for: CallerIdentity(subject: "b", claims: ["role": ["staff", "operator"]])).name == "operator")
        #expect(policy.role(for: CallerIdentity(subject: "c", sessionID: "s")).name == "none")
        #expect(AccessPolicy().role(for: CallerIdentity(subject: "d")).name == "admin")
        // An HTTP caller with no token and no session (a stateless server that does not authenticate) carries
        // nothing that tells it from the stdio user but where it came from: it still goes through the mapping.
        #expect(policy.role(for: CallerIdentity()).name == "none")
        #expect(
            AccessPolicy(role: "admin", mapping: RoleMapping(scopes: [("x", "admin")])).role(for: CallerIdentity()).name
                == "viewer")
        #expect(CallerIdentity().label == "anonymous" && CallerIdentity.local.label == "local")
        // A mapping that names only `unmatched` is a mapping: HTTP callers get it, not the configured role.
        var onlyUnmatched = RoleMapping(unmatched: nil)
        onlyUnmatched.declared = true
        let declared = AccessPolicy(role: "admin", mapping: onlyUnmatched)
        #expect(declared.role(for: CallerIdentity()).name == "none")
        #expect(declared.role(for: CallerIdentity(subject: "s")).name == "none")
        #expect(declared.role(for: .local).name == "admin")
    }

    @Test("problems name unknown roles and rules without criteria")
    func problems() {
        let policy = AccessPolicy(
            roles: AccessRole.builtIn.merging(["empty": AccessRole(name: "empty", allow: [PolicyRule()])]) { $1 },
            role: "viewr")
        #expect(policy.problems.contains { $0.hasPrefix(#"role "viewr" is not defined (did you mean "viewer"?)"#) })
        #expect(policy.problems.contains { $0.hasPrefix("roles.empty.allow[0] has no criterion") })
    }
}

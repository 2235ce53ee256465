/// The three built-in roles, written as rules over methods, tags and paths so that they apply to endpoints of
/// Conductor versions nobody listed. Tags and paths are both named because Orkes, OSS and Netflix documents agree on
/// paths more than on tags.
extension AccessRole {
    /// The built-in roles by name.
    public static let builtIn: [String: AccessRole] = [
        viewer.name: viewer, `operator`.name: `operator`, admin.name: admin,
    ]

    /// Reads: GET and HEAD, except security resources and the GETs that change state.
    public static let viewer = AccessRole(
        name: "viewer", summary: "reads (GET, HEAD), no security resources, no state-changing GETs",
        allow: [PolicyRule(methods: ["GET", "HEAD"])],
        deny: [PolicyRule(methods: ["POST", "PUT", "PATCH", "DELETE"])] + securityRules + [stateChangingGets])

    /// Reads, plus running executions: start, pause, resume, retry, restart, rerun, terminate, and task updates.
    /// No metadata deletes, no removal of execution records, no security resources.
    public static let `operator` = AccessRole(
        name: "operator",
        summary: "reads + start/pause/resume/retry/terminate executions and task updates; no deletes of definitions",
        allow: [
            PolicyRule(methods: ["GET", "HEAD"]),
            PolicyRule(tags: ["workflow-resource", "workflow-bulk-resource", "task-resource"]),
            PolicyRule(pathPrefixes: ["/api/workflow", "/api/tasks"]),
        ],
        deny: securityRules + [
            PolicyRule(methods: ["DELETE"], pathPrefixes: ["/api/metadata"]),
            PolicyRule(
                endpoints: ["DELETE /**/remove", "DELETE /**/terminate-remove", "* /**/delete"].compactMap(
                    EndpointPattern.init),
                name: "execution record removal"),
        ])

    /// Everything.
    public static let admin = AccessRole(
        name: "admin", summary: "every endpoint", allow: [PolicyRule(methods: ["*"])])

    /// Secrets, application keys, users, groups, permissions, tokens and environment variables: by tag and by path.
    static let securityRules = [
        PolicyRule(
            tags: [
                "secret-resource", "application-resource", "authorization-resource", "group-resource",
                "user-resource", "token-resource", "environment-resource",
            ], name: "security resources (tag)"),
        PolicyRule(
            pathPrefixes: [
                "/api/secrets", "/api/applications", "/api/auth", "/api/groups", "/api/users", "/api/token",
                "/api/environment",
            ], name: "security resources (path)"),
    ]

    /// GETs that Conductor uses to change state: task polling (marks a task in progress), schedule pause/resume,
    /// requeues and index rebuilds.
    public static let stateChangingGets = PolicyRule(
        endpoints: [
            "GET /api/tasks/poll/**", "GET /**/pause", "GET /**/resume", "GET /**/requeue", "GET /**/*Populate*",
            "GET /**/execute/**", "GET /**/run/**", "GET /**/start/**", "GET /webhook/**", "GET /**/clear*",
            "GET /**/reset*", "GET /**/purge*", "GET /**/flush*", "GET /**/evict*",
        ].compactMap(EndpointPattern.init),
        name:
            "GETs that change state (poll, pause, resume, requeue, re-index, execute, run, start, webhooks, clearing "
            + "caches)")
}

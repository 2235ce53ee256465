import ArgumentParser
import ConductorMCPCore

/// Where `invoke` sends requests and how it authenticates.
struct ServerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Conductor server base URL, with or without a trailing /api. Default: $CONDUCTOR_SERVER_URL, else http://localhost:8080.",
            valueName: "url"))
    var server: ServerURLOption?

    @Option(
        name: .long,
        help:
            "Orkes application key id (default $CONDUCTOR_AUTH_KEY); with --auth-secret, tokens come from POST /api/token."
    )
    var authKey: String?

    @Option(name: .long, help: "Orkes application key secret (default $CONDUCTOR_AUTH_SECRET).")
    var authSecret: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A static header for every request, such as 'Authorization: Bearer …' (repeatable).",
            valueName: "Name: value"))
    var header: [HeaderOption] = []

    @Option(name: .long, help: "Seconds an upstream request may take, body included (0 < S <= 3600; default 30).")
    var timeout: Double?

    @Option(
        name: .long,
        help: "Response bytes read at most (1 to 268435456; default 10 MiB); the rest is cut, and the answer says so.")
    var maxResponseBytes: Int?

    /// The flags of this group that were given, for a subcommand they do not apply to.
    var givenFlags: [String] {
        var flags: [String] = []
        if server != nil { flags.append("--server") }
        if authKey != nil { flags.append("--auth-key") }
        if authSecret != nil { flags.append("--auth-secret") }
        if !header.isEmpty { flags.append("--header") }
        if timeout != nil { flags.append("--timeout") }
        if maxResponseBytes != nil { flags.append("--max-response-bytes") }
        return flags
    }

    func validate() throws {
        if let problem = server?.problem { throw ValidationError("--server: \(problem)") }
        for header in header {
            if let problem = header.problem { throw ValidationError("--header: \(problem)") }
        }
        if let timeout { try checkSeconds(timeout, flag: "--timeout") }
        if let maxResponseBytes, !Settings.maxResponseBytesRange.contains(maxResponseBytes) {
            throw ValidationError(
                "--max-response-bytes must be between 1 and 268435456 (256 MiB), got \(maxResponseBytes)")
        }
    }
}

/// Refuses a number of seconds that is not finite, not positive, or over an hour: `inf` or `1e300` would overflow
/// the conversion to a duration.
func checkSeconds(_ seconds: Double, flag: String) throws {
    guard Settings.secondsRange.contains(seconds) else {
        throw ValidationError("\(flag) must be a number of seconds above 0 and at most 3600, got \(seconds)")
    }
}

/// A flag value checked by one of the core's parsing rules as the command line is read (`--server`, `--header`).
///
/// A refused value is not a nil parse: ArgumentParser's own message would repeat the text (a header's credential, a
/// URL's user info), so the problem is kept, worded by the core without the secret, and `ServerOptions.validate()`
/// reports it with the flag's name.
struct CheckedOption<Rule: OptionRule>: ExpressibleByArgument {
    /// The value as given.
    let text: String
    /// Why the value cannot be used, or nil.
    let problem: String?

    init(argument: String) {
        text = argument
        do throws(InvokeError) {
            try Rule.check(argument)
            problem = nil
        } catch {
            problem = error.detail
        }
    }
}

/// The core's rule a `CheckedOption` applies.
protocol OptionRule {
    /// Throws the core's configuration error for a value that cannot be used.
    static func check(_ text: String) throws(InvokeError)
}

/// `--server`: an absolute http(s) URL with a host, no user info, query or fragment.
enum ServerURLRule: OptionRule {
    static func check(_ text: String) throws(InvokeError) { _ = try InvokeConfiguration.parseServerURL(text) }
}

/// `--header 'Name: value'`: a valid name, a value without CR, LF or NUL.
enum HeaderRule: OptionRule {
    static func check(_ text: String) throws(InvokeError) { _ = try InvokeConfiguration.parseHeader(text) }
}

/// A `--server` value.
typealias ServerURLOption = CheckedOption<ServerURLRule>
/// A `--header` value.
typealias HeaderOption = CheckedOption<HeaderRule>

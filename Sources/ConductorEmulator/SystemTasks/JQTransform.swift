import ConductorMCPCore
import Foundation

/// JSON_JQ_TRANSFORM through the `jq` executable: `queryExpression` applied to the task input, output `result`
/// (the first value) and `resultList` (all values), as Conductor's `JsonJqTransform`
/// (json-jq-task/src/main/java/com/netflix/conductor/tasks/json/JsonJqTransform.java) answers.
///
/// Conductor embeds jackson-jq; the emulator runs the `jq` program when one is installed (`apt-get install jq`)
/// and otherwise fails the task with a reason that says so.
public struct JQTransform: Sendable {
    /// Path of `jq`, nil when none was found.
    let path: String?
    /// Longest run, after which `jq` is stopped and the task fails.
    static let timeoutSeconds: Double = 5

    /// The first `jq` on `PATH` (or in /usr/bin), nil when there is none.
    public static func locate() -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories + ["/usr/bin"] {
            let candidate = "\(directory)/jq"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func run(input: JSONValue) async -> AsyncTaskOutcome {
        guard let query = input["queryExpression"]?.stringValue else {
            return AsyncTaskOutcome(
                status: .failed, output: [:], reason: "Missing 'queryExpression' in input parameters")
        }
        guard let path else {
            return AsyncTaskOutcome(
                status: .failedWithTerminalError, output: [:],
                reason: "conductor-emulator runs JSON_JQ_TRANSFORM with the jq program, and none is on PATH; "
                    + "install jq (apt-get install jq)")
        }
        // jq runs and is read on threads of its own: a blocking read or write on the cooperative pool would stall
        // every other request (two such reads fill a 2-core pool, and then even the timeout never fires).
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.runBlocking(path: path, query: query, input: input)) }
                .start()
        }
    }

    /// Most bytes of output read from jq; past it jq is killed and the task fails.
    static let maxOutputBytes = 16 << 20

    private static func runBlocking(path: String, query: String, input: JSONValue) -> AsyncTaskOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // A query starting with "-" would be read as an option: a leading space keeps it a program (jq ignores it).
        process.arguments = ["-c", query.hasPrefix("-") ? " " + query : query]
        // No environment: `$ENV` and `env` in a query must not read the emulator's variables.
        process.environment = [:]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            return AsyncTaskOutcome(status: .failedWithTerminalError, output: [:], reason: "jq did not start: \(error)")
        }
        let pid = process.processIdentifier
        let group = DispatchGroup()
        let output = BoundedReader(stdout.fileHandleForReading, limit: maxOutputBytes) { kill(pid, SIGKILL) }
        let errors = BoundedReader(stderr.fileHandleForReading, limit: 64 << 10) {}
        for reader in [output, errors] {
            DispatchQueue.global().async(group: group) { reader.readToEnd() }
        }
        DispatchQueue.global().async {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input.jsonText.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)  // SIGTERM may be blocked by jq; SIGKILL cannot be
                break
            }
            usleep(2000)
        }
        process.waitUntilExit()
        group.wait()
        if timedOut {
            return AsyncTaskOutcome(
                status: .failed, output: [:], reason: "jq ran longer than \(Int(timeoutSeconds)) seconds")
        }
        if output.overflowed {
            return AsyncTaskOutcome(
                status: .failed, output: [:], reason: "jq wrote more than \(maxOutputBytes >> 20) MiB of output")
        }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return AsyncTaskOutcome(status: .failed, output: ["error": .string(message)], reason: message)
        }
        let lines = String(decoding: output.data, as: UTF8.self).split(separator: "\n")
        let values = lines.map { (try? JSONParser.parse(Data($0.utf8))) ?? .string(String($0)) }
        return AsyncTaskOutcome(
            status: .completed, output: ["result": values.first ?? .null, "resultList": .array(values)], reason: nil)
    }
}

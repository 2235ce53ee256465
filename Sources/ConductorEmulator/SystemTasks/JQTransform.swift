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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", query]
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
        stdin.fileHandleForWriting.write(Data(input.jsonText.utf8))
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(Self.timeoutSeconds)
        async let outData = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }.value
        async let errData = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }.value
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                return AsyncTaskOutcome(
                    status: .failed, output: [:], reason: "jq ran longer than \(Int(Self.timeoutSeconds)) seconds")
            }
            try? await Task.sleep(nanoseconds: 2_000_000)
        }
        let output = await outData
        let errors = await errData
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return AsyncTaskOutcome(status: .failed, output: ["error": .string(message)], reason: message)
        }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        let values = lines.map { (try? JSONParser.parse(Data($0.utf8))) ?? .string(String($0)) }
        return AsyncTaskOutcome(
            status: .completed, output: ["result": values.first ?? .null, "resultList": .array(values)], reason: nil)
    }
}

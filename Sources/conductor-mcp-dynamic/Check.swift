import ArgumentParser
import ConductorMCPCore
import Foundation

/// `check`: what the loader made of a document, and with `--config` the whole configuration.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a document and print its title, counts by method and tag, and every diagnostic.",
        discussion: """
            With --config FILE (or CONDUCTOR_MCP_CONFIG) it also validates the whole configuration and prints the \
            effective settings (secrets as ***), the role table, and per role how many endpoints of the document \
            it may invoke, by tag. Exit code 0 when everything is usable (warnings and notes included); 1 on any \
            problem, including error diagnostics (operations left out for safety, such as a path that does not \
            start with /).
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let settings: Settings
        do {
            settings = try common.resolveSettings(forPeople: true)
        } catch {
            FileHandle.standardError.write(Data((error.commandLineMessage + "\n").utf8))
            throw ExitCode(1)
        }
        let logger = try SpecOptions.makeLogger(settings)
        let index = try await SpecOptions.loadIndex(settings, logger: logger)
        let report = SpecReport(index: index)
        print(settings.secrets.redacting(report.text))
        guard common.configPath != nil || !settings.problems.isEmpty else {
            if report.hasErrors { throw ExitCode(1) }
            return
        }
        print("")
        print("Effective configuration (flags > environment > file > defaults; secrets as ***):")
        print(settings.redactedJSON.prettyJSONText)
        print("")
        print(settings.secrets.redacting(PolicyReport(policy: settings.policy, index: index).text))
        var problems = settings.problems
        if let path = settings.auditLog, path != "-" {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.isWritableFile(atPath: directory) {
                problems.append(
                    settings.secrets.redacting(
                        "audit.path \(path): the directory \(directory) does not exist or is not writable"))
            }
        }
        if report.hasErrors { problems.append("the document has error diagnostics (listed above)") }
        if !problems.isEmpty {
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            let text = (["The configuration has \(count):"] + problems.map { "- \($0)" }).joined(separator: "\n")
            FileHandle.standardError.write(Data((text + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

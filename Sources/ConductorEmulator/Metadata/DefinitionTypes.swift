import ConductorMCPCore
import Foundation

/// The JSON types Conductor's Java model gives definition fields, checked the way Jackson reads them.
///
/// Jackson turns `"5"` into 5 and `1.9` into 1 for an int, but refuses `"abc"`, `{}`, `[]` or a value out of the
/// type's range, and Conductor answers that with its unmapped-exception 500 "JSON parse error: …". Without this
/// check the emulator stored such values verbatim and failed later (or did arithmetic on them).
enum DefinitionTypes {
    /// A Java field type.
    enum Kind: String {
        case int, long, boolean
    }

    /// TaskDef's numeric and boolean fields.
    static let taskDef: [String: Kind] = [
        "retryCount": .int, "timeoutSeconds": .long, "pollTimeoutSeconds": .int, "retryDelaySeconds": .int,
        "responseTimeoutSeconds": .long, "concurrentExecLimit": .int, "rateLimitPerFrequency": .int,
        "rateLimitFrequencyInSeconds": .int, "backoffScaleFactor": .int, "totalTimeoutSeconds": .long,
        "enforceSchema": .boolean,
    ]

    /// WorkflowDef's numeric and boolean fields.
    static let workflowDef: [String: Kind] = [
        "version": .int, "schemaVersion": .int, "timeoutSeconds": .long, "restartable": .boolean,
        "workflowStatusListenerEnabled": .boolean, "enforceSchema": .boolean,
    ]

    /// WorkflowTask's numeric and boolean fields.
    static let workflowTask: [String: Kind] = [
        "startDelay": .int, "optional": .boolean, "asyncComplete": .boolean, "retryCount": .int,
        "permissive": .boolean,
    ]

    /// Throws Conductor's "JSON parse error" for the first field of a task definition Jackson would not read.
    static func check(taskDef value: JSONValue) throws(ConductorError) { try check(value, taskDef) }

    /// Throws Conductor's "JSON parse error" for the first field of a workflow definition, or of one of its tasks,
    /// that Jackson would not read.
    static func check(workflowDef value: JSONValue) throws(ConductorError) {
        try check(value, workflowDef)
        for task in value["tasks"]?.arrayValue ?? [] { try check(task, workflowTask) }
    }

    private static func check(_ value: JSONValue, _ fields: [String: Kind]) throws(ConductorError) {
        guard case .object(let object) = value else { return }
        for (name, member) in object {
            guard let kind = fields[name], let problem = problem(member, kind) else { continue }
            throw ConductorError.internalError("JSON parse error: \(problem)")
        }
    }

    /// Jackson's words for `value` not read as `kind`, or nil when it reads.
    static func problem(_ value: JSONValue, _ kind: Kind) -> String? {
        let type = "`\(kind.rawValue)`"
        switch (value, kind) {
        case (.null, _), (.bool, .boolean): return nil
        case (.string(let text), .boolean):
            return ["true", "false"].contains(text)
                ? nil
                : "Cannot deserialize value of type \(type) from String \"\(TextBounds.shortened(text, limit: 40))\": only \"true\" or \"false\" recognized"
        case (.int(let number), .int):
            return Int(Int32.min)...Int(Int32.max) ~= number
                ? nil : "Numeric value (\(number)) out of range of int (-2147483648 - 2147483647)"
        case (.int, .long), (.int, .boolean): return nil
        case (.double(let number), .int), (.double(let number), .long):
            let limit = kind == .int ? Double(Int32.max) : 9.2e18
            return number.isFinite && abs(number) <= limit
                ? nil : "Numeric value (\(number)) out of range of \(kind.rawValue)"
        case (.string(let text), _):
            return Int(text.trimmingCharacters(in: .whitespaces)) != nil
                ? nil
                : "Cannot deserialize value of type \(type) from String \"\(TextBounds.shortened(text, limit: 40))\": not a valid \(type) value"
        case (.array, _):
            return "Cannot deserialize value of type \(type) from Array value (token `JsonToken.START_ARRAY`)"
        case (.object, _):
            return "Cannot deserialize value of type \(type) from Object value (token `JsonToken.START_OBJECT`)"
        default: return "Cannot deserialize value of type \(type) from \(value.typeName)"
        }
    }
}

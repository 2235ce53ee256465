/// What a member name says about its value: whether it identifies the thing, gives its state, explains a failure,
/// or is ordinary payload.
///
/// Chosen from the name alone, by generic patterns (`id`, `*Id`, `*Name`, `status`, `reason*`, `error*`, `message`,
/// ...), never from a list of Conductor fields, so any API's responses keep the fields that let an agent act on them.
enum FieldRole: Int, Sendable, Comparable {
    /// Names and identifiers: `id`, `*Id`, `*ID`, `*_id`, `name`, `*Name`, `key`, `*Ids`, `*Names`.
    case identity = 0
    /// Weaker identification: `type`, `*Type`, `code`, `version`, `*Version`, `title`, `kind`.
    case classifier = 1
    /// State: `status`, `*Status`, `state`, `*State`.
    case status = 2
    /// Explanations: `reason*`, `*Reason`, `error*`, `*Error(s)`, `message`, `*Message`, `exception`, `cause`.
    case explanation = 3
    /// Anything else.
    case payload = 4

    /// Whether an agent needs this field to know what a thing is and what happened to it.
    var isKey: Bool { self != .payload }

    /// Ordered as declared: identity first, payload last.
    static func < (lhs: FieldRole, rhs: FieldRole) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The role of a member named `name`.
    init(name: String) {
        let lower = name.lowercased()
        func hasSuffix(_ camel: String, _ snake: String) -> Bool {
            name.hasSuffix(camel) || lower.hasSuffix(snake)
        }
        if lower == "status" || lower == "state" || hasSuffix("Status", "_status") || hasSuffix("State", "_state")
            || hasSuffix("Statuses", "_statuses")
        {
            self = .status
        } else if lower.hasPrefix("reason") || lower.hasPrefix("error") || lower == "message" || lower == "exception"
            || lower == "cause" || hasSuffix("Reason", "_reason") || hasSuffix("Error", "_error")
            || hasSuffix("Errors", "_errors") || hasSuffix("Message", "_message") || hasSuffix("Messages", "_messages")
            || hasSuffix("Exception", "_exception")
        {
            self = .explanation
        } else if lower == "id" || lower == "name" || lower == "key" || lower == "uuid" || name.hasSuffix("Id")
            || name.hasSuffix("ID") || lower.hasSuffix("_id") || name.hasSuffix("Ids") || name.hasSuffix("IDs")
            || lower.hasSuffix("_ids") || hasSuffix("Name", "_name") || hasSuffix("Names", "_names")
            || hasSuffix("Key", "_key")
        {
            self = .identity
        } else if lower == "type" || lower == "kind" || lower == "code" || lower == "version" || lower == "title"
            || hasSuffix("Type", "_type") || hasSuffix("Version", "_version") || hasSuffix("Code", "_code")
        {
            self = .classifier
        } else {
            self = .payload
        }
    }
}

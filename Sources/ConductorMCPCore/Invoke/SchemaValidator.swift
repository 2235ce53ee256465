import Foundation

/// Checks a JSON value against a schema of the index before it is sent: types, required members, enums, bounds,
/// compositions, to any depth.
///
/// Conductor's schemas are cyclic (`WorkflowDef` → `WorkflowTask` → `WorkflowTask`), so `$ref`s are followed lazily
/// and the walk is driven by the value: each step descends into the value, which is finite, and the `$ref`s followed
/// without descending (a chain, an `allOf` of references) carry a visited set, so no schema loop can spin.
struct SchemaValidator {
    /// What one check found.
    struct Findings {
        /// Problems that stop the request.
        var errors: [ValidationProblem] = []
        /// Doubts worth telling the agent that do not stop the request (a member the schema does not name).
        var warnings: [ValidationProblem] = []

        mutating func append(_ other: Findings) {
            errors += other.errors
            warnings += other.warnings
        }
    }

    let index: EndpointIndex
    /// Steps taken by this validator's checks, shared by every check of one request (see `maxSteps`).
    let budget = Budget()
    /// Members not named by an object schema that allows any extra member are reported as warnings, not errors:
    /// Conductor's Jackson ignores unknown members, and a server newer than its document may know more fields.
    var unknownMembersAreErrors = false

    /// The work one request's checks may do, counted in steps. `oneOf`/`anyOf`
    /// alternatives that nest (a schema whose alternatives both hold itself) check a value once per path through
    /// them, 2^depth times; past `maxSteps` (about 10 ms) the rest of the request is left unchecked, and
    /// `exhausted` says so, for a warning: the server still validates what it gets.
    ///
    /// A step is about a microsecond of work: a value checked, and, charged in proportion, a membership test against
    /// a long enum, an object's property table, a "did you mean" search over its property names. Only the first
    /// `maxSuggestions` unknown members get a "did you mean": an answer lists few problems anyway.
    final class Budget {
        var steps = 0
        var suggestions = 0
        var exhausted: Bool { steps > SchemaValidator.maxSteps }
    }

    /// Unknown members that get a "did you mean" per request.
    static let maxSuggestions = 20

    /// Most steps (see `Budget`) one request's checks may take.
    static let maxSteps = 20_000

    /// The warning on a request whose checks ran out of steps.
    static let partlyChecked =
        "only partly checked: checking it takes more than \(maxSteps) steps (many values, or nested oneOf/anyOf "
        + "alternatives); the server validates the rest"

    /// Checks `value` against `schema`; `location` names the value in messages (`body`, `params.status`).
    func check(_ value: JSONValue, _ schema: OpenAPISchema, at location: String) -> Findings {
        check(value, view(of: schema), at: location)
    }

    // MARK: - The flattened view of a schema at one value

    /// A schema with its `$ref` chain followed and its `allOf` parts merged: what one value must satisfy.
    struct View {
        var name: String?
        var unconstrained = true
        var types: [String] = []
        var nullable = false
        var format: String?
        var enumValues: [JSONValue]?
        var properties: [OpenAPISchema.Property] = []
        var required: [String] = []
        var additionalProperties: OpenAPISchema.AdditionalProperties = .unspecified
        var items: OpenAPISchema?
        var alternatives: [[OpenAPISchema]] = []
        var minimum: Double?
        var maximum: Double?
        var minLength: Int?
        var maxLength: Int?
        var pattern: String?
        var readOnly = false

        func property(_ name: String) -> OpenAPISchema? { properties.first { $0.name == name }?.schema }
        /// Whether the schema says the value is an array or an object.
        var declaresContainer: Bool { types.contains("array") || types.contains("object") }
    }

    /// Follows `$ref`s and merges `allOf` parts; each component schema is entered once, so cycles end.
    func view(of schema: OpenAPISchema) -> View {
        var visited: Set<String> = []
        var view = View()
        merge(schema, into: &view, visited: &visited)
        return view
    }

    private func merge(_ schema: OpenAPISchema, into view: inout View, visited: inout Set<String>) {
        if schema.brokenRef != nil { return }
        if let name = schema.refName {
            guard visited.insert(name).inserted, let target = index.schema(named: name) else { return }
            if view.name == nil { view.name = name }
            merge(target, into: &view, visited: &visited)
            return
        }
        // springdoc writes Java's `Object` (a workflow input value, a Map<String, Object> member) as a bare
        // `type: object`, though any JSON value is accepted: taking it literally would refuse `{"count": 5}`.
        if schema.types == ["object"], schema.properties.isEmpty, !schema.additionalProperties.isConstraint,
            schema.items == nil, schema.enumValues == nil, schema.allOf.isEmpty, schema.oneOf.isEmpty,
            schema.anyOf.isEmpty
        {
            return
        }
        if !schema.isUnconstrained || schema.additionalProperties.isConstraint { view.unconstrained = false }
        if !schema.types.isEmpty {
            view.types = view.types.isEmpty ? schema.types : view.types.filter(schema.types.contains)
            if view.types.isEmpty { view.types = schema.types }
        }
        view.nullable = view.nullable || schema.nullable
        view.format = view.format ?? schema.format
        view.enumValues = view.enumValues ?? schema.enumValues
        for property in schema.properties where view.property(property.name) == nil {
            view.properties.append(property)
        }
        for name in schema.required where !view.required.contains(name) { view.required.append(name) }
        if case .unspecified = view.additionalProperties { view.additionalProperties = schema.additionalProperties }
        view.items = view.items ?? schema.items
        if !schema.oneOf.isEmpty { view.alternatives.append(schema.oneOf) }
        if !schema.anyOf.isEmpty { view.alternatives.append(schema.anyOf) }
        view.minimum = view.minimum ?? schema.minimum
        view.maximum = view.maximum ?? schema.maximum
        view.minLength = view.minLength ?? schema.minLength
        view.maxLength = view.maxLength ?? schema.maxLength
        view.pattern = view.pattern ?? schema.pattern
        view.readOnly = view.readOnly || schema.readOnly
        for part in schema.allOf { merge(part, into: &view, visited: &visited) }
    }

    // MARK: - Checks

    private func check(_ value: JSONValue, _ view: View, at location: String) -> Findings {
        var findings = Findings()
        budget.steps += 1
        if budget.exhausted { return findings }
        if view.unconstrained { return findings }
        // Jackson takes null for any member; a required member that is null is reported by its parent.
        if case .null = value { return findings }

        let expected = Self.expectedTypes(view)
        if !expected.isEmpty, !expected.contains(where: { Self.matches(value, type: $0) }) {
            findings.errors.append(
                ValidationProblem(
                    location, "expected \(label(view)), got \(value.typeName) \(Self.preview(value))"))
            return findings
        }
        if let allowed = view.enumValues, !allowed.isEmpty {
            budget.steps += allowed.count / 100
            if !allowed.contains(where: { Self.equal($0, value) }) {
                findings.errors.append(
                    ValidationProblem(location, Self.enumMessage(value, allowed, suggest: suggests(allowed.count))))
            }
        }
        switch value {
        case .string(let text):
            let length = text.count
            if let minimum = view.minLength, length < minimum {
                findings.errors.append(
                    ValidationProblem(location, "is \(length) characters long; at least \(minimum) required"))
            }
            if let maximum = view.maxLength, length > maximum {
                findings.errors.append(
                    ValidationProblem(location, "is \(length) characters long; at most \(maximum) allowed"))
            }
            if let pattern = view.pattern {
                let limit = Self.patternInputLimit(pattern)
                if text.utf8.count <= limit, let counts = Self.quantifiers(of: pattern) {
                    // About 16 regex steps to a microsecond, the budget's unit.
                    budget.steps += Int(Self.patternCost(counts, length: text.utf8.count) / 16)
                    if let regex = try? Regex(pattern) {
                        if (try? regex.firstMatch(in: text)) == nil {
                            findings.errors.append(
                                ValidationProblem(location, "\(Self.preview(value)) does not match /\(pattern)/"))
                        }
                    } else {
                        findings.warnings.append(
                            ValidationProblem(
                                location, "not checked against the spec's pattern (Swift's Regex cannot compile it)"))
                    }
                } else {
                    findings.warnings.append(
                        ValidationProblem(
                            location,
                            limit == 0
                                ? "not checked against the spec's pattern (prone to slow matching at any length)"
                                : "not checked against the spec's pattern (checked up to \(limit) bytes, where its "
                                    + "matching stays fast)"))
                }
            }
        case .int, .double:
            let number = value.doubleValue ?? 0
            if let minimum = view.minimum, number < minimum {
                findings.errors.append(
                    ValidationProblem(
                        location, "\(Self.preview(value)) is below the minimum \(JSONValue.format(minimum))"))
            }
            if let maximum = view.maximum, number > maximum {
                findings.errors.append(
                    ValidationProblem(
                        location, "\(Self.preview(value)) is above the maximum \(JSONValue.format(maximum))"))
            }
            if view.format == "int32", number < -2_147_483_648 || number > 2_147_483_647 {
                findings.errors.append(
                    ValidationProblem(location, "\(Self.preview(value)) does not fit a 32-bit integer"))
            }
        case .object(let object):
            findings.append(checkObject(object, view, at: location))
        case .array(let elements):
            if let items = view.items {
                let itemView = self.view(of: items)
                for (offset, element) in elements.enumerated() {
                    findings.append(check(element, itemView, at: "\(location)/\(offset)"))
                }
            }
        default:
            break
        }
        for group in view.alternatives {
            findings.append(checkAlternatives(value, group, at: location))
        }
        return findings
    }

    private func checkObject(_ object: JSONObject, _ view: View, at location: String) -> Findings {
        var findings = Findings()
        // One table per object, not a scan of the properties per member (8,000 of each made 64 million compares).
        budget.steps += (view.properties.count + view.required.count) / 100
        let properties = Dictionary(
            view.properties.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        for name in view.required {
            if budget.exhausted { break }
            let schema = properties[name]
            let memberView = schema.map { self.view(of: $0) }
            if memberView?.readOnly == true { continue }  // set by the server, never demanded from the client
            guard let member = object[name] else {
                let type = memberView.map { " (\(label($0)))" } ?? ""
                findings.errors.append(
                    ValidationProblem("\(location)/\(name.jsonPointerEscaped)", "required member missing\(type)"))
                continue
            }
            if case .null = member, memberView?.nullable != true {
                findings.errors.append(
                    ValidationProblem("\(location)/\(name.jsonPointerEscaped)", "required member is null"))
            }
        }
        for (key, member) in object {
            if budget.exhausted { break }
            let memberLocation = "\(location)/\(key.jsonPointerEscaped)"
            if let schema = properties[key] {
                findings.append(check(member, schema, at: memberLocation))
                continue
            }
            switch view.additionalProperties {
            case .schema(let extra):
                findings.append(check(member, extra, at: memberLocation))
            case .forbidden:
                findings.errors.append(
                    ValidationProblem(memberLocation, unknownMemberMessage(key, view, sentAnyway: false)))
            case .unspecified:
                guard !view.properties.isEmpty else { continue }
                let problem = ValidationProblem(
                    memberLocation, unknownMemberMessage(key, view, sentAnyway: !unknownMembersAreErrors))
                if unknownMembersAreErrors {
                    findings.errors.append(problem)
                } else {
                    findings.warnings.append(problem)
                }
            }
        }
        return findings
    }

    /// Whether one more "did you mean" over `candidates` names fits the budget; charges it when it does (an edit
    /// distance per candidate).
    private func suggests(_ candidates: Int) -> Bool {
        guard budget.suggestions < Self.maxSuggestions, !budget.exhausted else { return false }
        budget.suggestions += 1
        budget.steps += candidates
        return true
    }

    private func unknownMemberMessage(_ key: String, _ view: View, sentAnyway: Bool) -> String {
        let owner = view.name.map { "\($0) has" } ?? "the object has"
        var message = "\(owner) no member \"\(key)\""
        if suggests(view.properties.count), let nearest = Self.nearest(key, in: view.properties.map(\.name)) {
            message += "; did you mean \"\(nearest)\"?"
        }
        if sentAnyway { message += " (the server may ignore it)" }
        return message
    }

    /// A value satisfies a oneOf/anyOf group when one alternative finds no error; otherwise the closest
    /// alternative's errors are reported.
    private func checkAlternatives(_ value: JSONValue, _ group: [OpenAPISchema], at location: String) -> Findings {
        var best: Findings?
        for alternative in group {
            let findings = check(value, alternative, at: location)
            if findings.errors.isEmpty { return findings }
            if best == nil || findings.errors.count < best!.errors.count { best = findings }
        }
        let names = group.map { label(self.view(of: $0)) }.joined(separator: " | ")
        var findings = Findings()
        findings.errors.append(ValidationProblem(location, "matches none of the alternatives \(names); closest:"))
        findings.errors += best?.errors ?? []
        return findings
    }

    // MARK: - Words

    /// A short type label: the component name, or the JSON type (`array of WorkflowTask`).
    func label(_ view: View) -> String {
        if let name = view.name { return name }
        if let allowed = view.enumValues, !allowed.isEmpty {
            return "one of " + allowed.prefix(8).map(Self.preview).joined(separator: ", ")
        }
        let types = Self.expectedTypes(view)
        if types == ["array"], let items = view.items { return "array of \(label(self.view(of: items)))" }
        return types.isEmpty ? "any value" : types.joined(separator: " or ")
    }

    static func expectedTypes(_ view: View) -> [String] {
        if !view.types.isEmpty { return view.types }
        if !view.properties.isEmpty || view.additionalProperties.isConstraint { return ["object"] }
        if view.items != nil { return ["array"] }
        return []
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null):
            return true
        case ("number", .int), ("number", .double), ("integer", .int): return true
        case ("integer", .double): return value.intValue != nil
        default: return false
        }
    }

    /// JSON equality with 1 and 1.0 the same.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = left.doubleValue, let b = right.doubleValue { return a == b }
        return left == right
    }

    static func enumMessage(_ value: JSONValue, _ allowed: [JSONValue], suggest: Bool = true) -> String {
        let shown = allowed.prefix(25).map { $0.stringValue ?? $0.jsonText }.joined(separator: ", ")
        var message = "\(preview(value)) is not one of \(shown)\(allowed.count > 25 ? ", …" : "")"
        if suggest, let text = value.stringValue {
            let candidates = allowed.compactMap(\.stringValue)
            if let exact = candidates.first(where: { $0.lowercased() == text.lowercased() }) {
                message += "; did you mean \"\(exact)\"? (case matters)"
            } else if let nearest = nearest(text, in: candidates) {
                message += "; did you mean \"\(nearest)\"?"
            }
        }
        return message
    }

    /// The candidate nearest to `name` when it is close enough to be a typo (case ignored).
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        let lower = name.lowercased()
        let scored = candidates.map { ($0, EditDistance.between(lower, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    /// Longest string matched against any spec `pattern`; longer ones are left to the server.
    static let maxPatternInput = 4096

    /// Backtracking steps one pattern check may take at worst, as `patternCost` estimates them: about 13 ms of
    /// Swift's `Regex` (measured at about 64 ns a step: `a{1,4096}b` over 4,096 characters, 16.7 million steps,
    /// took 1.08 s).
    static let maxPatternSteps = 200_000.0

    /// Worst-case steps of matching `pattern`'s kind against `length` characters: length^(k+1) × 2^q for k
    /// repeating and q optional quantifiers (the +1: a search tries every start position); nil when unsafe at any
    /// length.
    static func patternCost(_ quantifiers: (repeating: Int, optional: Int), length: Int) -> Double {
        pow(Double(max(length, 1)), Double(quantifiers.repeating + 1)) * pow(2, Double(quantifiers.optional))
    }

    /// The longest string `pattern` is matched against: 0 when it can backtrack catastrophically whatever the input
    /// (see `quantifiers(of:)`); otherwise the longest n whose worst case (`patternCost`) stays within
    /// `maxPatternSteps`, at most `maxPatternInput`. Swift's `Regex` backtracks and has no time limit, and the document
    /// may come from a hostile server. Each check is also charged to the request's step budget, so many values
    /// cannot add up either. The pattern Conductor's documents use (`[a-zA-Z0-9_-]+`) is checked up to 447 bytes,
    /// `^[a-z]+(-[a-z]+)?$` up to 46.
    static func patternInputLimit(_ pattern: String) -> Int {
        guard let counts = quantifiers(of: pattern) else { return 0 }
        var longest = 1
        var step = maxPatternInput
        // The largest n within the cost bound, by halving steps (cost grows with n).
        while step > 0 {
            if longest + step <= maxPatternInput, patternCost(counts, length: longest + step) <= maxPatternSteps {
                longest += step
            } else {
                step /= 2
            }
        }
        return patternCost(counts, length: longest) <= maxPatternSteps ? longest : 0
    }

    /// The repeating and optional quantifiers of `pattern`, or nil when it is unsafe at any length (see
    /// `patternInputLimit`).
    ///
    /// Counted over every character but escaped ones, inside character classes too, and nothing is skipped as a
    /// comment: a `*` that is a literal in `[*]` counts, which only lowers the limit, and no construct can hide a
    /// quantifier from the count (a `[` inside `(?#…)` once hid everything after it). Unsafe at any length: a
    /// back-reference (`\1`, `\k<…>`), a comment or extended-mode flag (`(?#`, `(?x`), quoting (`\Q`), and a
    /// repeated group (`)*`, `)+`, `){`) in a pattern with any other quantifier or an alternation (`(a+)+`,
    /// `(a|aa)*`, `(a?){20}`).
    static func quantifiers(of pattern: String) -> (repeating: Int, optional: Int)? {
        guard pattern.utf8.count <= 256 else { return nil }
        // Back-references in every spelling Swift's `Regex` takes (`\1`, `\k<n>`, `\g1`, `(?P=n)`, recursion
        // `(?P>n)`), comments and quoting are refused outright.
        for construct in ["(?#", "\\Q", "\\k", "\\g", "(?P=", "(?P>", "(?R", "(?&"] where pattern.contains(construct) {
            return nil
        }
        var repeating = 0
        var optional = 0
        var repeatedGroup = false
        var alternation = false
        var escaped = false
        var previous: Character?
        for character in pattern {
            defer { previous = escaped ? nil : character }
            if escaped {
                if character.isNumber { return nil }  // a back-reference
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "|": alternation = true
            case "*", "+", "{":
                repeating += 1
                if previous == ")" { repeatedGroup = true }
            case "?":
                // `(?:`, `(?i)`: group syntax, not a quantifier; an inline flag set that turns on extended mode
                // (whitespace and `#` comments ignored) is refused.
                if previous == "(" { continue }
                optional += 1
            default: break
            }
        }
        if repeatedGroup, repeating + optional > 1 || alternation { return nil }
        if turnsOnExtendedMode(pattern) { return nil }
        return (repeating, optional)
    }

    /// Whether an inline flag group (`(?x)`, `(?ix:…)`) turns on extended mode, where whitespace and `#` comments
    /// are ignored by the engine.
    private static func turnsOnExtendedMode(_ pattern: String) -> Bool {
        var rest = pattern[...]
        while let start = rest.range(of: "(?") {
            let flags = rest[start.upperBound...].prefix { "imsxnuUwJ-".contains($0) }
            if flags.contains("x") { return true }
            rest = rest[start.upperBound...]
        }
        return false
    }

    /// A value for a message: strings quoted and cut, containers summarised.
    static func preview(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            let cut = text.count > 60 ? String(text.prefix(57)) + "…" : text
            return JSONValue.string(cut).jsonText
        case .array(let elements): return "[\(elements.count) element\(elements.count == 1 ? "" : "s")]"
        case .object(let object): return "{\(object.count) member\(object.count == 1 ? "" : "s")}"
        default: return value.jsonText
        }
    }
}

extension OpenAPISchema.AdditionalProperties {
    /// True when extra members are constrained (forbidden or typed), which makes the schema an object schema.
    var isConstraint: Bool {
        if case .unspecified = self { return false }
        return true
    }
}

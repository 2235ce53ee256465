/// Compares one endpoint across two versions: its parameters and its request body's top-level fields.
struct EndpointComparer {
    let old: EndpointIndex
    let new: EndpointIndex

    /// Every change from `before` (in `old`) to `after` (in `new`).
    func changes(from before: Endpoint, to after: Endpoint) -> [SpecDiff.Change] {
        parameterChanges(before, after) + bodyChanges(before, after)
    }

    private func parameterChanges(_ before: Endpoint, _ after: Endpoint) -> [SpecDiff.Change] {
        var changes: [SpecDiff.Change] = []
        func id(_ parameter: EndpointParameter) -> String { "\(parameter.name) (\(parameter.location.rawValue))" }
        let oldByID = Dictionary(before.parameters.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(after.parameters.map(id))
        for parameter in after.parameters {
            let type = label(parameter.schema, in: new)
            guard let previous = oldByID[id(parameter)] else {
                changes.append(
                    .init(
                        kind: .parameterAdded, subject: id(parameter),
                        detail: (parameter.required ? "required " : "optional ") + type, breaking: parameter.required))
                continue
            }
            if parameter.required != previous.required {
                changes.append(
                    .init(
                        kind: parameter.required ? .parameterRequired : .parameterOptional, subject: id(parameter),
                        detail: type, breaking: parameter.required))
            }
            let oldType = label(previous.schema, in: old)
            if oldType != type {
                changes.append(
                    .init(kind: .parameterType, subject: id(parameter), detail: "\(oldType) → \(type)", breaking: true))
            }
        }
        for parameter in before.parameters where !newIDs.contains(id(parameter)) {
            changes.append(
                .init(
                    kind: .parameterRemoved, subject: id(parameter), detail: label(parameter.schema, in: old),
                    breaking: true))
        }
        return changes
    }

    private func bodyChanges(_ before: Endpoint, _ after: Endpoint) -> [SpecDiff.Change] {
        let oldBody = before.requestBody.flatMap { body in body.preferred.map { (body.required, $0.schema) } }
        let newBody = after.requestBody.flatMap { body in body.preferred.map { (body.required, $0.schema) } }
        switch (oldBody, newBody) {
        case (nil, nil):
            return []
        case (nil, let added?):
            return [
                .init(
                    kind: .bodyAdded, subject: "",
                    detail: (added.0 ? "required " : "optional ") + label(added.1, in: new),
                    breaking: added.0)
            ]
        case (let gone?, nil):
            return [.init(kind: .bodyRemoved, subject: "", detail: label(gone.1, in: old), breaking: true)]
        case (let previous?, let current?):
            var changes: [SpecDiff.Change] = []
            if current.0, !previous.0 {
                changes.append(
                    .init(kind: .bodyRequired, subject: "", detail: label(current.1, in: new), breaking: true))
            }
            let oldType = label(previous.1, in: old)
            let newType = label(current.1, in: new)
            // Two object types (a component renamed) are compared by their fields instead.
            if oldType != newType, !(Self.isObjectLabel(oldType) && Self.isObjectLabel(newType)) {
                changes.append(.init(kind: .bodyType, subject: "", detail: "\(oldType) → \(newType)", breaking: true))
            }
            return changes + fieldChanges(previous.1, current.1)
        }
    }

    /// Top-level fields of two body schemas (object bodies, `$ref`s and `allOf` resolved).
    private func fieldChanges(_ before: OpenAPISchema, _ after: OpenAPISchema) -> [SpecDiff.Change] {
        let oldView = SchemaValidator(index: old).view(of: before)
        let newView = SchemaValidator(index: new).view(of: after)
        guard !oldView.properties.isEmpty || !newView.properties.isEmpty else { return [] }
        var changes: [SpecDiff.Change] = []
        let oldFields = Dictionary(
            oldView.properties.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(newView.properties.map(\.name))
        let oldRequired = Set(oldView.required)
        let newRequired = Set(newView.required)
        for property in newView.properties {
            let type = label(property.schema, in: new)
            let required = newRequired.contains(property.name)
            guard let previous = oldFields[property.name] else {
                changes.append(
                    .init(
                        kind: .fieldAdded, subject: property.name,
                        detail: (required ? "required " : "optional ") + type, breaking: required))
                continue
            }
            if required != oldRequired.contains(property.name) {
                changes.append(
                    .init(
                        kind: required ? .fieldRequired : .fieldOptional, subject: property.name, detail: type,
                        breaking: required))
            }
            let oldType = label(previous, in: old)
            if oldType != type {
                changes.append(
                    .init(kind: .fieldType, subject: property.name, detail: "\(oldType) → \(type)", breaking: true))
            }
        }
        for property in oldView.properties where !newNames.contains(property.name) {
            changes.append(
                .init(
                    kind: .fieldRemoved, subject: property.name, detail: label(property.schema, in: old),
                    breaking: true))
        }
        return changes
    }

    /// Whether a label names an object type (a component name or "object"), whose change is judged by its fields.
    private static func isObjectLabel(_ label: String) -> Bool {
        label == "object" || label.first?.isUppercase == true
    }

    /// A type as a client sees it: the component name, or the JSON type with its format (`integer(int64)`,
    /// `array of WorkflowTask`); enum values and descriptions are not part of it.
    func label(_ schema: OpenAPISchema, in index: EndpointIndex) -> String {
        let view = SchemaValidator(index: index).view(of: schema)
        if let name = view.name { return name }
        let types = SchemaValidator.expectedTypes(view)
        if types == ["array"], let items = view.items { return "array of \(label(items, in: index))" }
        let base = types.isEmpty ? "any" : types.joined(separator: " or ")
        return view.format.map { "\(base)(\($0))" } ?? base
    }
}

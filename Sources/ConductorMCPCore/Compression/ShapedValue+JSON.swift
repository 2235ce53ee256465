extension ShapedValue {
    /// The shaped value as JSON, for structured output: cut strings carry their `…(+N chars)` marker, cut lists and
    /// tables keep their first elements, and table rows get their shared values back.
    var jsonValue: JSONValue {
        switch self {
        case .scalar(let value):
            return value
        case .string(let shown, let omitted):
            return .string(omitted > 0 ? "\(shown)…(+\(omitted) chars)" : shown)
        case .object(let members, _):
            var object = JSONObject()
            for member in members { object.appendUnchecked(member.key, member.value.jsonValue) }
            return .object(object)
        case .list(let items, _):
            return .array(items.map(\.jsonValue))
        case .table(let table):
            return .array(
                table.rows.map { row in
                    var object = JSONObject()
                    for constant in table.constants { object.appendUnchecked(constant.key, constant.value.jsonValue) }
                    for (column, cell) in zip(table.columns, row) {
                        if let cell { object.appendUnchecked(column, cell.jsonValue) }
                    }
                    return .object(object)
                })
        }
    }
}

/// Renders a `ShapedValue` as compact, indented text for an agent to read.
///
/// The format is YAML-like, chosen because it costs no braces or quotes on ordinary values:
/// - `key: value` lines, nested objects indented two spaces, short objects inline as `{key: value, …+3 keys}`;
/// - lists as `- item` lines, or inline `[a, b, …+8 more]` when short;
/// - arrays of similar objects as a table: `key: table of N rows`, an optional `every row: {…}` line for values shared
///   by all rows, a header of column names, then one row per line, cells separated by ` | ` (an empty cell: the row
///   has no such member; trailing empty cells are left off);
/// - strings bare unless they would read as something else (a number, `true`, a container, a separator, spaces at
///   the ends, control characters): then they are JSON-quoted; a cut string ends with `…(+N chars)`.
struct CompactTextRenderer: Sendable {
    /// Where a scalar appears, which decides what must be quoted.
    enum Context {
        /// A `key: value` line: only ambiguity with other scalars matters.
        case block
        /// Inside `{…}` or `[…]` on one line: separators and brackets matter too.
        case inline
        /// A table cell: the ` | ` separator matters too.
        case cell
        /// Inside an inline container that sits in a table cell: both separators matter.
        case inlineInCell
    }

    /// Widest inline object, and widest inline list of scalars, before falling back to block form.
    private let objectWidth = 100
    private let listWidth = 160

    /// The text of a whole response.
    func render(_ value: ShapedValue) -> String {
        var lines: [String] = []
        switch value {
        case .object(let members, let hidden) where !members.isEmpty:
            renderMembers(members, hidden: hidden, indent: 0, into: &lines)
        case .list(let items, _) where !items.isEmpty:
            renderBlock(key: nil, value, indent: 0, into: &lines)
        case .table:
            renderBlock(key: nil, value, indent: 0, into: &lines)
        default:
            lines.append(inline(value))
        }
        return lines.joined(separator: "\n")
    }

    private func renderMembers(_ members: [ShapedMember], hidden: Int, indent: Int, into lines: inout [String]) {
        for member in members { renderBlock(key: member.key, member.value, indent: indent, into: &lines) }
        if hidden > 0 {
            lines.append(String(repeating: " ", count: indent) + "…+\(hidden) more key\(hidden == 1 ? "" : "s")")
        }
    }

    private func renderBlock(key: String?, _ value: ShapedValue, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        let lead = key.map { pad + CompactTextRenderer.keyText($0) + ":" } ?? ""
        switch value {
        case .scalar, .string:
            lines.append(lead + " " + scalarText(value, .block))
        case .object(let members, let hidden):
            let flow = inline(value)
            if key != nil, members.isEmpty || (members.allSatisfy { $0.value.isScalar } && flow.count <= objectWidth) {
                lines.append(lead + " " + flow)
            } else {
                if key != nil { lines.append(lead) }
                renderMembers(members, hidden: hidden, indent: key == nil ? indent : indent + 2, into: &lines)
            }
        case .list(let items, let total):
            let flow = inline(value)
            let flat = items.allSatisfy { $0.isScalar || $0.isFlatObject }
            if key != nil,
                items.isEmpty || (items.allSatisfy(\.isScalar) && flow.count <= listWidth)
                    || (flat && flow.count <= objectWidth)
            {
                lines.append(lead + " " + flow)
                return
            }
            let inner = key == nil ? indent : indent + 2
            if key != nil { lines.append(lead + " list of \(total)") }
            for item in items { renderItem(item, indent: inner, into: &lines) }
            if total > items.count {
                lines.append(String(repeating: " ", count: inner) + "… +\(total - items.count) more items")
            }
        case .table(let table):
            let inner = indent + 2
            let innerPad = String(repeating: " ", count: inner)
            var header = (key == nil ? pad : lead + " ") + "table of \(table.totalRows) rows"
            if table.rows.count < table.totalRows { header += " (first \(table.rows.count) shown)" }
            lines.append(header)
            if !table.constants.isEmpty {
                lines.append(innerPad + "every row: " + inline(.object(members: table.constants, hidden: 0)))
            }
            if table.columns.isEmpty {
                lines.append(innerPad + "(no other columns shown)")
            } else {
                lines.append(
                    innerPad + table.columns.map { CompactTextRenderer.keyText($0, .cell) }.joined(separator: " | "))
                for row in table.rows {
                    var cells = row.map { $0.map { cellText($0) } ?? "" }
                    while let last = cells.last, last.isEmpty { cells.removeLast() }
                    lines.append(
                        innerPad + (cells.isEmpty ? "(none of these columns)" : cells.joined(separator: " | ")))
                }
            }
            if table.rows.count < table.totalRows {
                lines.append(innerPad + "… +\(table.totalRows - table.rows.count) more rows")
            }
        }
    }

    /// One list element: `- ` then the element, inline when short, else as an indented block.
    private func renderItem(_ value: ShapedValue, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .scalar, .string:
            lines.append(pad + "- " + scalarText(value, .block))
            return
        case .object(let members, _) where members.isEmpty || members.allSatisfy(\.value.isScalar):
            let flow = inline(value)
            if flow.count <= objectWidth {
                lines.append(pad + "- " + flow)
                return
            }
        case .list(let items, _) where items.allSatisfy(\.isScalar):
            let flow = inline(value)
            if flow.count <= listWidth {
                lines.append(pad + "- " + flow)
                return
            }
        default:
            break
        }
        var nested: [String] = []
        if case .object(let members, let hidden) = value {
            renderMembers(members, hidden: hidden, indent: indent + 2, into: &nested)
        } else {
            renderBlock(key: nil, value, indent: indent + 2, into: &nested)
        }
        guard !nested.isEmpty else {
            lines.append(pad + "-")
            return
        }
        nested[0] = pad + "- " + nested[0].dropFirst(indent + 2)
        lines.append(contentsOf: nested)
    }

    /// A value on one line.
    func inline(_ value: ShapedValue, _ context: Context = .inline) -> String {
        switch value {
        case .scalar, .string:
            return scalarText(value, context)
        case .object(let members, let hidden):
            var parts = members.map { CompactTextRenderer.keyText($0.key, context) + ": " + inline($0.value, context) }
            if hidden > 0 { parts.append(members.isEmpty ? "…\(hidden) keys" : "…+\(hidden) keys") }
            return "{" + parts.joined(separator: ", ") + "}"
        case .list(let items, let total):
            if items.isEmpty { return total == 0 ? "[]" : total == 1 ? "[1 item]" : "[\(total) items]" }
            var parts = items.map { inline($0, context) }
            if total > items.count { parts.append("…+\(total - items.count) more") }
            return "[" + parts.joined(separator: ", ") + "]"
        case .table(let table):
            var parts: [String] = table.rows.map { row in
                var members = table.constants
                for (column, cell) in zip(table.columns, row) {
                    if let cell { members.append(ShapedMember(key: column, value: cell)) }
                }
                return inline(.object(members: members, hidden: 0), context)
            }
            if table.totalRows > table.rows.count { parts.append("…+\(table.totalRows - table.rows.count) more") }
            return "[" + parts.joined(separator: ", ") + "]"
        }
    }

    private func cellText(_ value: ShapedValue) -> String {
        value.isScalar ? scalarText(value, .cell) : inline(value, .inlineInCell)
    }

    /// A null, boolean, number or (possibly cut) string.
    func scalarText(_ value: ShapedValue, _ context: Context) -> String {
        switch value {
        case .string(let shown, let omitted):
            var text = CompactTextRenderer.needsQuotes(shown, context) ? CompactTextRenderer.quoted(shown) : shown
            if omitted > 0 { text += "…(+\(omitted) chars)" }
            return text
        case .scalar(let scalar):
            switch scalar {
            case .null: return "null"
            case .bool(let flag): return flag ? "true" : "false"
            case .int(let number): return String(number)
            case .double(let number): return JSONValue.format(number)
            default: return scalar.jsonText
            }
        default:
            return inline(value)
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var output = ""
        JSONValue.writeQuoted(text, to: &output)
        return output
    }

    /// Whether a bare string would be misread in this context.
    static func needsQuotes(_ text: String, _ context: Context) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
        if first.properties.isWhitespace || last.properties.isWhitespace { return true }
        if "\"{[…".unicodeScalars.contains(first) { return true }
        if text == "true" || text == "false" || text == "null" || Double(text) != nil { return true }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { return true }
            switch context {
            case .block: break
            case .cell: if scalar == "|" { return true }
            case .inline: if ",{}[]".unicodeScalars.contains(scalar) { return true }
            case .inlineInCell: if ",{}[]|".unicodeScalars.contains(scalar) { return true }
            }
        }
        return false
    }

    /// A member name, quoted unless it is plain letters, digits and `_ - . $ @ /` (the context does not matter).
    static func keyText(_ key: String, _ context: Context = .block) -> String {
        guard let first = key.unicodeScalars.first, first != "-" else { return quoted(key) }
        for scalar in key.unicodeScalars {
            let plain =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "_-.$@/".unicodeScalars.contains(scalar)
            if !plain { return quoted(key) }
        }
        return key
    }
}

/// Applies one `CompressionLevel` to a pruned JSON value: cuts strings, lists and tables, summarises deep objects, and
/// records in an `ElisionLedger` everything it left out.
struct JSONShaper {
    /// The level being applied.
    let level: CompressionLevel
    /// What this shaping left out.
    private(set) var ledger = ElisionLedger()

    /// Table columns the caller named in `fields` (`tasks[].status`, `[].name`): shown at every level, since
    /// hiding what was asked for leaves the agent nothing to ask next. Rows are cut instead.
    let requested: Set<String>

    /// A shaper for `level`.
    init(level: CompressionLevel, requested: Set<String> = []) {
        self.level = level
        self.requested = requested
    }

    /// The shaped form of a whole response.
    mutating func shape(_ value: JSONValue) -> ShapedValue {
        shape(value, path: "", depth: 0, role: .payload)
    }

    /// The longest string kept whole for a field of this role.
    private func stringLimit(for role: FieldRole) -> Int {
        switch role {
        case .identity, .classifier: return max(level.stringLimit, 120)
        case .status: return max(level.stringLimit, 60)
        case .explanation:
            // A failure reason is the point of many responses: never cut it below 300 characters.
            return level.stringLimit >= CompressionLevel.unbounded ? level.stringLimit : max(level.stringLimit * 2, 300)
        case .payload: return level.stringLimit
        }
    }

    private mutating func shapeString(_ text: String, limit: Int) -> ShapedValue {
        guard text.utf8.count > limit else { return .string(shown: text, omitted: 0) }
        let count = TextBounds.length(text)
        guard count > limit else { return .string(shown: text, omitted: 0) }
        ledger.stringCut(omitted: count - limit)
        return .string(shown: TextBounds.prefix(text, limit), omitted: count - limit)
    }

    private mutating func shape(_ value: JSONValue, path: String, depth: Int, role: FieldRole) -> ShapedValue {
        switch value {
        case .string(let text):
            return shapeString(text, limit: stringLimit(for: role))
        case .array(let elements):
            if depth > level.depth {
                ledger.record(.depthSummary, at: path)
                return .list(items: [], total: elements.count)
            }
            if let objects = JSONShaper.tableRows(elements) {
                return .table(shapeTable(objects, path: path, depth: depth))
            }
            return shapeList(elements, path: path, depth: depth, role: role, limit: level.listItems)
        case .object(let object):
            if depth > 0, depth >= level.depth { return summarise(object, path: path) }
            var members: [ShapedMember] = []
            var hidden: [String] = []
            let keyOnly = level.keyMembersFrom.map { depth >= $0 } ?? false
            // An object with no identifying member at all keeps its first few members instead, so that key-only
            // rendering never turns a flat payload into nothing.
            let hasKeys = keyOnly && object.keys.contains { FieldRole(name: $0).isKey }
            for (offset, (key, member)) in object.enumerated() {
                let memberRole = FieldRole(name: key)
                if keyOnly, hasKeys ? !memberRole.isKey : offset >= level.listItems {
                    hidden.append(key)
                    continue
                }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                members.append(
                    ShapedMember(key: key, value: shape(member, path: childPath, depth: depth + 1, role: memberRole)))
            }
            if !hidden.isEmpty { ledger.record(.keyMembersOnly, at: path, names: hidden) }
            return .object(members: members, hidden: hidden.count)
        default:
            return .scalar(value)
        }
    }

    private mutating func shapeList(
        _ elements: [JSONValue], path: String, depth: Int, role: FieldRole, limit: Int
    ) -> ShapedValue {
        let shown = elements.prefix(limit)
        if shown.count < elements.count {
            ledger.record(.listItems, at: path, shown: shown.count, total: elements.count)
        }
        var items: [ShapedValue] = []
        items.reserveCapacity(shown.count)
        for element in shown {
            items.append(shape(element, path: "\(path)[]", depth: depth + 1, role: role))
        }
        return .list(items: items, total: elements.count)
    }

    /// An object reduced to its scalar key members (and lists of scalar key values), inline.
    private mutating func summarise(_ object: JSONObject, path: String) -> ShapedValue {
        var members: [ShapedMember] = []
        var hidden: [String] = []
        for (key, member) in object {
            let role = FieldRole(name: key)
            guard role.isKey else {
                hidden.append(key)
                continue
            }
            switch member {
            case .object:
                hidden.append(key)
            case .array(let elements):
                if elements.allSatisfy(\.isScalarValue) {
                    let childPath = path.isEmpty ? key : "\(path).\(key)"
                    members.append(
                        ShapedMember(
                            key: key,
                            value: shapeList(
                                elements, path: childPath, depth: 0, role: role, limit: min(level.listItems, 5))))
                } else {
                    hidden.append(key)
                }
            default:
                members.append(ShapedMember(key: key, value: shape(member, path: "", depth: 0, role: role)))
            }
        }
        if !hidden.isEmpty { ledger.record(.depthSummary, at: path, names: hidden) }
        return .object(members: members, hidden: hidden.count)
    }

    /// The elements as objects when they read well as a table: at least two, all objects, mostly sharing keys.
    static func tableRows(_ elements: [JSONValue]) -> [JSONObject]? {
        guard elements.count >= 2 else { return nil }
        var objects: [JSONObject] = []
        objects.reserveCapacity(elements.count)
        var occurrences: [String: Int] = [:]
        for element in elements {
            guard case .object(let object) = element else { return nil }
            objects.append(object)
            for key in object.keys { occurrences[key, default: 0] += 1 }
        }
        let common = occurrences.values.filter { $0 * 2 > objects.count }.count
        return common * 2 >= occurrences.count && common > 0 ? objects : nil
    }

    private mutating func shapeTable(_ objects: [JSONObject], path: String, depth: Int) -> ShapedTable {
        let rowsPath = "\(path)[]"
        var columns: [String] = []
        var seen = Set<String>()
        for object in objects {
            for key in object.keys where seen.insert(key).inserted { columns.append(key) }
        }
        let roles = Dictionary(uniqueKeysWithValues: columns.map { ($0, FieldRole(name: $0)) })
        // A column is asked for when a path names it or something inside it (`tasks[].outputData.value`).
        let asked =
            requested.isEmpty
            ? []
            : Set(
                columns.filter { column in
                    let path = "\(rowsPath).\(column)"
                    return requested.contains {
                        $0 == path || ($0.hasPrefix(path) && [".", "["].contains($0.dropFirst(path.count).first))
                    }
                })
        var dropped: [String] = []
        var constants: [ShapedMember] = []
        var candidates: [String] = []
        for column in columns {
            if objects.count >= 3, let first = objects[0][column], first.isScalarValue,
                objects.allSatisfy({ $0[column] == first })
            {
                if level.columns >= .keyed, !(roles[column]!.isKey), !asked.contains(column) {
                    dropped.append(column)
                } else {
                    constants.append(
                        ShapedMember(
                            key: column, value: shape(first, path: "", depth: depth + 2, role: roles[column]!)))
                }
            } else {
                candidates.append(column)
            }
        }
        let scalarColumns = Set(
            candidates.filter { column in objects.allSatisfy { $0[column]?.isScalarValue ?? true } })
        let rowKey = JSONShaper.rowKey(
            candidates.filter { roles[$0] == .identity && scalarColumns.contains($0) }, objects)
        var visible: [String]
        switch level.columns {
        case .everything, .all:
            visible = candidates
        case .scalars:
            visible = candidates.filter { scalarColumns.contains($0) || roles[$0]!.isKey }
        case .keyed:
            visible = candidates.filter { roles[$0]!.isKey }
        case .compact:
            visible = candidates.filter {
                $0 == rowKey || [.classifier, .status, .explanation].contains(roles[$0]!)
            }
        case .minimal:
            visible = candidates.filter { $0 == rowKey || [.status, .explanation].contains(roles[$0]!) }
        }
        visible += candidates.filter { asked.contains($0) && !visible.contains($0) }
        let visibleSet = Set(visible)
        dropped.append(contentsOf: candidates.filter { !visibleSet.contains($0) })
        if !dropped.isEmpty {
            let order = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
            ledger.record(.columns, at: rowsPath, names: dropped.sorted { order[$0]! < order[$1]! })
        }
        // Identity first (the row key leading), then classifiers, status, payload, and explanations last, where
        // their long text does not push the other cells out of line.
        func rank(_ column: String) -> Int {
            if column == rowKey { return -1 }
            switch roles[column]! {
            case .identity: return 0
            case .classifier: return 1
            case .status: return 2
            case .payload: return 3
            case .explanation: return 4
            }
        }
        visible = visible.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)

        let shownRows = objects.prefix(level.tableRows)
        if shownRows.count < objects.count {
            ledger.record(.tableRows, at: path, shown: shownRows.count, total: objects.count)
        }
        var rows: [[ShapedValue?]] = []
        rows.reserveCapacity(shownRows.count)
        for object in shownRows {
            var cells: [ShapedValue?] = []
            for column in visible {
                guard let value = object[column] else {
                    cells.append(nil)
                    continue
                }
                cells.append(shapeCell(value, path: "\(rowsPath).\(column)", depth: depth + 2, role: roles[column]!))
            }
            rows.append(cells)
        }
        return ShapedTable(constants: constants, columns: visible, rows: rows, totalRows: objects.count)
    }

    private mutating func shapeCell(_ value: JSONValue, path: String, depth: Int, role: FieldRole) -> ShapedValue {
        if level.columns == .everything { return shape(value, path: path, depth: depth, role: role) }
        switch value {
        case .string(let text):
            return shapeString(text, limit: role == .payload ? level.cellLimit : stringLimit(for: role))
        case .object(let object):
            return summarise(object, path: path)
        case .array(let elements):
            if elements.allSatisfy(\.isScalarValue) {
                return shapeList(elements, path: path, depth: 0, role: role, limit: min(level.listItems, 5))
            }
            ledger.record(.depthSummary, at: path)
            return .list(items: [], total: elements.count)
        default:
            return .scalar(value)
        }
    }

    /// The identity column that best names each row: the most distinct values per character of width, so a short
    /// name that is nearly unique (a task retried three times) beats a 36-character UUID that is unique.
    static func rowKey(_ candidates: [String], _ objects: [JSONObject]) -> String? {
        var best: (column: String, score: Double)?
        for column in candidates {
            var values = Set<String>()
            var width = 0
            var present = 0
            for object in objects {
                guard let value = object[column] else { continue }
                let text = value.stringValue ?? value.jsonText
                values.insert(text)
                width += text.count
                present += 1
            }
            guard present > 0 else { continue }
            let average = Double(width) / Double(present) + 3
            let score = Double(values.count) * Double(present) / Double(objects.count) / average
            if best == nil || score > best!.score { best = (column, score) }
        }
        return best?.column
    }
}

extension JSONValue {
    /// Whether this is null, a boolean, a number or a string.
    var isScalarValue: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}

/// A JSON value after one compression level's cuts, before it is rendered as text or back to JSON.
///
/// Keeping the decisions in a tree lets the text and the structured JSON say the same thing.
indirect enum ShapedValue: Sendable {
    /// null, a boolean or a number, as it was.
    case scalar(JSONValue)
    /// A string, cut to `shown` when `omitted` > 0 characters were dropped.
    case string(shown: String, omitted: Int)
    /// An object's shown members; `hidden` members were left out (their names are in the ledger).
    case object(members: [ShapedMember], hidden: Int)
    /// A list's first elements, out of `total`.
    case list(items: [ShapedValue], total: Int)
    /// An array of similar objects shown as rows and columns.
    case table(ShapedTable)

    /// Whether this is an object whose shown members are all scalars.
    var isFlatObject: Bool {
        if case .object(let members, _) = self { return members.allSatisfy(\.value.isScalar) }
        return false
    }

    /// Whether this is a null, boolean, number or string.
    var isScalar: Bool {
        switch self {
        case .scalar, .string: return true
        default: return false
        }
    }
}

/// One shown member of a shaped object.
struct ShapedMember: Sendable {
    /// The member name.
    var key: String
    /// The shaped value.
    var value: ShapedValue
}

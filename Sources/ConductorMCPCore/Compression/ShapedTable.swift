/// An array of similar objects as columns and rows: values shared by every row are shown once, in `constants`.
struct ShapedTable: Sendable {
    /// Members with the same scalar value in every row, shown once above the rows.
    var constants: [ShapedMember]
    /// The shown columns, in display order.
    var columns: [String]
    /// The shown rows; nil marks a row without that member.
    var rows: [[ShapedValue?]]
    /// How many rows the array had.
    var totalRows: Int
}

extension Collection {
    /// The element at `position`, or nil past the ends: a test that expects more elements than it got fails on its
    /// `#expect` instead of trapping and ending the whole run.
    public subscript(safe position: Index) -> Element? {
        indices.contains(position) ? self[position] : nil
    }
}

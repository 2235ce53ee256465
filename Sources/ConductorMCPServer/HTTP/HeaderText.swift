/// Text a client sent (a header's value, a token's key id) as a message or a header parameter may show it.
enum HeaderText {
    /// `text` as printable ASCII without `"` or `\`, each other scalar (a control character, an escape, a
    /// bidirectional mark, a line separator) shown as `?`, at most `limit` scalars: it forges no log line, breaks no
    /// quoted header parameter (RFC 6750's `error_description` allows exactly this) and sends no terminal escape.
    static func printable(_ text: some StringProtocol, limit: Int = 200) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(limit).map { scalar in
                    (0x20...0x7E).contains(scalar.value) && scalar != "\"" && scalar != "\\" ? scalar : "?"
                }))
    }
}

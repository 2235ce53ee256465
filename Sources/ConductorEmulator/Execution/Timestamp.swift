import Foundation

/// Renders epoch milliseconds the way Conductor's search summaries do.
enum Timestamp {
    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` in UTC, as Conductor's `WorkflowSummary` formats times; "" for 0.
    static func iso8601(_ millis: Int) -> String {
        guard millis > 0 else { return "" }
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(millis % 1000))
    }

    /// Epoch milliseconds of a time as Conductor's search index reads it (`strict_date_optional_time||epoch_millis`
    /// in its Elasticsearch mapping): a number of milliseconds, or an ISO 8601 date, with or without a time,
    /// fractional seconds and zone (UTC when none); nil for anything else.
    static func millis(_ text: String) -> Int? {
        // `strict_date_optional_time` is tried first: four digits are a year, as Elasticsearch reads them.
        if text.count == 4, let year = Int(text), year >= 0 { return millis("\(text)-01-01") }
        if let number = Int(text) { return number }
        // A zone written +0000 (Java's Z pattern) as ISO 8601's +00:00.
        if let match = text.wholeMatch(of: #/(.*)([+-])(\d\d)(\d\d)/#), match.1.contains("T") {
            return millis("\(match.1)\(match.2)\(match.3):\(match.4)")
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }
}

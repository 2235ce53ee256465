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
}

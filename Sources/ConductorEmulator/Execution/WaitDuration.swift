import Foundation

/// A WAIT task's `duration` (`"2 days 3h 10m 5s"`) or `until` (`"2026-11-26 14:00"`, UTC), parsed as Conductor's
/// `DateTimeUtils` does (core/src/main/java/com/netflix/conductor/core/utils/DateTimeUtils.java).
enum WaitDuration {
    private static let durationPattern = try? NSRegularExpression(
        pattern:
            #"^\s*(?:(\d+)\s*(?:days?|d))?\s*(?:(\d+)\s*(?:hours?|hrs?|h))?\s*(?:(\d+)\s*(?:minutes?|mins?|m))?\s*(?:(\d+)\s*(?:seconds?|secs?|s))?\s*$"#,
        options: [.caseInsensitive])

    /// Seconds in `text`, or nil when it is not a duration.
    static func seconds(_ text: String) -> Int? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = durationPattern?.firstMatch(in: text, range: range) else { return nil }
        var parts: [Int] = []
        for group in 1...4 {
            let captured = Range(match.range(at: group), in: text).flatMap { Int(text[$0]) } ?? 0
            parts.append(min(captured, 1_000_000))
        }
        return parts[0] * 86_400 + (parts[1] * 60 + parts[2]) * 60 + parts[3]
    }

    /// Epoch milliseconds of `text` (`yyyy-MM-dd HH:mm` or `yyyy-MM-dd`, UTC), or nil.
    static func instant(_ text: String) -> Int? {
        for pattern in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text.trimmingCharacters(in: .whitespaces)) {
                return Int(date.timeIntervalSince1970 * 1000)
            }
        }
        return nil
    }
}

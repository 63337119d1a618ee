import Statecharts

/// Dates and times as people read them, on the pages and in mail: "3 December 2026", "3 December 2026 at 14:05
/// UTC".
public enum ReadableDates {
    /// The months' names.
    public static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// A day: "3 December 2026".
    public static func day(_ instant: Instant) -> String {
        let civil = instant.civil
        return "\(civil.day) \(months[civil.month - 1]) \(civil.year)"
    }

    /// A day and time: "3 December 2026 at 14:05 UTC".
    public static func moment(_ instant: Instant) -> String {
        let civil = instant.civil
        let hour = civil.hour < 10 ? "0\(civil.hour)" : "\(civil.hour)"
        let minute = civil.minute < 10 ? "0\(civil.minute)" : "\(civil.minute)"
        return "\(day(instant)) at \(hour):\(minute) UTC"
    }

    /// Whole days from `now` until `due` (negative when past), for "in 12 days" and "overdue by 3 days".
    public static func days(from now: Instant, to due: Instant) -> Int64 {
        let microsecondsPerDay: Int64 = 86_400_000_000
        let difference = due.microsecondsSinceEpoch - now.microsecondsSinceEpoch
        return difference >= 0
            ? difference / microsecondsPerDay : -((-difference + microsecondsPerDay - 1) / microsecondsPerDay)
    }

    /// "due in 12 days", "due today", "overdue by 3 days".
    public static func relative(from now: Instant, to due: Instant) -> String {
        let days = days(from: now, to: due)
        switch days {
        case 0: return due >= now ? "due today" : "overdue"
        case 1: return "due tomorrow"
        case 2...: return "due in \(days) days"
        case -1: return "overdue by 1 day"
        default: return "overdue by \(-days) days"
        }
    }
}

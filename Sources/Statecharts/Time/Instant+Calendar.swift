/// A proleptic Gregorian civil date and time of day in UTC.
public struct CivilDateTime: Hashable, Sendable {
    /// Year, for example 2026.
    public var year: Int64
    /// Month, 1...12.
    public var month: Int
    /// Day of month, 1...31.
    public var day: Int
    /// Hour, 0...23.
    public var hour: Int
    /// Minute, 0...59.
    public var minute: Int
    /// Second, 0...59.
    public var second: Int
    /// Microseconds within the second, 0...999_999.
    public var microsecond: Int

    /// Creates a civil date and time; fields are taken as given.
    public init(
        year: Int64, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// The number of days in a month of a year, honouring Gregorian leap years.
    public static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Instant {
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Creates an instant from a UTC civil date and time, or nil when a field is out of range.
    public init?(_ civil: CivilDateTime) {
        guard (1...12).contains(civil.month),
            (1...CivilDateTime.daysIn(month: civil.month, year: civil.year)).contains(civil.day),
            (0...23).contains(civil.hour), (0...59).contains(civil.minute), (0...59).contains(civil.second),
            (0...999_999).contains(civil.microsecond),
            (-290_000...290_000).contains(civil.year)
        else { return nil }
        let days = Self.daysFromCivil(year: civil.year, month: Int64(civil.month), day: Int64(civil.day))
        let seconds = Int64(civil.hour * 3600 + civil.minute * 60 + civil.second)
        self.init(
            microsecondsSinceEpoch: days * Self.microsecondsPerDay + seconds * 1_000_000 + Int64(civil.microsecond))
    }

    /// This instant as a UTC civil date and time.
    public var civil: CivilDateTime {
        let micros = microsecondsSinceEpoch
        var days = micros / Self.microsecondsPerDay
        var rest = micros % Self.microsecondsPerDay
        if rest < 0 {
            rest += Self.microsecondsPerDay
            days -= 1
        }
        let (year, month, day) = Self.civilFromDays(days)
        let secondOfDay = Int(rest / 1_000_000)
        return CivilDateTime(
            year: year, month: Int(month), day: Int(day), hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
            second: secondOfDay % 60, microsecond: Int(rest % 1_000_000))
    }

    /// Returns this instant moved by whole calendar years, months and days, clamping the day to the target month's length (Jan 31 + P1M = Feb 28).
    public func adding(years: Int64 = 0, months: Int64 = 0, days: Int64 = 0) -> Instant {
        var date = civil
        // Beyond Int64 the answer saturates, as adding(microseconds:) does, rather than trapping.
        let saturated = Instant(microsecondsSinceEpoch: (years, months, days) > (0, 0, 0) ? .max : .min)
        let (yearMonths, yearsOverflow) = years.multipliedReportingOverflow(by: 12)
        let (shift, shiftOverflow) = yearMonths.addingReportingOverflow(months)
        let (totalMonths, totalOverflow) = (date.year * 12 + Int64(date.month - 1)).addingReportingOverflow(shift)
        guard !yearsOverflow, !shiftOverflow, !totalOverflow else { return saturated }
        date.year = totalMonths >= 0 ? totalMonths / 12 : (totalMonths - 11) / 12
        date.month = Int(totalMonths - date.year * 12) + 1
        date.day = min(date.day, CivilDateTime.daysIn(month: date.month, year: date.year))
        guard let moved = Instant(date) else { return saturated }
        let (dayMicroseconds, daysOverflow) = days.multipliedReportingOverflow(by: Self.microsecondsPerDay)
        guard !daysOverflow else { return saturated }
        return moved.adding(microseconds: dayMicroseconds)
    }

    /// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date for a count of days since 1970-01-01 (Howard Hinnant's algorithm).
    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

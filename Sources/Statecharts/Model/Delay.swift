/// A `<send>` delay: SCXML CSS2 time (`1s`, `.5s`, `200ms`) or an ISO 8601 duration (`P60D`, `PT12H`, `P1Y2M3DT4H5M6.5S`).
///
/// Years, months and days are calendar units applied with ``Instant/adding(years:months:days:)``; the time part is exact.
public struct Delay: Hashable, Sendable {
    /// Calendar years.
    public var years: Int64
    /// Calendar months.
    public var months: Int64
    /// Calendar days.
    public var days: Int64
    /// Exact microseconds (hours, minutes, seconds and CSS2 times).
    public var microseconds: Int64

    /// Creates a delay from its parts.
    public init(years: Int64 = 0, months: Int64 = 0, days: Int64 = 0, microseconds: Int64 = 0) {
        self.years = years
        self.months = months
        self.days = days
        self.microseconds = microseconds
    }

    /// The longest delay taken, in years (10,000): a longer one is not a time at all but a typing slip, and its
    /// microseconds would not fit in 64 bits.
    public static let maximumYears: Double = 10_000

    /// The most of each unit that stays within ``maximumYears``, for parsing.
    static let limits: (years: Double, months: Double, days: Double, microseconds: Double) = (
        maximumYears, maximumYears * 12, maximumYears * 366, maximumYears * 366 * 86_400_000_000
    )

    /// Whether the delay is zero.
    public var isZero: Bool { years == 0 && months == 0 && days == 0 && microseconds == 0 }

    /// The instant this delay after `start`.
    public func after(_ start: Instant) -> Instant {
        start.adding(years: years, months: months, days: days).adding(microseconds: microseconds)
    }

    /// Parses a CSS2 time value or an ISO 8601 duration; nil when the text is neither.
    public init?(parsing text: String) {
        let trimmed = text.trimmedWhitespace
        if trimmed.hasPrefix("P") {
            guard let parsed = Delay.iso8601(trimmed) else { return nil }
            self = parsed
        } else {
            guard let parsed = Delay.css2(trimmed) else { return nil }
            self = parsed
        }
    }

    /// Parses `N(ms|s)` with an optional fraction.
    static func css2(_ text: String) -> Delay? {
        let unitScale: Double
        let number: Substring
        if text.hasSuffix("ms") {
            unitScale = 1_000
            number = text.dropLast(2)
        } else if text.hasSuffix("s") {
            unitScale = 1_000_000
            number = text.dropLast()
        } else {
            return nil
        }
        guard let value = decimal(number), value >= 0, value * unitScale <= limits.microseconds else { return nil }
        return Delay(microseconds: Int64((value * unitScale).rounded()))
    }

    /// Parses `PnYnMnDTnHnMnS` and `PnW`; each designator at most once and in that order, so that the sums of the
    /// bounded components cannot overflow (`PT3660000H` repeated would).
    static func iso8601(_ text: String) -> Delay? {
        var delay = Delay()
        var inTime = false
        var lastDesignator = -1
        var number = ""
        var sawComponent = false
        for character in text.dropFirst() {
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            if character.isNumber || character == "." || character == "," {
                number.append(character == "," ? "." : character)
                continue
            }
            // Each component is at most ``maximumYears`` long, so that the sums below cannot overflow.
            guard let value = decimal(Substring(number)), value <= limits.days else { return nil }
            number = ""
            sawComponent = true
            let order = (inTime ? ["H", "M", "S"] : ["Y", "M", "W", "D"]).firstIndex(of: character).map {
                inTime ? $0 + 4 : $0
            }
            guard let order, order > lastDesignator else { return nil }
            lastDesignator = order
            let whole = Int64(value)
            let isWhole = Double(whole) == value
            switch (inTime, character) {
            case (false, "Y") where isWhole && value <= limits.years: delay.years += whole
            case (false, "M") where isWhole && value <= limits.months: delay.months += whole
            case (false, "W") where isWhole && value * 7 <= limits.days: delay.days += whole * 7
            case (false, "D") where isWhole: delay.days += whole
            case (true, "H") where value * 3_600_000_000 <= limits.microseconds:
                delay.microseconds += Int64((value * 3_600_000_000).rounded())
            case (true, "M") where value * 60_000_000 <= limits.microseconds:
                delay.microseconds += Int64((value * 60_000_000).rounded())
            case (true, "S") where value * 1_000_000 <= limits.microseconds:
                delay.microseconds += Int64((value * 1_000_000).rounded())
            default: return nil
            }
        }
        guard number.isEmpty, sawComponent else { return nil }
        return delay
    }

    /// Parses an unsigned decimal such as `12`, `.5` or `6.25`.
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isNumber || $0 == "." }), text.filter({ $0 == "." }).count <= 1,
            text != "."
        else { return nil }
        return Double(text.hasPrefix(".") ? "0" + text : String(text))
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension Delay: CustomStringConvertible {
    /// The delay as an ISO 8601 duration, such as `P60D`, `P1Y2M` or `PT12H30M` (`PT0S` when zero); parsing it
    /// gives the same delay back.
    public var iso8601: String {
        var text = "P"
        if years != 0 { text += "\(years)Y" }
        if months != 0 { text += "\(months)M" }
        if days != 0 { text += "\(days)D" }
        guard microseconds != 0 else { return text == "P" ? "PT0S" : text }
        text += "T"
        let second: Int64 = 1_000_000
        let hours = microseconds / (3600 * second)
        let minutes = microseconds % (3600 * second) / (60 * second)
        let rest = microseconds % (60 * second)
        if hours != 0 { text += "\(hours)H" }
        if minutes != 0 { text += "\(minutes)M" }
        if rest != 0 {
            let fraction = rest % second
            if fraction == 0 {
                text += "\(rest / second)S"
            } else {
                var digits = String(fraction + second).dropFirst()
                while digits.last == "0" { digits = digits.dropLast() }
                text += "\(rest / second).\(digits)S"
            }
        }
        return text
    }

    /// ``iso8601``.
    public var description: String { iso8601 }
}

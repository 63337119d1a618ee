extension Instant {
    /// The instant as an ISO 8601 UTC string: `2026-11-29T12:00:00Z`, with `.ffffff` only when there are microseconds.
    public var iso8601: String {
        let c = civil
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = "\(pad(c.year, 4))-\(pad(Int64(c.month), 2))-\(pad(Int64(c.day), 2))"
        text += "T\(pad(Int64(c.hour), 2)):\(pad(Int64(c.minute), 2)):\(pad(Int64(c.second), 2))"
        if c.microsecond != 0 { text += "." + pad(Int64(c.microsecond), 6) }
        return text + "Z"
    }

    /// Parses an ISO 8601 timestamp: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or `±HH:MM`.
    ///
    /// A bare date means midnight UTC. Returns nil for anything else, including out-of-range fields.
    public init?(iso8601 text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(exactly: 4), scanner.take("-"), let month = scanner.number(exactly: 2),
            scanner.take("-"), let day = scanner.number(exactly: 2)
        else { return nil }
        var civil = CivilDateTime(year: year, month: Int(month), day: Int(day))
        var offsetMinutes: Int64 = 0
        if !scanner.atEnd {
            guard scanner.take("T") || scanner.take("t") || scanner.take(" "), let hour = scanner.number(exactly: 2),
                scanner.take(":"), let minute = scanner.number(exactly: 2)
            else { return nil }
            civil.hour = Int(hour)
            civil.minute = Int(minute)
            if scanner.take(":") {
                guard let second = scanner.number(exactly: 2) else { return nil }
                civil.second = Int(second)
                if scanner.take(".") || scanner.take(",") {
                    guard let (fraction, digits) = scanner.fraction() else { return nil }
                    civil.microsecond = Int(fraction * Self.powerOfTen(6 - min(digits, 6)))
                }
            }
            if scanner.take("Z") || scanner.take("z") {
            } else if let sign = scanner.sign() {
                guard let oh = scanner.number(exactly: 2) else { return nil }
                _ = scanner.take(":")
                guard let om = scanner.number(exactly: 2), oh <= 23, om <= 59 else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            } else {
                return nil
            }
        }
        guard scanner.atEnd, let local = Instant(civil) else { return nil }
        self = local.adding(microseconds: -offsetMinutes * 60_000_000)
    }

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(Int64(1)) { value, _ in value * 10 }
    }
}

/// A tiny cursor over ASCII bytes used by the ISO 8601 parsers.
struct DigitScanner {
    private let bytes: [UInt8]
    private(set) var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    /// The next byte, if any, without consuming it.
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Consumes `character` if it is next.
    mutating func take(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, peek == ascii else { return false }
        index += 1
        return true
    }

    /// Consumes exactly `count` decimal digits.
    mutating func number(exactly count: Int) -> Int64? {
        guard index + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + count] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        index += count
        return value
    }

    /// Consumes one or more decimal digits (at most 18), returning the value and the digit count.
    mutating func digits() -> (Int64, Int)? {
        let start = index
        var value: Int64 = 0
        while let byte = peek, (48...57).contains(byte) {
            guard index - start < 18 else { return nil }
            value = value * 10 + Int64(byte - 48)
            index += 1
        }
        return index == start ? nil : (value, index - start)
    }

    /// Consumes fraction digits, keeping at most the first six (microseconds) and ignoring the rest.
    mutating func fraction() -> (Int64, Int)? {
        let start = index
        var value: Int64 = 0
        while let byte = peek, (48...57).contains(byte) {
            if index - start < 6 { value = value * 10 + Int64(byte - 48) }
            index += 1
        }
        return index == start ? nil : (value, min(index - start, 6))
    }

    /// Consumes `+` or `-` and returns 1 or -1.
    mutating func sign() -> Int64? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }
}

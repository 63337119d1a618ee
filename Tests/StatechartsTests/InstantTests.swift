import Foundation
import Statecharts
import Testing

struct InstantTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-11-29T12:00:00Z", Int64(1_795_953_600_000_000)),
        ("2000-02-29T00:00:00.500000Z", Int64(951_782_400_500_000)),
        ("1969-12-31T23:59:59.999999Z", Int64(-1)),
    ])
    func formatsAndParsesExactly(_ text: String, _ micros: Int64) throws {
        let instant = try #require(Instant(iso8601: text))
        #expect(instant.microsecondsSinceEpoch == micros)
        #expect(instant.iso8601 == text)
    }

    @Test func acceptsOffsetsAndBareDates() {
        #expect(Instant(iso8601: "2026-11-29T13:30:00+01:30")?.iso8601 == "2026-11-29T12:00:00Z")
        #expect(Instant(iso8601: "2026-11-29T10:00-02:00")?.iso8601 == "2026-11-29T12:00:00Z")
        #expect(Instant(iso8601: "2026-11-29")?.iso8601 == "2026-11-29T00:00:00Z")
    }

    @Test(arguments: [
        "", "2026-13-01", "2026-02-30", "2026-11-29T24:00:00Z", "2026-11-29T12:00:00", "29/11/2026",
        "2026-11-29T12:00:00Zjunk",
    ])
    func rejectsMalformedTimestamps(_ text: String) {
        #expect(Instant(iso8601: text) == nil)
    }

    @Test func calendarArithmeticClampsToMonthEnd() throws {
        let start = try #require(Instant(iso8601: "2024-01-31T09:00:00Z"))
        #expect(start.adding(months: 1).iso8601 == "2024-02-29T09:00:00Z")
        #expect(start.adding(years: 1, months: 1).iso8601 == "2025-02-28T09:00:00Z")
        #expect(start.adding(days: 60).iso8601 == "2024-03-31T09:00:00Z")
        #expect(start.adding(months: -2).iso8601 == "2023-11-30T09:00:00Z")
        #expect(start.adding(years: 3).iso8601 == "2027-01-31T09:00:00Z")
    }

    @Test func codableUsesISO8601Strings() throws {
        let instant = try #require(Instant(iso8601: "2026-11-29T12:00:00.000001Z"))
        let json = try JSONEncoder().encode([instant])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-11-29T12:00:00.000001Z"]"#)
        #expect(try JSONDecoder().decode([Instant].self, from: json) == [instant])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Instant].self, from: Data(#"["soon"]"#.utf8)) }
    }

    @Test func arithmeticSaturatesInsteadOfTrapping() throws {
        let instant = try #require(Instant(iso8601: "2026-11-29T12:00:00Z"))
        #expect(instant.adding(microseconds: .max).microsecondsSinceEpoch == .max)
        #expect(instant < instant.adding(microseconds: 1))
    }
}

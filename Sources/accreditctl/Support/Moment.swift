import AccreditEngine
import ArgumentParser
import Foundation
import Statecharts

/// Times on the command line: ISO 8601 instants or dates, and the clock (read only here, in the CLI layer).
enum Moment {
    /// The current time.
    static var now: Instant {
        Instant(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// Parses `2026-03-01T09:00:00Z` (any ISO 8601 instant) or a date `2026-03-01` (midnight UTC).
    static func parse(_ text: String) -> Instant? {
        if text.count == 10 { return Instant(iso8601: text + "T00:00:00Z") }
        return Instant(iso8601: text)
    }

    /// The time an option gives, or now when it is absent.
    static func given(_ text: String?) -> Instant {
        text.flatMap(parse) ?? now
    }

    /// Refuses an option's value that is neither an ISO 8601 instant nor a date.
    ///
    /// - Throws: `ValidationError` (exit 2) naming the option.
    static func validate(_ text: String?, as option: String) throws {
        if let text, parse(text) == nil {
            throw ValidationError("Please give \(option) as an ISO 8601 time, such as 2026-03-01T09:00:00Z.")
        }
    }

    /// The date part of an instant: `2026-03-01`.
    static func date(_ instant: Instant) -> String {
        String(instant.iso8601.prefix(10))
    }
}

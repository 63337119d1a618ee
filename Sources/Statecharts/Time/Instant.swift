/// A moment in time as whole microseconds since 1970-01-01T00:00:00Z (UTC), matching PostgreSQL's `timestamptz` precision.
///
/// The engine never reads a clock: every instant it sees arrives inside an event envelope.
public struct Instant: Hashable, Comparable, Sendable, Codable {
    /// Microseconds since the Unix epoch; negative before 1970.
    public var microsecondsSinceEpoch: Int64

    /// Creates an instant from microseconds since the Unix epoch.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// The Unix epoch, 1970-01-01T00:00:00Z.
    public static let epoch = Instant(microsecondsSinceEpoch: 0)

    /// Orders instants chronologically.
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// Returns this instant moved by a number of microseconds, clamped to the representable range.
    public func adding(microseconds: Int64) -> Instant {
        let (sum, overflow) = microsecondsSinceEpoch.addingReportingOverflow(microseconds)
        if overflow { return Instant(microsecondsSinceEpoch: microseconds > 0 ? .max : .min) }
        return Instant(microsecondsSinceEpoch: sum)
    }

    /// Encodes as the ISO 8601 string of ``iso8601``, so stored JSON stays readable and exact.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    /// Decodes from an ISO 8601 string as accepted by ``init(iso8601:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not an ISO 8601 UTC timestamp such as 2026-11-29T12:00:00Z")
        }
        self = instant
    }
}

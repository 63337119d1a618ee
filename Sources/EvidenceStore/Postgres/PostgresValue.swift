import AccreditEngine
import Statecharts

/// A value bound to a `$n` parameter; values are always sent separately from the SQL text, never spliced into it.
public enum PostgresValue: Hashable, Sendable {
    /// SQL NULL.
    case null
    /// `text`.
    case text(String)
    /// `bigint`.
    case int(Int64)
    /// `integer`.
    case int32(Int32)
    /// `boolean`.
    case bool(Bool)
    /// `timestamptz`, exact to the microsecond.
    case timestamp(Instant)
    /// `bytea`, sent as raw bytes.
    case bytea([UInt8])
    /// `jsonb`, given as JSON text.
    case jsonb(String)
}

extension PostgresValue {
    /// Microseconds between 1970-01-01 and PostgreSQL's binary epoch, 2000-01-01.
    static let postgresEpochOffset: Int64 = 946_684_800_000_000

    /// The parameter's type OID, as libpq wants it.
    var typeOID: UInt32 {
        switch self {
        case .null: 0
        case .text: 25
        case .int: 20
        case .int32: 23
        case .bool: 16
        case .timestamp: 1184
        case .bytea: 17
        case .jsonb: 3802
        }
    }

    /// The value in PostgreSQL's binary wire format, or nil for NULL.
    var binary: [UInt8]? {
        switch self {
        case .null: nil
        case .text(let string): Array(string.utf8)
        case .int(let value): bigEndianBytes(value)
        case .int32(let value): bigEndianBytes(value)
        case .bool(let value): [value ? 1 : 0]
        case .timestamp(let instant): bigEndianBytes(instant.microsecondsSinceEpoch &- Self.postgresEpochOffset)
        case .bytea(let bytes): bytes
        case .jsonb(let json): [1] + Array(json.utf8)
        }
    }

    private func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral
{
    /// A `text` literal.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A `bigint` literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A `boolean` literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// SQL NULL.
    public init(nilLiteral: ()) { self = .null }
}

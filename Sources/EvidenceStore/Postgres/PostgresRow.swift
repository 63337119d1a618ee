import AccreditEngine
import Statecharts

/// One row of a query result, with typed access by column name or position.
public struct PostgresRow: Sendable {
    /// The column names, in select-list order.
    public let columns: [String]
    let types: [UInt32]
    let values: [[UInt8]?]

    /// The cell at a 0-based position.
    ///
    /// - Throws: ``PostgresError`` with code `.misuse` when the position is out of range.
    public subscript(_ index: Int) -> PostgresCell {
        get throws(PostgresError) {
            guard columns.indices.contains(index) else {
                throw PostgresError(
                    code: .misuse, message: "column \(index) is out of range; the row has \(columns.count)")
            }
            return PostgresCell(column: columns[index], typeOID: types[index], bytes: values[index])
        }
    }

    /// The cell of the first column with this name.
    ///
    /// - Throws: ``PostgresError`` with code `.misuse` when no column has that name.
    public subscript(_ name: String) -> PostgresCell {
        get throws(PostgresError) {
            guard let index = columns.firstIndex(of: name) else {
                throw PostgresError(
                    code: .misuse,
                    message: "no column '\(name)' in the result; columns are \(columns.joined(separator: ", "))")
            }
            return try self[index]
        }
    }
}

/// One value of a result row in PostgreSQL's binary format, decoded on demand into the Swift type asked for.
public struct PostgresCell: Sendable {
    /// The column's name.
    public let column: String
    /// The column's type OID.
    public let typeOID: UInt32
    /// The raw binary value, or nil for NULL.
    public let bytes: [UInt8]?

    /// Whether the value is SQL NULL.
    public var isNull: Bool { bytes == nil }

    private func nonNull(_ type: String) throws(PostgresError) -> [UInt8] {
        guard let bytes else {
            throw PostgresError(code: .decoding, message: "column '\(column)' is NULL; expected \(type)")
        }
        return bytes
    }

    private func mismatch(_ type: String) -> PostgresError {
        PostgresError(
            code: .decoding,
            message: "column '\(column)' has type OID \(typeOID), which cannot be read as \(type); cast it in the query"
        )
    }

    private func integer(_ bytes: [UInt8]) -> Int64 {
        var value: Int64 = bytes.first.map { $0 >= 0x80 ? -1 : 0 } ?? 0
        for byte in bytes { value = value << 8 | Int64(byte) }
        return value
    }

    /// The value as text (`text`, `varchar`, `name`, `char`, `json`, `jsonb`, `uuid`).
    public func string() throws(PostgresError) -> String {
        let bytes = try nonNull("text")
        switch typeOID {
        case 25, 1043, 19, 1042, 114, 142, 705:
            return String(decoding: bytes, as: UTF8.self)
        case 3802:
            return String(decoding: bytes.dropFirst(), as: UTF8.self)
        case 2950 where bytes.count == 16:
            let hex = bytes.map { byte in
                String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }
            return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
        default:
            throw mismatch("text")
        }
    }

    /// The value as text, or nil when NULL.
    public func optionalString() throws(PostgresError) -> String? {
        isNull ? nil : try string()
    }

    /// The value as an integer (`smallint`, `integer`, `bigint`).
    public func int() throws(PostgresError) -> Int64 {
        let bytes = try nonNull("an integer")
        guard [21, 23, 20].contains(typeOID), [2, 4, 8].contains(bytes.count) else { throw mismatch("an integer") }
        return integer(bytes)
    }

    /// The value as an integer, or nil when NULL.
    public func optionalInt() throws(PostgresError) -> Int64? {
        isNull ? nil : try int()
    }

    /// The value as a boolean.
    public func bool() throws(PostgresError) -> Bool {
        let bytes = try nonNull("a boolean")
        guard typeOID == 16, bytes.count == 1 else { throw mismatch("a boolean") }
        return bytes[0] != 0
    }

    /// The value as an instant (`timestamptz` or `timestamp`, read as UTC).
    public func instant() throws(PostgresError) -> Instant {
        let bytes = try nonNull("a timestamp")
        guard typeOID == 1184 || typeOID == 1114, bytes.count == 8 else { throw mismatch("a timestamp") }
        return Instant(microsecondsSinceEpoch: integer(bytes) &+ PostgresValue.postgresEpochOffset)
    }

    /// The value as an instant, or nil when NULL.
    public func optionalInstant() throws(PostgresError) -> Instant? {
        isNull ? nil : try instant()
    }

    /// The value as raw bytes (`bytea`).
    public func byteArray() throws(PostgresError) -> [UInt8] {
        let bytes = try nonNull("bytea")
        guard typeOID == 17 else { throw mismatch("bytea") }
        return bytes
    }
}

/// Splits the output of `COPY … TO STDOUT (FORMAT binary)` into rows of fields, as it streams in from
/// ``PostgresConnection/copyOut(_:_:_:)``: the 19-byte header first, then per row a 16-bit field count and, per
/// field, a 32-bit length (-1 for NULL) and the bytes; a count of -1 ends the data. Row boundaries need not match
/// the chunks it is fed.
public struct BinaryCopyReader {
    private var pending: [UInt8] = []
    private var sawHeader = false
    /// Whether the end-of-data marker has been read.
    public private(set) var finished = false

    /// The signature every binary COPY stream starts with.
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    /// Creates a reader.
    public init() {}

    /// Feeds a chunk and calls `row` with each complete row's fields (nil for NULL; valid only during the call).
    ///
    /// - Throws: ``PostgresError`` `.decoding` when the stream is not binary COPY output.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, row: ([UnsafeRawBufferPointer?]) throws(PostgresError) -> Void
    ) throws(PostgresError) {
        pending.append(contentsOf: chunk)
        var offset = 0
        let count = pending.count
        var failure: PostgresError?
        pending.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            func int32(_ at: Int) -> Int {
                Int(Int32(bitPattern: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
            }
            func int16(_ at: Int) -> Int {
                Int(Int16(bitPattern: UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self))))
            }
            if !sawHeader {
                guard count >= 19 else { return }
                guard Array(bytes[0..<11]) == Self.signature else {
                    failure = PostgresError(code: .decoding, message: "not binary COPY output (bad signature)")
                    return
                }
                offset = 19 + int32(15)
                sawHeader = true
            }
            var fields: [UnsafeRawBufferPointer?] = []
            while !finished, offset + 2 <= count {
                let fieldCount = int16(offset)
                if fieldCount == -1 {
                    finished = true
                    offset += 2
                    break
                }
                var cursor = offset + 2
                fields.removeAll(keepingCapacity: true)
                var complete = true
                for _ in 0..<max(fieldCount, 0) {
                    guard cursor + 4 <= count else {
                        complete = false
                        break
                    }
                    let length = int32(cursor)
                    cursor += 4
                    if length < 0 {
                        fields.append(nil)
                        continue
                    }
                    guard cursor + length <= count else {
                        complete = false
                        break
                    }
                    fields.append(UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + length)]))
                    cursor += length
                }
                guard complete else { break }
                do throws(PostgresError) {
                    try row(fields)
                } catch {
                    failure = error
                    return
                }
                offset = cursor
            }
        }
        if let failure { throw failure }
        pending.removeFirst(offset)
    }
}

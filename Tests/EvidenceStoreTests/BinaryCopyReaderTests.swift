import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// Binary COPY output split into rows however the chunks fall, with NULLs, empty strings and multi-byte text.
struct BinaryCopyReaderTests {
    static func rows(of stream: [UInt8], chunk: Int) throws -> [[String?]] {
        var reader = BinaryCopyReader()
        var rows: [[String?]] = []
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + chunk)
            let slice = Array(stream[offset..<end])
            try Self.feed(&reader, slice) { fields in
                rows.append(fields.map { $0.map { String(decoding: $0, as: UTF8.self) } })
            }
            offset = end
        }
        #expect(reader.finished)
        return rows
    }

    /// Feeds bytes to the reader (a plain function: typed-throws closures crash this compiler).
    static func feed(
        _ reader: inout BinaryCopyReader, _ bytes: [UInt8], _ row: ([UnsafeRawBufferPointer?]) -> Void
    ) throws {
        var failure: (any Error)?
        bytes.withUnsafeBytes { buffer in
            do {
                try reader.feed(buffer, row: row)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    @Test func splitsRowsWhateverTheChunkSize() async throws {
        try await TestDatabase.withConnection { db in
            var stream: [UInt8] = []
            try db.copyOut(
                """
                COPY (SELECT * FROM (VALUES (1, 'a', NULL), (2, '', 'Zoë 👩🏽‍⚕️'), (3, repeat('x', 70000), 'tab\tnew
                line')) AS t(n, s, u) ORDER BY n) TO STDOUT (FORMAT binary)
                """
            ) { stream.append(contentsOf: $0) }
            let whole = try Self.rows(of: stream, chunk: stream.count)
            #expect(whole.count == 3)
            #expect(whole[0][2] == nil)
            #expect(whole[1][1] == "")
            #expect(whole[1][2] == "Zoë 👩🏽‍⚕️")
            #expect(whole[2][1]?.count == 70_000)
            #expect(whole[2][2] == "tab\tnew\nline")
            for chunk in [1, 2, 7, 19, 20, 1000] {
                #expect(try Self.rows(of: stream, chunk: chunk) == whole, "chunks of \(chunk) bytes")
            }
        }
    }

    /// A query sent while a COPY streams would land in the middle of it; the connection refuses it, and the COPY and
    /// the connection carry on unharmed.
    @Test func aQueryDuringACopyIsRefused() async throws {
        try await TestDatabase.withConnection { db in
            var refused: [PostgresError.Code] = []
            var bytes = 0
            try db.copyOut("COPY (SELECT g, repeat('x', 1000) FROM generate_series(1, 2000) g) TO STDOUT") { chunk in
                bytes += chunk.count
                do {
                    try db.query("SELECT 1")
                } catch let error as PostgresError {
                    refused.append(error.code)
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
            #expect(!refused.isEmpty && refused.allSatisfy { $0 == .misuse })
            #expect(bytes > 2_000_000)
            #expect(try db.query("SELECT 41 + 1").first?[0].int() == 42)
        }
    }

    @Test func refusesTextOutput() {
        var reader = BinaryCopyReader()
        let text = Array("1\ta\t\\N\n2\tb\tc\n3\tsome longer text\t\\N\n".utf8)
        #expect(throws: PostgresError.self) { try Self.feed(&reader, text) { _ in } }
    }
}

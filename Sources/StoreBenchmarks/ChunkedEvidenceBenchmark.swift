import Crypto
import EvidenceStore
import Foundation

/// The other way to keep evidence beyond one disk: the file's contents in PostgreSQL, in 1 MiB `bytea` chunks sent by
/// one binary `COPY` in one durable transaction, hashed as they stream, so that replication and base backups carry
/// them. Prints the time, the WAL it wrote (what every standby receives and every archive keeps), the table's size,
/// and the time to read it back.
enum ChunkedEvidenceBenchmark {
    static let chunkBytes = 1 << 20

    static func run(file: String, conninfo: String, megabytes: Double, baseline: Double) throws {
        let db = try PostgresConnection(conninfo: conninfo)
        try db.execute("DROP TABLE IF EXISTS bench_evidence_chunks")
        // STORAGE EXTERNAL: evidence is mostly compressed already (PDF, images); PostgreSQL would try in vain.
        try db.execute(
            """
            CREATE TABLE bench_evidence_chunks (
                sha256 text NOT NULL, chunk int8 NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (sha256, chunk))
            """)
        try db.execute("ALTER TABLE bench_evidence_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL")
        let walBefore = try db.walPosition()
        guard let input = FileHandle(forReadingAtPath: file) else {
            print("chunked: cannot read \(file)")
            return
        }
        defer { try? input.close() }
        let start = monotonicSeconds()
        var hasher = SHA256()
        // The chunks go in under a provisional key, renamed to the digest once the last byte is hashed (as the blob
        // store renames its temporary file), in the same transaction.
        let provisional = "upload-\(getpid())"
        try db.transaction { db in
            _ = try db.copyInBinary("COPY bench_evidence_chunks (sha256, chunk, bytes) FROM STDIN WITH (FORMAT binary)")
            {
                rows in
                var index: Int64 = 0
                while let data = try input.read(upToCount: chunkBytes), !data.isEmpty {
                    hasher.update(data: data)
                    try rows.startRow(fields: 3)
                    rows.text(provisional)
                    rows.int8(index)
                    rows.raw(data)
                    index += 1
                }
            }
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            try db.execute(
                "UPDATE bench_evidence_chunks SET sha256 = $1 WHERE sha256 = $2", [.text(digest), .text(provisional)])
        }
        let elapsed = monotonicSeconds() - start
        let wal = Double(try db.walPosition().value - walBefore.value) / 1_000_000
        let size =
            try db.query("SELECT pg_total_relation_size('bench_evidence_chunks') AS size").first?["size"].int() ?? 0
        let readStart = monotonicSeconds()
        var read = 0
        _ = try db.copyOut(
            "COPY (SELECT bytes FROM bench_evidence_chunks ORDER BY chunk) TO STDOUT WITH (FORMAT binary)"
        ) {
            read += $0.count
        }
        let readElapsed = monotonicSeconds() - readStart
        print(
            "chunked in PostgreSQL: \(String(format: "%.0f", megabytes)) MB in \(String(format: "%.2f", elapsed)) s = "
                + "\(String(format: "%.0f", megabytes / elapsed)) MB/s (hash + COPY + commit; ratio to sha256sum "
                + "\(String(format: "%.2f", baseline / elapsed))); WAL written \(String(format: "%.0f", wal)) MB; "
                + "table \(size / 1_000_000) MB; read back \(String(format: "%.0f", Double(read) / 1_000_000 / readElapsed)) "
                + "MB/s")
        try db.execute("DROP TABLE bench_evidence_chunks")
    }
}

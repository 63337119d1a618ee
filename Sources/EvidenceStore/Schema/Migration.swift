import AccreditEngine
import Crypto

/// One numbered schema migration shipped with Accredit: applied once, in order, in its own transaction.
public struct Migration: Hashable, Sendable {
    /// The number that orders migrations, from the file name `NNNN_name.sql`.
    public let version: Int
    /// The descriptive part of the file name.
    public let name: String
    /// The SQL script.
    public let sql: String
    /// SHA-256 of the script's bytes, in hex; recorded when applied so later edits are detected.
    public let checksum: String
    /// Checksums of earlier texts of this migration that were amended after release (see
    /// ``MigrationCatalog/amendments``): a database that applied one of them counts this migration as applied.
    public let earlierChecksums: Set<String>

    /// Creates a migration from its file name and bytes.
    init(version: Int, name: String, bytes: [UInt8], earlierChecksums: Set<String> = []) {
        self.version = version
        self.name = name
        self.sql = String(decoding: bytes, as: UTF8.self)
        self.checksum = HashChain.hex(Array(SHA256.hash(data: bytes)))
        self.earlierChecksums = earlierChecksums
    }

    /// A migration built from text, for tests of the runner itself.
    public static func forTesting(
        version: Int, name: String, sql: String, earlierChecksums: Set<String> = []
    ) -> Migration {
        Migration(version: version, name: name, bytes: Array(sql.utf8), earlierChecksums: earlierChecksums)
    }

    /// Whether a checksum recorded in a database is this migration's text, or an accepted earlier text of it.
    public func accepts(recordedChecksum: String) -> Bool {
        recordedChecksum == checksum || earlierChecksums.contains(recordedChecksum)
    }

    /// The file the migration came from, such as `0001_core_schema.sql`.
    public var fileName: String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }
}

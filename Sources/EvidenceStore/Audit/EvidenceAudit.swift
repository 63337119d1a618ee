import AccreditEngine
import Statecharts

/// Checks every evidence row: its file exists and hashes to the recorded SHA-256, and the row agrees with the
/// upload event that recorded it in the case log (evidence id, SHA-256, size). Over the whole store it also reports
/// every stored file that no evidence row references and no administrator has disposed of (`evidence-orphaned`):
/// a file swapped out of a case leaves its original behind as such an orphan.
public struct EvidenceAudit: AuditCheck {
    /// The connection to read metadata through.
    let connection: PostgresConnection
    /// The evidence files.
    public let blobs: BlobStore

    /// Creates the check.
    public init(connection: PostgresConnection, blobs: BlobStore) {
        self.connection = connection
        self.blobs = blobs
    }

    /// Creates the check over an evidence registry's database and the files it describes.
    public init(registry: EvidenceRegistry, blobs: BlobStore) {
        self.init(connection: registry.connection, blobs: blobs)
    }

    /// `evidence`.
    public var name: String { "evidence" }

    /// Runs the file and metadata checks.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func run(_ scope: AuditScope) throws(StoreError) -> AuditReport {
        let rows = try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT e.case_id, e.evidence_id, e.sha256, e.size_bytes, e.recorded_seq, ev.payload
                FROM evidence e LEFT JOIN case_events ev ON ev.case_id = e.case_id AND ev.seq = e.recorded_seq
                WHERE $1::text IS NULL OR e.case_id = ANY(string_to_array($1, E'\\x1f'))
                ORDER BY e.case_id, e.evidence_id
                """, [scope.filter])
        }
        var report = AuditReport(counts: ["evidence": Int64(rows.count)])
        var checked: [String: BlobCheck] = [:]
        for row in rows {
            let item = try storeOperation(caseID: nil) {
                EvidenceItem(
                    caseID: try row[0].string(), evidenceID: try row[1].string(), sha256: try row[2].string(),
                    size: try row[3].int(), seq: try row[4].int(), payload: try row[5].optionalString())
            }
            let check = checked[item.sha256] ?? blobs.check(item.sha256)
            checked[item.sha256] = check
            report.findings += item.fileFindings(check) + item.metadataFindings()
        }
        if scope == .all {
            let referenced = Set(checked.keys)
            let disposed = try EvidenceRegistry(connection: connection).disposedHashes()
            let orphans = blobs.storedHashes().filter { !referenced.contains($0) && !disposed.contains($0) }.sorted()
            report.counts["evidence files", default: 0] += Int64(referenced.count + orphans.count)
            report.findings += orphans.map(Self.orphanFinding)
        }
        return report
    }

    /// The finding for a stored file that nothing references: not tied to a case (the log no longer says which
    /// upload it was), so reported for the store.
    static func orphanFinding(_ sha256: String) -> AuditFinding {
        AuditFinding(
            caseID: "", seq: nil, kind: .evidenceOrphaned, expected: "an evidence row or a recorded disposal",
            actual: "file \(sha256)",
            message: "a stored evidence file that no evidence row references: a file swapped out of a case, or an "
                + "upload that never committed; it is kept until an administrator disposes of it with a reason")
    }
}

extension AuditFinding.Kind {
    /// A stored evidence file that no evidence row references and no administrator has disposed of.
    public static let evidenceOrphaned = AuditFinding.Kind(rawValue: "evidence-orphaned")
}

/// One evidence row and the payload of its upload event.
private struct EvidenceItem {
    var caseID: String
    var evidenceID: String
    var sha256: String
    var size: Int64
    var seq: Int64
    var payload: String?

    func finding(_ kind: AuditFinding.Kind, expected: String, actual: String, _ message: String) -> AuditFinding {
        AuditFinding(
            caseID: caseID, seq: seq, kind: kind, expected: expected, actual: actual,
            message: "evidence \(evidenceID): \(message)")
    }

    func fileFindings(_ check: BlobCheck) -> [AuditFinding] {
        switch check {
        case .intact: []
        case .missing:
            [finding(.evidenceMissing, expected: "file \(sha256)", actual: "no file", "the stored file is missing")]
        case .corrupt(let actual):
            [
                finding(
                    .evidenceCorrupt, expected: "content sha256 \(sha256)", actual: "content sha256 \(actual)",
                    "the stored file's bytes changed")
            ]
        }
    }

    func metadataFindings() -> [AuditFinding] {
        guard let payload, let event = try? CanonicalJSON.parse(payload) else {
            return [
                finding(
                    .evidenceMetadata, expected: "an upload event at seq \(seq)", actual: "none",
                    "the event that recorded the upload is missing")
            ]
        }
        var findings: [AuditFinding] = []
        let pairs: [(String, Value, String)] = [
            ("evidence", .string(evidenceID), evidenceID), ("sha256", .string(sha256), sha256),
            ("size", .integer(size), String(size)),
        ]
        for (field, value, shown) in pairs where event[field] != value {
            let recorded = event[field].map { CanonicalJSON.encode($0) } ?? "nothing"
            findings.append(
                finding(
                    .evidenceMetadata, expected: "\(field) \(recorded)", actual: "\(field) \(shown)",
                    "the evidence row disagrees with its upload event"))
        }
        return findings
    }
}

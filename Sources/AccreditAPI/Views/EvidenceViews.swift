import AccreditEngine
import EvidenceStore
import Statecharts

/// How evidence records look in the API (and in the command-line tool's `--json`).
public enum EvidenceViews {
    /// `{case, evidence, criterion, file, mediaType, mediaMismatch, size, sha256, uploadedBy, uploadedAt, status,
    /// supersedes, notes, seq, cycle, reusedFrom, item}`: `cycle` is the assessment cycle the item belongs to,
    /// `reusedFrom` the earlier cycle's item it reuses in a renewal (the same file), or null, and `item` which of the
    /// criterion's expected evidence items it is for (1-based), or null when none was named.
    public static func record(_ record: EvidenceRecord) -> Value {
        [
            "case": .string(record.caseID), "evidence": .string(record.evidenceID),
            "criterion": .string(record.criterionID), "file": .string(record.fileName),
            "mediaType": .string(record.mediaType.rawValue), "mediaMismatch": .bool(record.mediaMismatch),
            "size": .integer(record.size), "sha256": .string(record.sha256), "uploadedBy": .string(record.uploadedBy),
            "uploadedAt": .string(record.uploadedAt.iso8601), "status": .string(record.status.rawValue),
            "supersedes": record.supersedes.map(Value.string) ?? .null,
            "notes": record.notes.map(Value.string) ?? .null,
            "seq": .integer(record.recordedSeq), "cycle": .integer(Int64(record.cycle)),
            "reusedFrom": record.reusedFrom.map(Value.string) ?? .null,
            "item": record.item.map { .integer(Int64($0)) } ?? .null,
        ]
    }
}

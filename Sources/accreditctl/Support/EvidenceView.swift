import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How evidence records are shown, and how one is found.
enum EvidenceView {
    /// `{case, evidence, criterion, file, mediaType, mediaMismatch, size, sha256, uploadedBy, uploadedAt, status,
    /// supersedes, notes, seq}`.
    static func json(_ record: EvidenceRecord) -> Value {
        [
            "case": .string(record.caseID), "evidence": .string(record.evidenceID),
            "criterion": .string(record.criterionID), "file": .string(record.fileName),
            "mediaType": .string(record.mediaType.rawValue), "mediaMismatch": .bool(record.mediaMismatch),
            "size": .integer(record.size), "sha256": .string(record.sha256), "uploadedBy": .string(record.uploadedBy),
            "uploadedAt": .string(record.uploadedAt.iso8601), "status": .string(record.status.rawValue),
            "supersedes": record.supersedes.map(Value.string) ?? .null,
            "notes": record.notes.map(Value.string) ?? .null,
            "seq": .integer(record.recordedSeq),
        ]
    }

    /// The record of one evidence item the actor may see.
    ///
    /// - Throws: ``CommandFailure`` `.notFound` when the case has no such item.
    static func find(_ desk: CaseDesk, _ item: EvidenceArguments, actor: String) throws -> EvidenceRecord {
        let (caseID, evidenceID) = (item.caseID, item.evidenceID)
        guard let record = try desk.evidence(of: caseID, for: actor).first(where: { $0.evidenceID == evidenceID })
        else {
            throw CommandFailure(
                .notFound,
                "case \(caseID) has no evidence \(evidenceID); list it with: accreditctl evidence list \(caseID)")
        }
        return record
    }
}

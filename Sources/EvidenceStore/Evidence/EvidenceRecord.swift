import AccreditEngine
import Statecharts

/// The review state of a piece of evidence.
public enum EvidenceStatus: String, Hashable, Sendable, CaseIterable {
    /// Uploaded, awaiting review.
    case submitted
    /// Accepted by an assessor.
    case accepted
    /// Rejected by an assessor, with a reason.
    case rejected
    /// Replaced by a newer upload.
    case superseded
}

/// Metadata of one uploaded evidence file; the content lives in the ``BlobStore`` under ``sha256``.
public struct EvidenceRecord: Hashable, Sendable {
    /// The case.
    public var caseID: String
    /// The evidence id within the case, such as `E-3`.
    public var evidenceID: String
    /// The framework criterion it supports.
    public var criterionID: String
    /// The display-only, sanitised file name.
    public var fileName: String
    /// The type detected from the content.
    public var mediaType: MediaType
    /// Whether the file name's extension disagrees with the content.
    public var mediaMismatch: Bool
    /// Size in bytes.
    public var size: Int64
    /// SHA-256 of the content, in hex.
    public var sha256: String
    /// Who uploaded it.
    public var uploadedBy: String
    /// When.
    public var uploadedAt: Instant
    /// Review state.
    public var status: EvidenceStatus
    /// The evidence this upload replaces, if any.
    public var supersedes: String?
    /// Free-text notes (for example the rejection reason).
    public var notes: String?
    /// The seq of the case event that recorded the upload.
    public var recordedSeq: Int64
    /// The assessment cycle the item belongs to (the case log's, not a stored column: the desk fills it in).
    public var cycle = 1
    /// The earlier cycle's item it reuses, if it was reused in a renewal (from the case log, likewise).
    public var reusedFrom: String?
    /// Whether it reuses an earlier cycle's item.
    public var reused: Bool { reusedFrom != nil }
    /// Which of the criterion's expected evidence items it is for (1-based, in the framework's order), or nil when
    /// none was named: given with an upload, and filled in from the case log (which resolves an implied item).
    public var item: Int?

    /// Creates a record.
    public init(
        caseID: String, evidenceID: String, criterionID: String, fileName: String, mediaType: MediaType,
        mediaMismatch: Bool, size: Int64, sha256: String, uploadedBy: String, uploadedAt: Instant,
        status: EvidenceStatus = .submitted, supersedes: String? = nil, notes: String? = nil, recordedSeq: Int64
    ) {
        self.caseID = caseID
        self.evidenceID = evidenceID
        self.criterionID = criterionID
        self.fileName = fileName
        self.mediaType = mediaType
        self.mediaMismatch = mediaMismatch
        self.size = size
        self.sha256 = sha256
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
        self.status = status
        self.supersedes = supersedes
        self.notes = notes
        self.recordedSeq = recordedSeq
    }

    /// The event payload that records this upload in the case log, so replay knows about it.
    public var eventPayload: Value {
        var object: [String: Value] = [
            "evidence": .string(evidenceID), "criterion": .string(criterionID), "file": .string(fileName),
            "mediaType": .string(mediaType.rawValue), "size": .integer(size), "sha256": .string(sha256),
            "mediaMismatch": .bool(mediaMismatch),
        ]
        if let supersedes { object["supersedes"] = .string(supersedes) }
        if let item { object["item"] = .integer(Int64(item)) }
        return .object(object)
    }
}

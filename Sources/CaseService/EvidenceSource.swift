import EvidenceStore

/// Where an upload's file comes from.
public enum EvidenceSource: Sendable {
    /// A file on this machine, read and stored by the desk.
    case file(String)
    /// A file already stored in the blob store (streamed in by a server, its digest checked).
    case stored(StoredBlob)
}

/// What ``CaseDesk/admitUpload(_:criterion:supersedes:by:requestID:)`` found.
public enum UploadAdmission {
    /// The request id already recorded this upload: its record and outcome.
    case repeated(EvidenceRecord, Outcome)
    /// The upload may go ahead, up to this many bytes.
    case admitted(maximumBytes: Int64)
}

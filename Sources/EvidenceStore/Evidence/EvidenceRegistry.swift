import AccreditEngine

/// Evidence metadata in PostgreSQL. Writes happen inside a case append, so an upload and its event commit together.
public struct EvidenceRegistry {
    /// The connection used for reads.
    let connection: PostgresConnection

    /// Creates a registry over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The statements that insert a record (and mark the evidence it supersedes), for
    /// ``CaseLog/append(caseID:expectedVersion:expectedHead:events:definitionHash:projection:timers:alsoStatements:)``,
    /// so the upload and its event commit together.
    public static func insertStatements(_ record: EvidenceRecord) -> [PostgresStatement] {
        var statements = [
            PostgresStatement(
                """
                INSERT INTO evidence (case_id, evidence_id, criterion_id, filename, media_type, media_mismatch, size_bytes,
                                      sha256, uploaded_by, uploaded_at, status, supersedes, notes, recorded_seq)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """,
                [
                    .text(record.caseID), .text(record.evidenceID), .text(record.criterionID), .text(record.fileName),
                    .text(record.mediaType.rawValue), .bool(record.mediaMismatch), .int(record.size),
                    .text(record.sha256), .text(record.uploadedBy), .timestamp(record.uploadedAt),
                    .text(record.status.rawValue), record.supersedes.map(PostgresValue.text) ?? .null,
                    record.notes.map(PostgresValue.text) ?? .null, .int(record.recordedSeq),
                ])
        ]
        if let supersedes = record.supersedes {
            statements.append(statusStatement(.superseded, caseID: record.caseID, evidenceID: supersedes, notes: nil))
        }
        return statements
    }

    /// The statement that changes a record's status (and notes, when given); it fails with a not-found error
    /// naming the evidence when there is no such record.
    public static func statusStatement(
        _ status: EvidenceStatus, caseID: String, evidenceID: String, notes: String?
    ) -> PostgresStatement {
        PostgresStatement(
            "SELECT accredit_set_evidence_status($1, $2, $3, $4)",
            [.text(caseID), .text(evidenceID), .text(status.rawValue), notes.map(PostgresValue.text) ?? .null])
    }

    /// The next free evidence id of a case: `E-1`, `E-2`, ….
    ///
    /// - Throws: ``StoreError`` on database errors.
    public func nextEvidenceID(caseID: String) throws(StoreError) -> String {
        try storeOperation(caseID: caseID) {
            let rows = try connection.query(
                "SELECT count(*) AS n FROM evidence WHERE case_id = $1", [.text(caseID)])
            return "E-\(try (rows.first?["n"].int() ?? 0) + 1)"
        }
    }

    /// The evidence of one case (or of every case), ordered by case and upload.
    ///
    /// - Throws: ``StoreError`` on database errors.
    public func records(caseID: String? = nil) throws(StoreError) -> [EvidenceRecord] {
        try storeOperation(caseID: caseID) {
            try connection.query(
                """
                SELECT case_id, evidence_id, criterion_id, filename, media_type, media_mismatch, size_bytes, sha256,
                       uploaded_by, uploaded_at, status, supersedes, notes, recorded_seq
                FROM evidence WHERE $1::text IS NULL OR case_id = $1 ORDER BY case_id, recorded_seq, evidence_id
                """, [caseID.map(PostgresValue.text) ?? .null]
            ).map(Self.record)
        }
    }

    /// One evidence record.
    ///
    /// - Throws: ``StoreError`` `.evidenceNotFound` when it does not exist.
    public func record(caseID: String, evidenceID: String) throws(StoreError) -> EvidenceRecord {
        guard let record = try records(caseID: caseID).first(where: { $0.evidenceID == evidenceID }) else {
            throw StoreError(
                code: .evidenceNotFound, message: "evidence \(evidenceID) of case \(caseID) does not exist",
                caseID: caseID, evidenceID: evidenceID)
        }
        return record
    }

    private static func record(_ row: PostgresRow) throws -> EvidenceRecord {
        EvidenceRecord(
            caseID: try row["case_id"].string(), evidenceID: try row["evidence_id"].string(),
            criterionID: try row["criterion_id"].string(), fileName: try row["filename"].string(),
            mediaType: MediaType(rawValue: try row["media_type"].string()) ?? .unknown,
            mediaMismatch: try row["media_mismatch"].bool(), size: try row["size_bytes"].int(),
            sha256: try row["sha256"].string(), uploadedBy: try row["uploaded_by"].string(),
            uploadedAt: try row["uploaded_at"].instant(),
            status: EvidenceStatus(rawValue: try row["status"].string()) ?? .submitted,
            supersedes: try row["supersedes"].optionalString(), notes: try row["notes"].optionalString(),
            recordedSeq: try row["recorded_seq"].int())
    }
}

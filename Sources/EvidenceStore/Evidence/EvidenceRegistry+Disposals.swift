import AccreditEngine

extension EvidenceRegistry {
    /// The files an administrator has disposed of (`evidence_disposals`, append-only), by SHA-256.
    ///
    /// - Throws: ``StoreError`` on database errors.
    public func disposedHashes() throws(StoreError) -> Set<String> {
        try storeOperation(caseID: nil) {
            Set(
                try connection.query("SELECT DISTINCT sha256 FROM evidence_disposals").map { try $0["sha256"].string() }
            )
        }
    }

    /// Whether any evidence row (of any case, in any status) references the file.
    ///
    /// - Throws: ``StoreError`` on database errors.
    public func isReferenced(_ sha256: String) throws(StoreError) -> Bool {
        try storeOperation(caseID: nil) {
            !(try connection.query("SELECT 1 FROM evidence WHERE sha256 = $1 LIMIT 1", [.text(sha256)]).isEmpty)
        }
    }

    /// Records an administrator's decision to dispose of an unreferenced file, in the append-only log.
    ///
    /// - Throws: ``StoreError`` `.invalid` for a malformed hash or reason, `.notFound` for an unknown actor.
    public func recordDisposal(of sha256: String, by actorID: String, reason: String) throws(StoreError) {
        do {
            try connection.execute(
                "INSERT INTO evidence_disposals (sha256, disposed_by, reason) VALUES ($1, $2, $3)",
                [.text(sha256), .text(actorID), .text(reason)])
        } catch let error where error.hasSQLState(PostgresError.SQLState.checkViolation) {
            throw StoreError(
                code: .invalid,
                message: "a disposal needs a SHA-256 of 64 lowercase hex digits and a reason of 1 to 2000 characters",
                underlying: error)
        } catch {
            throw StoreError.from(error, caseID: nil)
        }
    }
}

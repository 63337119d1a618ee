import AccreditEngine
import Statecharts

/// The store's list of signing public keys (migration 0005): at most one current key, and every retired one.
public struct SigningKeyRegistry {
    /// The connection to work through.
    let connection: PostgresConnection

    /// Creates the registry over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Every key the store lists, oldest first.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func all() throws(StoreError) -> [SigningKeyRecord] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT fingerprint, public_key, created_at, created_by, retired_at, retired_by
                FROM signing_keys ORDER BY created_at, fingerprint
                """
            ).map { row in
                SigningKeyRecord(
                    fingerprint: try row[0].string(), publicKey: try row[1].byteArray(),
                    createdAt: try row[2].instant(), createdBy: try row[3].string(),
                    retiredAt: try row[4].optionalInstant(), retiredBy: try row[5].optionalString())
            }
        }
    }

    /// The store's current key, if it has one.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func current() throws(StoreError) -> SigningKeyRecord? {
        try all().first { $0.isCurrent }
    }

    /// Registers a public key as the store's first current key.
    ///
    /// - Throws: ``StoreError`` `.signingKeyTaken` when the store already has a current key (another one; the same
    ///   key is accepted again), `.environment` on database errors.
    public func register(_ publicKey: [UInt8], by who: String) throws(StoreError) -> SigningKeyRecord {
        if let current = try current() {
            guard current.publicKey == publicKey else {
                throw StoreError(
                    code: .signingKeyTaken,
                    message: "the store already has a current signing key, \(current.fingerprint) (registered by "
                        + "\(current.createdBy) at \(current.createdAt.iso8601))")
            }
            return current
        }
        if let known = try all().first(where: { $0.publicKey == publicKey }) {
            throw StoreError(
                code: .signingKeyUnknown,
                message: "signing key \(known.fingerprint) was retired at \(known.retiredAt?.iso8601 ?? "?") and is "
                    + "never current again")
        }
        try storeOperation(caseID: nil) {
            _ = try connection.execute(
                "INSERT INTO signing_keys (fingerprint, public_key, created_by) VALUES ($1, $2, $3)",
                [.text(KeyFingerprint.of(publicKey)), .bytea(publicKey), .text(who)])
        }
        guard let record = try current() else { preconditionFailure("a key was just registered as current") }
        return record
    }

    /// Retires the current key and registers its successor, in one transaction.
    ///
    /// - Throws: ``StoreError`` `.signingKeyUnknown` when `old` is not the store's current key, `.environment` on
    ///   database errors.
    public func rotate(from old: [UInt8], to new: [UInt8], by who: String) throws(StoreError) {
        try storeOperation(caseID: nil) {
            try connection.transaction { connection in
                let retired = try connection.execute(
                    """
                    UPDATE signing_keys SET retired_at = clock_timestamp(), retired_by = $2
                    WHERE public_key = $1 AND retired_at IS NULL
                    """, [.bytea(old), .text(who)])
                guard retired == 1 else {
                    throw StoreError(
                        code: .signingKeyUnknown,
                        message: "signing key \(KeyFingerprint.of(old)) is not the store's current key")
                }
                _ = try connection.execute(
                    "INSERT INTO signing_keys (fingerprint, public_key, created_by) VALUES ($1, $2, $3)",
                    [.text(KeyFingerprint.of(new)), .bytea(new), .text(who)])
            }
        }
    }

    /// Refuses a key that is not the store's current key.
    ///
    /// - Throws: ``StoreError`` `.signingKeyUnknown` naming the key, and the store's current key or that it has none.
    public func requireCurrent(_ publicKey: [UInt8], path: String) throws(StoreError) {
        let keys = try all()
        let fingerprint = KeyFingerprint.of(publicKey)
        if keys.contains(where: { $0.isCurrent && $0.publicKey == publicKey }) { return }
        let current = keys.first { $0.isCurrent }
        let why: String
        if let retired = keys.first(where: { $0.publicKey == publicKey }) {
            why = "it was retired at \(retired.retiredAt?.iso8601 ?? "?") by \(retired.retiredBy ?? "?")"
        } else if let current {
            why = "the store's current key is \(current.fingerprint)"
        } else {
            why = "the store has no signing key registered"
        }
        throw StoreError(
            code: .signingKeyUnknown,
            message: "the signing key \(path) (\(fingerprint)) is not this store's current key: \(why); refusing to "
                + "sign with it")
    }
}

/// A position in a cluster's write-ahead log (an LSN, `X/Y` in PostgreSQL's text): a primary and its standbys
/// count the same WAL, so positions compare across them.
public struct WALPosition: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The byte position.
    public var value: UInt64

    /// A position from its byte count.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// A position from PostgreSQL's text (`16/B374D848`), or nil when malformed.
    public init?(text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let high = UInt32(parts[0], radix: 16), let low = UInt32(parts[1], radix: 16) else {
            return nil
        }
        value = UInt64(high) << 32 | UInt64(low)
    }

    /// PostgreSQL's text for it.
    public var description: String {
        String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    /// Whether `lhs` is earlier in the WAL.
    public static func < (lhs: WALPosition, rhs: WALPosition) -> Bool { lhs.value < rhs.value }
}

/// How far a server that may be a standby has applied the WAL.
public struct ReplayState: Hashable, Sendable {
    /// Whether it is a standby (in recovery, read-only); false for a primary.
    public var standby: Bool
    /// The WAL it has applied (a primary: where its WAL ends).
    public var applied: WALPosition
    /// Milliseconds since it applied its newest commit (0 for a primary): everything committed on the primary
    /// before that moment is here, so it is at most this far behind (by its own clock). Nil when it has applied no
    /// commit since it started: how far behind it is cannot be told.
    public var millisecondsSinceLastApplied: Int64?
}

extension PostgresConnection {
    /// Where the server's WAL ends now (a primary's insert position, a standby's replay position): on a primary,
    /// every transaction committed before this call ends at or before it, whether or not its WAL is written yet.
    ///
    /// - Throws: ``PostgresError``.
    public func walPosition() throws(PostgresError) -> WALPosition {
        let text =
            try query(
                """
                SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn()
                    END)::text AS position
                """
            ).first?["position"].string() ?? ""
        guard let position = WALPosition(text: text) else {
            throw PostgresError(code: .decoding, message: "the server gave no WAL position (\(text))")
        }
        return position
    }

    /// How far the server has applied the WAL, and since when it has applied nothing new.
    ///
    /// - Throws: ``PostgresError``.
    public func replayState() throws(PostgresError) -> ReplayState {
        let row = try query(
            """
            SELECT pg_is_in_recovery() AS standby,
                   (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text
                       AS applied,
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        ELSE (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint
                   END AS since
            """
        ).first
        guard let row, let applied = WALPosition(text: try row["applied"].string()) else {
            throw PostgresError(code: .decoding, message: "the server gave no replay position")
        }
        return ReplayState(
            standby: try row["standby"].bool(), applied: applied,
            millisecondsSinceLastApplied: try row["since"].optionalInt().map { max(0, $0) })
    }
}

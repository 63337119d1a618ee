import AccreditEngine

/// Which cases an audit covers.
public enum AuditScope: Hashable, Sendable {
    /// Every case in the database.
    case all
    /// The named cases.
    case cases([String])

    /// The cases changed since a checkpoint: those whose current head is not the one it recorded (a new event, or
    /// any rewrite), and those it does not cover. Auditing them costs what changed, not the size of the store;
    /// cases the checkpoint covers that no longer exist are found by comparing the heads
    /// (``Checkpoint/consistencyFindings(after:)``), not by a scope.
    ///
    /// - Parameters:
    ///   - checkpoint: The checkpoint to compare with.
    ///   - current: Every case's head now (``CheckpointLog/currentHeads()``).
    /// - Returns: A ``cases(_:)`` scope, possibly empty.
    public static func changed(since checkpoint: Checkpoint, current: [CheckpointHead]) -> AuditScope {
        .cases(current.filter { checkpoint.head(of: $0.caseID) != $0 }.map(\.caseID))
    }

    /// The `WHERE` filter value for `case_id = ANY(string_to_array($n, E'\x1f'))`, or nil for every case.
    var filter: PostgresValue {
        switch self {
        case .all: .null
        case .cases(let ids): .text(ids.joined(separator: "\u{1f}"))
        }
    }
}

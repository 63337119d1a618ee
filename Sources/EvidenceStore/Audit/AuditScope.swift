/// Which cases an audit covers.
public enum AuditScope: Hashable, Sendable {
    /// Every case in the database.
    case all
    /// The named cases.
    case cases([String])

    /// The `WHERE` filter value for `case_id = ANY(string_to_array($n, E'\x1f'))`, or nil for every case.
    var filter: PostgresValue {
        switch self {
        case .all: .null
        case .cases(let ids): .text(ids.joined(separator: "\u{1f}"))
        }
    }
}

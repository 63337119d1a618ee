import AccreditEngine
import Statecharts

/// What the store keeps about a case beside its hash chain, which replay must reproduce exactly: the pending timers,
/// the snapshots (by the SHA-256 of their stored text, never trusting their own checksum) and the evidence rows.
public struct CaseSideRecords: Hashable, Sendable {
    /// The `timers` rows, by timer id.
    public var timers: [TimerRow] = []
    /// The `snapshots` rows, by seq.
    public var snapshots: [SnapshotDigest] = []
    /// The `evidence` rows, by evidence id.
    public var evidence: [EvidenceRow] = []
    /// The case's visit plans recorded as held (`visit_steps`), by plan.
    public var heldVisits: [HeldVisitRow] = []
    /// The directory's services of the case's organisation, with their sites' names, by code: what every scope the
    /// log declares must copy.
    public var directoryServices: [CaseScope.Service] = []

    /// No records.
    public init() {}
}

/// A `timers` row: a deadline as stored, and the event that set it.
public struct TimerRow: Hashable, Sendable {
    /// The deadline.
    public var timer: StoredTimer
    /// The seq of the event that scheduled it.
    public var setBySeq: Int64
}

/// A stored snapshot as an audit compares it: its seq and the SHA-256 (hex) of its stored text.
public struct SnapshotDigest: Hashable, Sendable {
    /// The seq of the last event the snapshot includes.
    public var seq: Int64
    /// The SHA-256 of the stored text, computed by the audit's read (not the stored checksum).
    public var sha256: String
}

/// An evidence row as replay compares it with the case record.
public struct EvidenceRow: Hashable, Sendable {
    /// The evidence id.
    public var evidenceID: String
    /// The criterion.
    public var criterion: String
    /// `submitted`, `accepted`, `rejected` or `superseded`.
    public var status: String
    /// Who uploaded it.
    public var uploadedBy: String
    /// The seq of the upload event.
    public var recordedSeq: Int64
}

/// A visit plan the store records as held, as replay compares it with the case's `hold-visit` event.
public struct HeldVisitRow: Hashable, Sendable {
    /// The plan's reference, `V-` and its number.
    public var visit: String
    /// The seq of the event the held step names.
    public var seq: Int64
    /// `unannounced` or `for-cause`.
    public var kind: String
    /// Who planned it.
    public var plannedBy: String
    /// When, by the store's clock.
    public var plannedAt: Instant
    /// The complaints it follows (references).
    public var complaints: [String]
    /// Its visitors.
    public var visitors: [String]
}

extension CaseLog {
    /// The side records of every case in scope, by case id, read before a whole-store stream starts (nothing may use
    /// the connection while it streams).
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` for an unreadable timer.
    public func sideRecords(_ scope: AuditScope) throws(StoreError) -> [String: CaseSideRecords] {
        var records: [String: CaseSideRecords] = [:]
        try storeOperation(caseID: nil) {
            let filter = "$1::text IS NULL OR case_id = ANY(string_to_array($1, E'\\x1f'))"
            for row in try connection.query(
                """
                SELECT case_id, timer_id, due_at, event_name, event_data, set_by_seq FROM timers WHERE \(filter)
                ORDER BY case_id, timer_id
                """, [scope.filter])
            {
                let caseID = try row["case_id"].string()
                let text = try row["event_data"].string()
                guard let data = try? CanonicalJSON.parse(text) else {
                    throw StoreError(
                        code: .corrupt, message: "a timer of case \(caseID) has unreadable data", caseID: caseID)
                }
                let timer = StoredTimer(
                    caseID: caseID, timerID: try row["timer_id"].string(), due: try row["due_at"].instant(),
                    event: try row["event_name"].string(), data: data)
                records[caseID, default: CaseSideRecords()].timers.append(
                    TimerRow(timer: timer, setBySeq: try row["set_by_seq"].int()))
            }
            for row in try connection.query(
                """
                SELECT case_id, seq, encode(sha256(convert_to(snapshot, 'UTF8')), 'hex') AS digest FROM snapshots
                WHERE \(filter) ORDER BY case_id, seq
                """, [scope.filter])
            {
                records[try row["case_id"].string(), default: CaseSideRecords()].snapshots.append(
                    SnapshotDigest(seq: try row["seq"].int(), sha256: try row["digest"].string()))
            }
            for row in try connection.query(
                """
                SELECT case_id, evidence_id, criterion_id, status, uploaded_by, recorded_seq FROM evidence
                WHERE \(filter) ORDER BY case_id, evidence_id
                """, [scope.filter])
            {
                records[try row["case_id"].string(), default: CaseSideRecords()].evidence.append(
                    EvidenceRow(
                        evidenceID: try row["evidence_id"].string(), criterion: try row["criterion_id"].string(),
                        status: try row["status"].string(), uploadedBy: try row["uploaded_by"].string(),
                        recordedSeq: try row["recorded_seq"].int()))
            }
            for row in try connection.query(
                """
                SELECT p.case_id, p.visit_id, s.seq, p.kind, p.planned_by, p.planned_at,
                       array_to_string(p.complaints, ' ') AS complaints, array_to_string(p.visitors, ' ') AS visitors
                FROM visit_plans p JOIN visit_steps s ON s.visit_id = p.visit_id AND s.step = 'held'
                WHERE $1::text IS NULL OR p.case_id = ANY(string_to_array($1, E'\\x1f')) ORDER BY p.case_id, p.visit_id
                """, [scope.filter])
            {
                records[try row["case_id"].string(), default: CaseSideRecords()].heldVisits.append(
                    HeldVisitRow(
                        visit: "V-\(try row["visit_id"].int())", seq: try row["seq"].int(),
                        kind: try row["kind"].string(), plannedBy: try row["planned_by"].string(),
                        plannedAt: try row["planned_at"].instant(),
                        complaints: try row["complaints"].string().split(separator: " ").map { "CMP-\($0)" },
                        visitors: try row["visitors"].string().split(separator: " ").map(String.init)))
            }
            for row in try connection.query(
                """
                SELECT c.case_id, s.service_code, s.name, s.kind, s.site_code, t.name AS site_name
                FROM cases c JOIN services s ON s.organisation_id = c.organisation_id
                JOIN sites t ON t.organisation_id = s.organisation_id AND t.site_code = s.site_code
                WHERE $1::text IS NULL OR c.case_id = ANY(string_to_array($1, E'\\x1f')) ORDER BY c.case_id, s.service_code
                """, [scope.filter])
            {
                records[try row["case_id"].string(), default: CaseSideRecords()].directoryServices.append(
                    CaseScope.Service(
                        code: try row["service_code"].string(), name: try row["name"].string(),
                        kind: try row["kind"].string(), site: try row["site_code"].string(),
                        siteName: try row["site_name"].string()))
            }
        }
        return records
    }

    /// The checksum the store gives a snapshot's text (SHA-256, hex), for comparing a replayed state with a stored
    /// snapshot's text.
    public static func snapshotDigest(_ snapshot: Value) -> String {
        checksum(CanonicalJSON.encode(snapshot))
    }
}

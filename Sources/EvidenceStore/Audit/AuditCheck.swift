import AccreditEngine

/// One producer of audit findings over the store: the hash chains, the evidence files, and (later) replay.
public protocol AuditCheck {
    /// A short name for reports, such as `chain` or `evidence`.
    var name: String { get }

    /// Runs the check over the cases in scope.
    ///
    /// - Returns: Every finding, and what was checked.
    /// - Throws: ``StoreError`` when the store cannot be read (not for problems found: those are findings).
    func run(_ scope: AuditScope) throws(StoreError) -> AuditReport
}

/// What an audit found and how much it looked at.
public struct AuditReport: Hashable, Sendable {
    /// Every problem, ordered by case, then seq.
    public var findings: [AuditFinding]
    /// How many items of each kind were checked, such as `cases`, `events` and `evidence`.
    public var counts: [String: Int64]

    /// Creates a report.
    public init(findings: [AuditFinding] = [], counts: [String: Int64] = [:]) {
        self.findings = findings
        self.counts = counts
    }

    /// Whether nothing was found.
    public var isClean: Bool { findings.isEmpty }

    /// Adds another check's findings and counts.
    public mutating func merge(_ other: AuditReport) {
        findings += other.findings
        counts.merge(other.counts, uniquingKeysWith: +)
    }
}

/// Runs a list of checks and merges their reports; new kinds of check are added to the list.
public struct StoreAudit {
    /// The checks, run in order.
    public var checks: [any AuditCheck]

    /// Creates an audit from checks.
    public init(checks: [any AuditCheck]) {
        self.checks = checks
    }

    /// Runs every check.
    ///
    /// - Returns: The merged report, findings sorted by case id, then seq (case-level findings last in a case).
    /// - Throws: ``StoreError`` from the first check that cannot read the store.
    public func run(_ scope: AuditScope) throws(StoreError) -> AuditReport {
        var report = AuditReport()
        for check in checks { report.merge(try check.run(scope)) }
        report.findings = report.findings.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.caseID != b.caseID { return a.caseID.utf8.lexicographicallyPrecedes(b.caseID.utf8) }
            let (x, y) = (a.seq ?? .max, b.seq ?? .max)
            return x != y ? x < y : left.offset < right.offset
        }.map(\.element)
        return report
    }
}

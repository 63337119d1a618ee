import AccreditEngine
import EvidenceStore
import Statecharts

/// The operational report: cases by state, overdue deadlines, appeals past their date, awards expiring soon and
/// assessor workload.
public struct CaseReport: Hashable, Sendable {
    /// An award that expires within the window.
    public struct Expiry: Hashable, Sendable {
        /// The case.
        public var caseID: String
        /// The organisation.
        public var organisation: String
        /// When the award expires.
        public var expires: Instant
    }

    /// A deadline past due and not yet delivered (``CaseDesk/fireDueTimers(at:caseID:)`` delivers it).
    public struct Overdue: Hashable, Sendable {
        /// The case.
        public var caseID: String
        /// The deadline.
        public var deadline: CaseDeadline
    }

    /// An appeal still being heard after the date its panel had to resolve it by (`acc:appeal-resolve-within`).
    public struct LateAppeal: Hashable, Sendable {
        /// The case.
        public var caseID: String
        /// The appeal's id, such as `A-1`.
        public var appeal: String
        /// What it is against.
        public var against: String
        /// When it was due to be resolved.
        public var due: Instant
    }

    /// The number of cases per status.
    public var casesByState: [String: Int]
    /// Overdue deadlines, earliest first.
    public var overdue: [Overdue]
    /// Awards expiring within the window, soonest first.
    public var expiring: [Expiry]
    /// Appeals past their date, the longest overdue first.
    public var lateAppeals: [LateAppeal] = []
    /// Review events (ratings, evidence reviews, review outcomes) per assessor over open cases.
    public var workload: [String: Int]
}

extension CaseDesk {
    /// The declared actions that count towards an assessor's workload: every act of evaluation.
    public static let workloadActions: Set<TransitionAction> = [.accept, .reject, .rate, .evaluate]

    /// Builds the report at `time`, listing awards that expire within `days` days of it.
    ///
    /// - Throws: ``StoreError`` or ``CaseRefusal`` when a case no longer replays.
    public func report(at time: Instant, expiringWithinDays days: Int) throws -> CaseReport {
        var report = CaseReport(casesByState: [:], overdue: [], expiring: [], workload: [:])
        let horizon = time.adding(microseconds: Int64(days) * 86_400_000_000)
        for summary in try cases() {
            report.casesByState[summary.status, default: 0] += 1
            report.overdue += summary.overdue(at: time).map { CaseReport.Overdue(caseID: summary.caseID, deadline: $0) }
            let open = try load(summary.caseID)
            let machine = open.definitions.machine
            if machine.holdsAward(open.state), let expiry = machine.awardExpiry(of: open.state), expiry <= horizon {
                report.expiring.append(
                    CaseReport.Expiry(caseID: summary.caseID, organisation: summary.organisation, expires: expiry))
            }
            if let appeal = open.state.record.openAppeal, let due = appeal.due, appeal.isOverdue(at: time) {
                report.lateAppeals.append(
                    CaseReport.LateAppeal(caseID: summary.caseID, appeal: appeal.id, against: appeal.against, due: due))
            }
            guard open.state.snapshot.finalState == nil else { continue }
            for event in try log.events(of: summary.caseID)
            where machine.action(of: event.envelope.type).map(Self.workloadActions.contains) == true {
                report.workload[event.envelope.actor, default: 0] += 1
            }
        }
        report.overdue.sort { ($0.deadline.due, $0.caseID) < ($1.deadline.due, $1.caseID) }
        report.expiring.sort { ($0.expires, $0.caseID) < ($1.expires, $1.caseID) }
        report.lateAppeals.sort { ($0.due, $0.caseID) < ($1.due, $1.caseID) }
        return report
    }
}

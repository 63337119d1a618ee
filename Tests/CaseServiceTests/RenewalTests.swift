import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #18, item 6, through the desk and the store: a renewal is a new assessment cycle (nothing rated or
/// submitted carries over; evidence is reused only where the framework allows it, marked reused, and reviewed
/// afresh), the award runs on until the renewal's decision (its certificate and status unchanged), the new expiry
/// follows from the old one, and a renewal withdrawn or refused leaves the award to run out. Each rule has its
/// attack.
struct RenewalTests {
    /// What a test works with: the desk, the temporary directory, the award's decision time and first certificate,
    /// and the evidence id of each criterion's first-cycle upload.
    struct Awarded {
        let db: PostgresConnection
        let desk: CaseDesk
        let dir: String
        let decided: Instant
        let certificate: AwardCertificate
        let evidence: [String: String]
    }

    /// C-1 awarded (every criterion met) at `decided`; in the desk review, the evidence for LD-1.2 and PE-2.2
    /// (which the shipped framework lets a renewal reuse) and SL-1.1 (which it does not) was accepted, and CU-1.2's
    /// (reusable) rejected.
    static func withAward(_ body: (Awarded) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                var time = try CaseDeskTests.toEvidence(desk)
                var evidence: [String: String] = [:]
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                    try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                    let (record, _) = try desk.uploadEvidence(
                        "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
                    evidence[criterion.id] = record.evidenceID
                }
                try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt", at: time)
                try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
                for (criterion, accept) in [("LD-1.2", true), ("PE-2.2", true), ("SL-1.1", true), ("CU-1.2", false)] {
                    try desk.reviewEvidence(
                        "C-1", evidence: evidence[criterion] ?? "", accept: accept, reason: accept ? nil : "undated",
                        by: "alice", at: time)
                }
                try rateAll("met", desk, by: "alice", at: &time)
                for (event, actor) in [
                    ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
                    ("findings.clear", "lee"), ("recommendation.submit", "lee"),
                ] {
                    time = time.adding(microseconds: 1_000_000)
                    try desk.fire("C-1", event: event, by: actor, at: time)
                }
                time = time.adding(microseconds: 1_000_000)
                try desk.fire("C-1", event: "decision.record", data: ["outcome": "accredited"], by: "dana", at: time)
                let certificate = try desk.certificate(for: "C-1")
                try body(
                    Awarded(
                        db: db, desk: desk, dir: dir, decided: time, certificate: certificate, evidence: evidence))
            }
        }
    }

    static func rateAll(_ rating: Value, _ desk: CaseDesk, by actor: String, at time: inout Instant) throws {
        for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
            time = time.adding(microseconds: 1_000_000)
            try desk.fire(
                "C-1", event: "review.rate", data: ["criterion": .string(criterion.id), "rating": rating], by: actor,
                at: time)
        }
    }

    /// Registers Pat, Quinn and Rosa, decision makers with no part in the case, to hear an appeal.
    static func registerPanel(_ desk: CaseDesk) throws {
        for person in ["pat", "quinn", "rosa"] {
            try desk.directory.add(
                Actor(id: person, name: person, roles: ["decision-maker"], organisation: nil, databaseLogin: nil))
        }
    }

    /// The rule that refuses what `body` does, or nil when it is accepted.
    static let rule = ComplaintVisitTests.refusal

    /// From the renewal's draft to its desk review: the application accepted and screened (the team stays), new
    /// evidence uploaded for every criterion, and submitted.
    static func toDeskReview(_ award: Awarded, at time: inout Instant) throws {
        for (event, actor) in [
            ("application.submit", "ann"), ("application.accept", "sec"), ("eligibility.confirm", "sec"),
            ("impartiality.confirm", "sec"),
        ] {
            time = time.adding(microseconds: 1_000_000)
            try award.desk.fire("C-1", event: event, by: actor, at: time)
        }
        try submitEvidence(award, at: &time)
    }

    /// New evidence uploaded for every criterion but `reusing`, and submitted.
    static func submitEvidence(_ award: Awarded, reusing: Set<String> = [], at time: inout Instant) throws {
        let desk = award.desk
        for criterion in try desk.load("C-1").definitions.machine.framework.criteria
        where !reusing.contains(criterion.id) {
            try TestFiles.write(Array("Renewal evidence for \(criterion.id)\n".utf8), to: award.dir + "/r.txt")
            time = time.adding(microseconds: 1_000_000)
            try desk.uploadEvidence("C-1", file: award.dir + "/r.txt", criterion: criterion.id, by: "ann", at: time)
        }
        time = time.adding(microseconds: 1_000_000)
        try desk.completeSubmission("C-1", file: award.dir + "/r.txt", except: reusing, at: time)
        try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
    }

    /// From the desk review to the decision, every criterion rated `rating`.
    static func toDecision(_ award: Awarded, rating: Value, at time: inout Instant) throws {
        try rateAll(rating, award.desk, by: "alice", at: &time)
        for (event, actor) in [
            ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
            ("findings.clear", "lee"), ("recommendation.submit", "lee"),
        ] {
            time = time.adding(microseconds: 1_000_000)
            try award.desk.fire("C-1", event: event, by: actor, at: time)
        }
    }

    @Test func aRenewalAssessesAfreshWhileTheAwardRunsAndTheNewTermFollowsTheOld() async throws {
        try await Self.withAward { award in
            let desk = award.desk
            var time = award.decided
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            // Surveillance at 11 and 20 months; renewal opens only within 180 days of the expiry.
            time = award.decided.adding(months: 11)
            #expect(send("surveillance.complete", by: "lee") == nil)
            time = award.decided.adding(months: 20)
            #expect(send("renewal.apply", by: "ann") == "workflow.guard-failed")
            #expect(send("surveillance.complete", by: "lee") == nil)
            // At 32 months surveillance is overdue: renewed now and withdrawn, its grace would start again.
            time = award.decided.adding(months: 32).adding(days: 1)
            #expect(try desk.fireDueTimers(at: time, caseID: "C-1").map(\.event) == ["surveillance.overdue"])
            #expect(send("renewal.apply", by: "ann") == "workflow.guard-failed")
            #expect(send("surveillance.complete", by: "lee") == nil)
            let before = try desk.load("C-1").state
            #expect(send("renewal.apply", by: "ann") == nil)

            // A new cycle: nothing rated or submitted counts, so the guards do not pass at once.
            var open = try desk.load("C-1")
            let machine = open.definitions.machine
            #expect(open.state.record.cycle == 2 && open.state.record.ratings.isEmpty)
            #expect(open.state.record.submittedCounts.isEmpty && open.state.record.acceptedCounts.isEmpty)
            #expect(open.state.record.findings == before.record.findings)
            #expect(open.state.record.team == before.record.team)
            // The award runs on: held, the same certificate, current on the status list.
            #expect(machine.holdsAward(open.state) && machine.isRenewing(open.state))
            #expect(try desk.certificate(for: "C-1") == award.certificate)
            #expect(try desk.awardStatusEntries(at: time).map(\.status) == [.current])
            #expect(try desk.cases().first?.awardUntil == award.certificate.expiresAt)

            for (event, actor) in [
                ("application.submit", "ann"), ("application.accept", "sec"), ("eligibility.confirm", "sec"),
                ("impartiality.confirm", "sec"),
            ] {
                #expect(send(event, by: actor) == nil)
            }
            #expect(send("evidence.submit", by: "ann") == "workflow.guard-failed")
            // Reuse: only accepted evidence of an earlier cycle, only where the framework allows it, only once, and
            // only through the desk (which writes the new item's evidence row with the event).
            func reuse(_ criterion: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule {
                    try desk.travel(to: time)
                    return try desk.reuseEvidence("C-1", evidence: award.evidence[criterion] ?? "", by: "ann")
                }
            }
            #expect(reuse("SL-1.1") == "evidence.reuse-not-allowed")
            #expect(reuse("CU-1.2") == "evidence.reuse-status")
            #expect(reuse("PE-2.2") == nil)
            #expect(reuse("PE-2.2") == "evidence.reuse-cycle")
            #expect(
                send(
                    "evidence.reuse", ["from": .string(award.evidence["LD-1.2"] ?? ""), "evidence": "E-90"], by: "ann")
                    == "evidence.record-required")
            #expect(reuse("LD-1.2") == nil)
            #expect(Self.rule { try desk.reuseEvidence("C-1", evidence: "E-999", by: "ann") } == "evidence.unknown")
            // An old item is not replaced in this cycle: it counts for nothing here.
            try TestFiles.write(Array("Newer policy\n".utf8), to: award.dir + "/n.txt")
            #expect(
                Self.rule {
                    try desk.uploadEvidence(
                        "C-1", file: award.dir + "/n.txt", criterion: "SL-1.1",
                        supersedes: award.evidence["SL-1.1"], by: "ann", at: time)
                } == "evidence.earlier-cycle")
            // The reused item is a new one of this cycle, with the same file; the earlier one stays accepted.
            open = try desk.load("C-1")
            let original = award.evidence["LD-1.2"] ?? ""
            let copy = try #require(open.state.record.reuse(of: original))
            let reused = open.state.record.evidence[copy]
            #expect(reused?.cycle == 2 && reused?.reusedFrom == original && reused?.status == "submitted")
            #expect(open.state.record.evidence[original]?.status == "accepted")
            let rows = try desk.evidence(of: "C-1", for: "sec")
            let copyRow = try #require(rows.first { $0.evidenceID == copy })
            #expect(copyRow.status == .submitted && copyRow.reusedFrom == original && copyRow.cycle == 2)
            #expect(copyRow.sha256 == rows.first { $0.evidenceID == original }?.sha256)
            #expect(open.state.record.submittedCounts["LD-1.2"] == 1)

            var clock = time
            try Self.submitEvidence(award, reusing: ["LD-1.2", "PE-2.2"], at: &clock)
            time = clock
            // The team reviews the reused item afresh, but not an old one (SL-1.2's, never reviewed in cycle 1).
            #expect(
                Self.rule {
                    try desk.reviewEvidence(
                        "C-1", evidence: award.evidence["SL-1.2"] ?? "", accept: true, reason: nil, by: "alice",
                        at: time)
                } == "evidence.earlier-cycle")
            #expect(
                Self.rule {
                    try desk.reviewEvidence("C-1", evidence: copy, accept: true, reason: nil, by: "alice", at: time)
                } == nil)
            try Self.toDecision(award, rating: "met", at: &time)
            // Still the first award until the decision.
            #expect(try desk.certificate(for: "C-1") == award.certificate)
            #expect(send("decision.record", ["outcome": "accredited"], by: "dana") == nil)
            let renewed = try desk.certificate(for: "C-1")
            #expect(renewed.number != award.certificate.number)
            #expect(renewed.expiresAt == award.certificate.expiresAt.adding(years: 3))
            #expect(
                try desk.awardStatusEntries(at: time).map(\.status) == [.superseded, .current])
            open = try desk.load("C-1")
            #expect(open.state.snapshot.configuration.contains("awarded") && open.state.record.cycle == 2)

            // The renewed state round-trips through a snapshot, and the audit finds the log and rows in step.
            #expect(machine.decode(machine.encode(open.state))?.record == open.state.record)
            let audit = try StoreAudit(checks: desk.auditChecks()).run(.cases(["C-1"]))
            #expect(audit.isClean, "\(audit.findings)")
            // A bundle verifies offline too: the reused item agrees with the event that wrote it.
            let key = try SigningKey.create(home: award.dir + "/home")
            _ = try CheckpointLog(connection: award.db).publish(key: key, at: time)
            let bundle = try CaseBundle.parse(try desk.exportBundle("C-1", withFiles: true).fileText)
            #expect(BundleVerifier.verify(bundle, trusting: TrustedKeys(publicKeys: [key.publicKey])).isEmpty)
        }
    }

    @Test func aRenewalWithdrawnOrRefusedLeavesTheAwardToRunOut() async throws {
        try await Self.withAward { award in
            let desk = award.desk
            var time = award.decided.adding(months: 31)
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            #expect(send("surveillance.complete", by: "lee") == nil)
            let before = try desk.load("C-1").state
            #expect(send("renewal.apply", by: "ann") == nil)
            // Withdrawn: back exactly where the award was, its expiry and certificate unchanged.
            #expect(send("case.withdraw", by: "ann") == nil)
            var open = try desk.load("C-1")
            let machine = open.definitions.machine
            #expect(open.state.snapshot.configuration == before.snapshot.configuration)
            #expect(machine.awardExpiry(of: open.state) == award.certificate.expiresAt)
            // The award's surveillance resumes with the date it had, rather than a new twelve months.
            func surveillanceDue(_ state: CaseState) -> Instant? {
                state.snapshot.pendingTimers.first { $0.event.name == "surveillance.overdue" }?.due
            }
            #expect(surveillanceDue(open.state) != nil && surveillanceDue(open.state) == surveillanceDue(before))
            #expect(try desk.certificate(for: "C-1") == award.certificate)

            // Applied for again and refused eligibility: once the time to appeal passes, the award runs on.
            #expect(send("renewal.apply", by: "ann") == nil)
            #expect(try desk.load("C-1").state.record.cycle == 3)
            for (event, actor) in [("application.submit", "ann"), ("application.accept", "sec")] {
                #expect(send(event, by: actor) == nil)
            }
            #expect(send("eligibility.refuse", by: "sec") == nil)
            #expect(try desk.certificate(for: "C-1") == award.certificate)
            time = time.adding(days: 31)
            #expect(try desk.fireDueTimers(at: time, caseID: "C-1").map(\.event) == ["deadline.appeal"])
            open = try desk.load("C-1")
            #expect(open.state.snapshot.configuration == before.snapshot.configuration)

            // Applied for a third time and refused: the refusal may be appealed while the award runs; the award
            // expires meanwhile (the case stays to hear the appeal), and then the case closes.
            #expect(send("renewal.apply", by: "ann") == nil)
            try Self.toDeskReview(award, at: &time)
            try Self.toDecision(award, rating: "not-met", at: &time)
            #expect(send("decision.record", ["outcome": "not-accredited"], by: "dana") == nil)
            open = try desk.load("C-1")
            #expect(open.state.snapshot.configuration.contains("refusal-appealable"))
            #expect(machine.holdsAward(open.state))
            #expect(try desk.certificate(for: "C-1") == award.certificate)
            #expect(send("appeal.lodge", ["grounds": "the visit missed our new policy"], by: "ann") == nil)
            let expired = award.certificate.expiresAt.adding(days: 1)
            #expect(try desk.fireDueTimers(at: expired, caseID: "C-1").map(\.event) == ["award.expire"])
            time = expired
            open = try desk.load("C-1")
            #expect(open.state.snapshot.configuration.contains("refusal-appealed") && !machine.holdsAward(open.state))
            #expect(Self.rule { try desk.certificate(for: "C-1") } == "award.none")
            #expect(try desk.awardStatusEntries(at: time).map(\.status) == [.expired])
            try Self.registerPanel(desk)
            #expect(send("appeal.panel", ["panel": ["pat", "quinn", "rosa"]], by: "sec") == nil)
            #expect(send("appeal.dismiss", ["reasons": "the ratings stand"], by: "pat") == nil)
            #expect(try desk.load("C-1").state.status == "closed")
            let audit = try StoreAudit(checks: desk.auditChecks()).run(.cases(["C-1"]))
            #expect(audit.isClean, "\(audit.findings)")
        }
    }

    @Test func aRenewalDecidedAfterTheAwardExpiredStillFollowsThePriorCycle() async throws {
        try await Self.withAward { award in
            let desk = award.desk
            var time = award.decided.adding(months: 34)
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            #expect(send("surveillance.complete", by: "lee") == nil)
            #expect(send("renewal.apply", by: "ann") == nil)
            try Self.toDeskReview(award, at: &time)
            // The award expires while the renewal is assessed: no longer held, the renewal goes on.
            time = award.certificate.expiresAt.adding(days: 1)
            let delivered = try desk.fireDueTimers(at: time, caseID: "C-1").map(\.event)
            #expect(delivered.contains("award.expire"), "\(delivered)")
            #expect(try desk.load("C-1").state.snapshot.configuration.contains("desk-review"))
            #expect(try desk.awardStatusEntries(at: time).map(\.status) == [.expired])
            #expect(try !desk.load("C-1").definitions.machine.holdsAward(desk.load("C-1").state))
            try Self.toDecision(award, rating: "met", at: &time)
            #expect(send("decision.record", ["outcome": "accredited"], by: "dana") == nil)
            // Restored, the award's term follows the prior cycle (ISO/IEC 17021-1 9.6.3): a late renewal gains nothing.
            let renewed = try desk.certificate(for: "C-1")
            #expect(renewed.expiresAt == award.certificate.expiresAt.adding(years: 3))
            #expect(try desk.awardStatusEntries(at: time).map(\.status) == [.superseded, .current])
        }
    }

    @Test func aRenewalWaitsForConditionsToCloseAndEvidenceIsReusedOnlyInOne() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                var time = try CaseDeskTests.toEvidence(desk)
                try TestFiles.write(Array("Terms of reference\n".utf8), to: dir + "/tor.txt")
                let (record, _) = try desk.uploadEvidence(
                    "C-1", file: dir + "/tor.txt", criterion: "LD-1.2", by: "ann", at: time)
                // The first cycle has nothing earlier to reuse, whatever a workflow offers.
                #expect(
                    Self.rule { try desk.reuseEvidence("C-1", evidence: record.evidenceID, by: "ann") }
                        == "evidence.reuse-cycle")
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria
                where criterion.id != "LD-1.2" {
                    try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/e.txt")
                    try desk.uploadEvidence("C-1", file: dir + "/e.txt", criterion: criterion.id, by: "ann", at: time)
                }
                try desk.completeSubmission("C-1", file: dir + "/e.txt", at: time)
                try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
                // One criterion not met: an award with conditions.
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                    time = time.adding(microseconds: 1_000_000)
                    try desk.fire(
                        "C-1", event: "review.rate",
                        data: [
                            "criterion": .string(criterion.id), "rating": criterion.id == "CU-3.1" ? "not-met" : "met",
                        ],
                        by: "alice", at: time)
                }
                for (event, actor) in [
                    ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
                    ("findings.clear", "lee"), ("recommendation.submit", "lee"),
                ] {
                    time = time.adding(microseconds: 1_000_000)
                    try desk.fire("C-1", event: event, by: actor, at: time)
                }
                try desk.fire(
                    "C-1", event: "decision.record", data: ["outcome": "accredited-with-conditions"], by: "dana",
                    at: time)
                #expect(try desk.load("C-1").state.snapshot.configuration.contains("conditions-open"))
                // Renewed with conditions open and withdrawn, the conditions' six months would start again.
                time = time.adding(months: 31)
                #expect(
                    Self.rule { try desk.fire("C-1", event: "renewal.apply", by: "ann", at: time) }
                        == "workflow.guard-failed")
                try desk.fire("C-1", event: "conditions.close", by: "lee", at: time)
                try desk.fire("C-1", event: "surveillance.complete", by: "lee", at: time)
                #expect(Self.rule { try desk.fire("C-1", event: "renewal.apply", by: "ann", at: time) } == nil)
            }
        }
    }
}

extension RenewalTests {
    /// The attacks of the review: a renewal withdrawn to slip its own scope and acceptances into the award; an
    /// upheld appeal's outcome read as a certificate while the renewal is decided again; a corrective action answered
    /// with an earlier cycle's evidence; and the award left unanswerable while it is renewed (no visit, no finding,
    /// an immediate risk that suspends nothing).
    @Test func theRunningAwardKeepsItsTermsAndAnswersForWhatARenewalFinds() async throws {
        try await Self.withAward { award in
            let desk = award.desk
            try ScopeTests.recordDirectory(desk)
            var time = award.decided.adding(months: 31)
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            #expect(send("surveillance.complete", by: "lee") == nil)
            let awarded = try desk.load("C-1").state.record
            #expect(send("renewal.apply", by: "ann") == nil)
            // The renewal declares a wider scope and leaves a criterion out; withdrawn, the award keeps its own.
            #expect(send("scope.declare", ["services": ["gp", "nursing"]], by: "ann") == nil)
            #expect(
                send("scope.not-applicable", ["criterion": "DI-1.2", "justification": "No beds"], by: "ann") == nil)
            #expect(
                send("scope.review", ["criterion": "DI-1.2", "decision": "accept", "reason": "seen"], by: "alice")
                    == nil)
            #expect(send("case.withdraw", by: "ann") == nil)
            var record = try desk.load("C-1").state.record
            #expect(record.scope == awarded.scope && record.applicability == awarded.applicability)
            // The award's own cycle is current again (its evidence reviewable, citable); the next renewal is cycle 3.
            #expect(record.ratings == awarded.ratings && record.renewedAward == nil && record.cycle == 1)
            #expect(record.lastCycle == 2 && record.submittedCounts == awarded.submittedCounts)
            #expect(try desk.certificate(for: "C-1") == award.certificate)

            // Renewed again: while it is assessed a complaint brings a visit without notice, and an immediate risk
            // it finds, left uncorrected, suspends the award that runs on.
            #expect(send("renewal.apply", by: "ann") == nil)
            record = try desk.load("C-1").state.record
            #expect(record.cycle == 3 && record.renewedAward?.expiresAt == award.certificate.expiresAt)
            try desk.travel(to: time)
            let plan = try desk.planVisit(
                caseID: "C-1", kind: .unannounced, notBefore: time, notAfter: time.adding(days: 7), complaints: [],
                note: "Unannounced during the renewal", by: "sec")
            #expect(
                Self.rule { try desk.holdVisit(plan.reference, report: "Wards visited at night", by: "lee") } == nil)
            let risk: Value = [
                "criterion": "SL-1.1", "severity": "immediate-risk", "statement": "Oxygen cylinders unsecured",
            ]
            #expect(send("finding.raise", risk, by: "lee") == nil)
            // A corrective action answers with this cycle's evidence, not the last cycle's.
            #expect(
                send(
                    "finding.respond",
                    ["finding": "F-1", "response": "Secured", "evidence": [.string(award.evidence["SL-1.1"] ?? "")]],
                    by: "ann") == "finding.evidence")
            time = time.adding(days: 4)
            #expect(try desk.fireDueTimers(at: time, caseID: "C-1").map(\.event).contains("finding.lapse"))
            let suspended = try desk.load("C-1")
            #expect(suspended.definitions.machine.isAwardSuspended(suspended.state))
            #expect(try desk.awardStatusEntries(at: time).map(\.status) == [.suspended])
        }
    }

    @Test func anUpheldAppealNamingAnOutcomeIssuesNoCertificateUntilTheCaseHoldsTheAward() async throws {
        try await Self.withAward { award in
            let desk = award.desk
            var time = award.decided.adding(months: 31)
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            #expect(send("surveillance.complete", by: "lee") == nil)
            #expect(send("renewal.apply", by: "ann") == nil)
            try Self.toDeskReview(award, at: &time)
            try Self.toDecision(award, rating: "not-met", at: &time)
            #expect(send("decision.record", ["outcome": "not-accredited"], by: "dana") == nil)
            #expect(send("appeal.lodge", ["grounds": "the ratings misread the evidence"], by: "ann") == nil)
            try Self.registerPanel(desk)
            #expect(send("appeal.panel", ["panel": ["pat", "quinn", "rosa"]], by: "sec") == nil)
            #expect(
                send("appeal.uphold", ["reasons": "decide again", "outcome": "accredited"], by: "pat") == nil)
            // Back at the decision: the running award's certificate stands alone.
            #expect(try desk.load("C-1").state.snapshot.configuration.contains("decision"))
            #expect(try desk.certificate(for: "C-1") == award.certificate)
            #expect(try desk.awardStatusEntries(at: time).map(\.number) == [award.certificate.number])
        }
    }
}

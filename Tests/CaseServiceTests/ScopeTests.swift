import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #18, item 5, through the desk and the store: sites and services in the directory, a case's declared scope,
/// criteria found not applicable to it (proposed with a justification, reviewed by the team), the certificate's
/// scope, and a change of scope during the award, assessed and decided. Each rule has its attack.
struct ScopeTests {
    /// Riverside's sites and services: a GP surgery and a community clinic, and a ward that a change brings in.
    static func recordDirectory(_ desk: CaseDesk) throws {
        try desk.travel(to: DeskFixtures.start)
        try desk.recordSite(
            Site(organisation: "riverside", code: "high-st", name: "High Street Surgery", recordedBy: ""), by: "sec")
        try desk.recordSite(
            Site(organisation: "riverside", code: "cottage", name: "Cottage Hospital", recordedBy: ""), by: "sec")
        for (code, site, kind, name) in [
            ("gp", "high-st", "primary-care", "General practice"),
            ("nursing", "high-st", "community", "District nursing"),
            ("ward-2", "cottage", "inpatient", "Ward 2 (rehabilitation)"),
        ] {
            try desk.recordService(
                OrganisationService(
                    organisation: "riverside", code: code, site: site, kind: kind, name: name, recordedBy: ""),
                by: "sec")
        }
    }

    /// C-1 in `evidence` with its directory recorded and its scope declared (the surgery's two services).
    static func withScope(_ body: (PostgresConnection, CaseDesk, Instant, String) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                try recordDirectory(desk)
                var time = DeskFixtures.start
                _ = try desk.openCase(
                    "C-1", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, by: "sec", at: time)
                time = time.adding(microseconds: 60_000_000)
                try desk.fire(
                    "C-1", event: "scope.declare", data: ["services": ["gp", "nursing"]], by: "ann", at: time)
                for (event, data, actor) in [
                    ("application.submit", Value.null, "ann"), ("application.accept", .null, "sec"),
                    ("eligibility.confirm", .null, "sec"),
                ] + DeskFixtures.teamEvents + [("impartiality.confirm", .null, "sec")] {
                    time = time.adding(microseconds: 60_000_000)
                    try desk.fire("C-1", event: event, data: data, by: actor, at: time)
                }
                try body(db, desk, time, dir)
            }
        }
    }

    static let rule = ComplaintVisitTests.refusal

    @Test func theDirectoryHoldsSitesAndServicesOnlyTheSecretariatRecords() async throws {
        try await Self.withScope { db, desk, _, _ in
            let (sites, services) = try desk.sitesAndServices(of: "riverside", as: "ann")
            #expect(
                sites.map(\.code) == ["cottage", "high-st"] && services.map(\.code) == ["gp", "nursing", "ward-2"])
            #expect(services.allSatisfy { $0.recordedBy == "sec" && $0.recordedAt != nil })
            // Another organisation's people do not read it.
            #expect(Self.rule { try desk.sitesAndServices(of: "riverside", as: "hal") } == "access.organisation")
            // Only administrators record; a kind no published framework assesses is refused; a code is taken once.
            let service = OrganisationService(
                organisation: "riverside", code: "icu", site: "cottage", kind: "inpatient", name: "ICU", recordedBy: "")
            #expect(Self.rule { try desk.recordService(service, by: "ann") } == "access.directory.write")
            var unknown = service
            unknown.kind = "spa"
            #expect(Self.rule { try desk.recordService(unknown, by: "sec") } == "scope.kind")
            var taken = service
            taken.code = "gp"
            #expect(Self.rule { try desk.recordService(taken, by: "sec") } == "store.invalid")
            var nowhere = service
            nowhere.site = "moon"
            #expect(Self.rule { try desk.recordService(nowhere, by: "sec") } == "store.not-found")
            // Names are copied into cases and stated on certificates: no hidden direction overrides or blank names.
            let spoof = Site(
                organisation: "riverside", code: "annex", name: "Annex \u{202E}latipsoH", recordedBy: "")
            #expect(Self.rule { try desk.recordSite(spoof, by: "sec") } == "directory.text")
            var blank = service
            blank.code = "blank"
            blank.name = "   "
            #expect(Self.rule { try desk.recordService(blank, by: "sec") } == "directory.text")
            // Appended, never rewritten, even past the desk.
            #expect(
                Self.rule { try db.execute("UPDATE services SET name = 'x' WHERE service_code = 'gp'") } != nil)
        }
    }

    @Test func theScopeIsCopiedFromTheDirectoryAndNothingElse() async throws {
        try await Self.withScope { _, desk, time, _ in
            let scope = try #require(try desk.load("C-1").state.record.scope)
            #expect(scope.services.map(\.code) == ["gp", "nursing"] && scope.declaredBy == "ann")
            #expect(scope.services[0].siteName == "High Street Surgery" && scope.services[0].kind == "primary-care")
            // The scope is declared while applying and screening only: not once the evidence is being gathered.
            #expect(
                Self.rule {
                    try desk.fire("C-1", event: "scope.declare", data: ["services": ["gp"]], by: "ann", at: time)
                }
                    == "workflow.not-accepted")
        }
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                try Self.recordDirectory(desk)
                let time = DeskFixtures.start
                _ = try desk.openCase(
                    "C-1", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, by: "sec", at: time)
                func declare(_ services: Value, by actor: String = "ann") -> String? {
                    Self.rule {
                        try desk.fire("C-1", event: "scope.declare", data: ["services": services], by: actor, at: time)
                    }
                }
                #expect(declare(["icu"]) == "scope.unknown-service")
                #expect(declare([]) == "scope.services")
                #expect(declare(["gp", "gp"]) == "scope.services")
                // A service given whole must be the directory's: no renaming a ward into a clinic.
                let forged: Value = [
                    "service": "ward-2", "name": "Outpatient clinic", "kind": "outpatient", "site": "cottage",
                    "siteName": "Cottage Hospital",
                ]
                #expect(declare([forged]) == "scope.unknown-service")
                // Another organisation's person cannot declare it.
                #expect(declare(["gp"], by: "hal") == "access.organisation")
                #expect(declare(["gp", "ward-2"]) == nil)
                #expect(try desk.load("C-1").state.record.scope?.kinds == ["primary-care", "inpatient"])
            }
        }
    }

    @Test func aCriterionIsNotApplicableOnlyAsTheFrameworkAllowsAndAnAssessorAccepts() async throws {
        try await Self.withScope { _, desk, time, _ in
            func send(_ event: String, _ data: Value, by actor: String) -> String? {
                Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            let why: Value = "A GP partnership: the partners govern it, and it has no non-executive directors."
            // Mandatory and assessed in every scope: never.
            #expect(
                send("scope.not-applicable", ["criterion": "SL-1.1", "justification": why], by: "ann")
                    == "applicability.never")
            #expect(
                send("scope.not-applicable", ["criterion": "XX-9.9", "justification": why], by: "ann")
                    == "applicability.unknown-criterion")
            #expect(send("scope.not-applicable", ["criterion": "LD-1.2"], by: "ann") == "applicability.justification")
            #expect(send("scope.not-applicable", ["criterion": "LD-1.2", "justification": why], by: "ann") == nil)
            #expect(
                send("scope.not-applicable", ["criterion": "LD-1.2", "justification": why], by: "ann")
                    == "applicability.pending")
            // Inpatient harm measures: the surgery runs no ward or care home, so they may be found not applicable.
            #expect(
                send(
                    "scope.not-applicable",
                    ["criterion": "DI-1.2", "justification": "No inpatient or residential beds"], by: "ann") == nil)
            // Only the team reviews, with a reason; the organisation cannot accept its own proposal.
            #expect(
                send("scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": "ok"], by: "ann")
                    == "workflow.role-not-allowed")
            #expect(
                send("scope.review", ["criterion": "LD-1.2", "decision": "accept"], by: "lee")
                    == "applicability.reason")
            #expect(
                send("scope.review", ["criterion": "LD-1.2", "decision": "maybe", "reason": "x"], by: "alice")
                    == "applicability.decision")
            #expect(
                send("scope.review", ["criterion": "SL-1.1", "decision": "accept", "reason": "x"], by: "alice")
                    == "applicability.none")
            let reason = "Partnership agreement seen: the senior partner is accountable"
            // LD-1.2 is mandatory: only the lead assessor leaves it out.
            #expect(
                send(
                    "scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": .string(reason)],
                    by: "alice") == "applicability.lead")
            #expect(
                send(
                    "scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": .string(reason)],
                    by: "lee") == nil)
            #expect(
                send("scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": "again"], by: "lee")
                    == "applicability.accepted")

            // Left out of everything: coverage, the guards, the figures.
            var open = try desk.load("C-1")
            let machine = open.definitions.machine
            #expect(open.state.record.notApplicable(in: machine.framework) == ["LD-1.2"])
            var assessment = try machine.assessment(of: open.state)
            #expect(assessment.figures.criteria == 35 && assessment.figures.notApplicable == 1)
            #expect(assessment.foundations.first { $0.id == "LD" }?.criteria == 5)
            #expect(assessment.foundations.first { $0.id == "LD" }?.mandatoryWithoutEvidence == ["LD-1.1"])
            // Reversed by a review that rejects it: assessed again.
            #expect(
                send(
                    "scope.review", ["criterion": "LD-1.2", "decision": "reject", "reason": "board exists"],
                    by: "alice") == nil)
            open = try desk.load("C-1")
            assessment = try machine.assessment(of: open.state)
            #expect(assessment.figures.criteria == 36 && assessment.figures.notApplicable == 0)
            #expect(open.state.record.applicability["LD-1.2"]?.status == .rejected)
            // Rejected for this scope, it stays rejected: no proposing again until a more lenient assessor accepts.
            #expect(
                send("scope.not-applicable", ["criterion": "LD-1.2", "justification": why], by: "ann")
                    == "applicability.rejected")
        }
    }
}

extension ScopeTests {
    @Test func theCertificateStatesTheScopeAndAChangeIsAssessedDecidedAndReissuesIt() async throws {
        try await Self.withScope { db, desk, start, dir in
            var time = start
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            let justification: Value = "No inpatient or residential beds"
            #expect(
                send("scope.not-applicable", ["criterion": "DI-1.2", "justification": justification], by: "ann")
                    == nil)
            let framework = try desk.load("C-1").definitions.machine.framework
            for criterion in framework.criteria where criterion.id != "DI-1.2" {
                try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                try desk.uploadEvidence(
                    "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
            }
            try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt", except: ["DI-1.2"], at: time)
            #expect(send("evidence.submit", by: "ann") == nil)
            for criterion in framework.criteria where criterion.id != "DI-1.2" {
                #expect(send("review.rate", ["criterion": .string(criterion.id), "rating": "met"], by: "alice") == nil)
            }
            // The desk review waits for the proposal's review.
            #expect(send("review.complete", by: "alice") == "workflow.guard-failed")
            #expect(
                send("scope.review", ["criterion": "DI-1.2", "decision": "accept", "reason": "seen"], by: "alice")
                    == nil)
            // Left out, it is neither rated nor found against.
            #expect(
                send("review.rate", ["criterion": "DI-1.2", "rating": "met"], by: "alice")
                    == "applicability.not-applicable")
            #expect(
                send(
                    "finding.raise",
                    ["criterion": "DI-1.2", "severity": "minor", "statement": "No falls data"], by: "alice")
                    == "applicability.not-applicable")
            for (event, actor) in [
                ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
                ("findings.clear", "lee"), ("recommendation.submit", "lee"),
            ] {
                #expect(send(event, by: actor) == nil)
            }
            // Every applicable criterion met: accredited, though DI-1.2 was never rated.
            let open = try desk.load("C-1")
            let assessment = try open.definitions.machine.assessment(of: open.state)
            #expect(assessment.decision.outcome.rawValue == "accredited" && assessment.figures.unrated == 0)
            #expect(send("decision.record", ["outcome": "accredited"], by: "dana") == nil)
            let first = try desk.certificate(for: "C-1")
            #expect(first.scope.map(\.code) == ["gp", "nursing"])
            #expect(AwardCertificate(value: first.value) == first)
            #expect(first.notApplicable == ["DI-1.2"] && first.format == "accredit-award-certificate/2")
            // A signed file states its format: a verifier that knows only /1 says it cannot read it; relabelled /1,
            // it is refused as malformed rather than checked against a different text.
            let signed = try SignedCertificate(
                signing: first, with: try Ed25519Key(seed: Array(repeating: 7, count: 32)))
            #expect(try SignedCertificate(fileText: signed.fileText).isSignatureValid)
            let relabelled = signed.fileText.replacingOccurrences(
                of: "accredit-award-certificate/2", with: "accredit-award-certificate/1")
            #expect(Self.rule { try SignedCertificate(fileText: relabelled) } != nil)

            // A change asked for only to slip a mandatory criterion out: proposals made for it are bound to the
            // change's scope, so the refused change leaves LD-1.2 assessed.
            #expect(
                send("scope.not-applicable", ["criterion": "LD-1.2", "justification": "x"], by: "ann")
                    == "applicability.award")
            #expect(send("scope.change", ["services": ["gp"], "reason": "Nursing handed back"], by: "ann") == nil)
            #expect(
                send("scope.not-applicable", ["criterion": "LD-1.2", "justification": "No board"], by: "ann")
                    == nil)
            #expect(
                send("scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": "ok"], by: "lee")
                    == nil)
            let machine = try desk.load("C-1").definitions.machine
            #expect(try desk.load("C-1").state.record.notApplicable(in: machine.framework) == ["DI-1.2"])
            #expect(send("scope.assess", by: "lee") == nil)
            #expect(send("scope.decide", ["decision": "refuse", "reason": "Nursing stays"], by: "dana") == nil)
            #expect(try desk.load("C-1").state.record.notApplicable(in: machine.framework) == ["DI-1.2"])
            #expect(try desk.certificate(for: "C-1") == first)

            // The surgery takes on the cottage hospital's ward: DI-1.2 applies again, and must be rated.
            #expect(send("scope.change", ["services": ["gp", "nursing", "ward-2"]], by: "ann") == "scope.reason")
            #expect(
                send("scope.change", ["services": ["gp", "nursing"], "reason": "same"], by: "ann")
                    == "scope.unchanged")
            #expect(
                send(
                    "scope.change", ["services": ["gp", "nursing", "ward-2"], "reason": "We took over Ward 2"],
                    by: "ann")
                    == nil)
            #expect(send("scope.assess", by: "lee") == "workflow.guard-failed")
            #expect(send("review.rate", ["criterion": "DI-1.2", "rating": "partially-met"], by: "alice") == nil)
            // The award still covers the old scope until the decision.
            #expect(try desk.certificate(for: "C-1") == first)
            #expect(send("scope.assess", by: "lee") == nil)
            // Nobody who assessed it decides it.
            #expect(
                send("scope.decide", ["decision": "approve", "reason": "x"], by: "lee") == "workflow.role-not-allowed")
            #expect(send("scope.decide", ["decision": "approve"], by: "dana") == "scope.reason")
            #expect(send("scope.decide", ["decision": "approve", "reason": "Ward 2 assessed"], by: "dana") == nil)
            let second = try desk.certificate(for: "C-1")
            #expect(second.scope.map(\.code) == ["gp", "nursing", "ward-2"] && second.number != first.number)
            #expect(second.expiresAt == first.expiresAt && second.outcome == first.outcome)

            // The ward handed back: the acceptance made for the surgery's services holds again once approved.
            #expect(
                send("scope.change", ["services": ["gp", "nursing"], "reason": "Ward 2 closed"], by: "ann") == nil)
            #expect(send("scope.assess", by: "lee") == nil)
            #expect(send("scope.decide", ["decision": "approve", "reason": "Ward 2 closed"], by: "dana") == nil)
            let third = try desk.certificate(for: "C-1")
            #expect(third.notApplicable == ["DI-1.2"] && third.scope.count == 2)
            // The ward taken back: DI-1.2 has its old rating, but the change must rate it again.
            #expect(
                send(
                    "scope.change", ["services": ["gp", "nursing", "ward-2"], "reason": "Ward 2 reopened"], by: "ann")
                    == nil)
            #expect(try desk.load("C-1").state.record.scopeChange?.bringsIn == ["DI-1.2"])
            #expect(send("scope.assess", by: "lee") == "workflow.guard-failed")
            #expect(send("review.rate", ["criterion": "DI-1.2", "rating": "met"], by: "alice") == nil)
            #expect(send("scope.assess", by: "lee") == nil)
            #expect(send("scope.decide", ["decision": "refuse", "reason": "Reopening postponed"], by: "dana") == nil)
            #expect(try desk.certificate(for: "C-1") == third)

            let entries = try desk.awardStatusEntries(at: time)
            #expect(entries.map(\.number) == [first.number, second.number, third.number])
            #expect(entries.map(\.status) == [.superseded, .superseded, .current])

            // The state round-trips through a snapshot, and replay agrees with the store.
            let state = try desk.load("C-1").state
            #expect(machine.decode(machine.encode(state))?.record == state.record)
            #expect(machine.encode(state)["format"] == 8)  // (8: it has self-assessments and items too)
            let audit = try StoreAudit(checks: desk.auditChecks()).run(.cases(["C-1"]))
            #expect(audit.isClean, "\(audit.findings)")

            // An insider who renames the ward in the directory (past its trigger) is caught by the audit.
            try db.execute("ALTER TABLE services DISABLE TRIGGER services_append_only")
            try db.execute("UPDATE services SET name = 'Day clinic', kind = 'outpatient' WHERE service_code = 'ward-2'")
            try db.execute("ALTER TABLE services ENABLE TRIGGER services_append_only")
            let findings = try StoreAudit(checks: desk.auditChecks()).run(.cases(["C-1"])).findings
            let kinds: [String] = findings.map(\.kind.rawValue)
            #expect(kinds == ["scope-differs", "scope-differs"], "\(findings)")
        }
    }
}

extension ScopeTests {
    /// The attacks of the review: an acceptance outliving the scope it was made for, a proposal after the rating
    /// or against a finding, an assessor reviewing outside their foundations, a refused change leaving a criterion
    /// out.
    @Test func anAcceptanceHoldsOnlyForTheScopeItWasMadeFor() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                try Self.recordDirectory(desk)
                var time = DeskFixtures.start
                _ = try desk.openCase(
                    "C-1", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, by: "sec", at: time)
                func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                    time = time.adding(microseconds: 1_000_000)
                    return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
                }
                #expect(send("team.assign", ["person": "lee", "position": "lead"], by: "sec") == nil)
                #expect(send("team.assign", ["person": "carl", "foundations": ["DI"]], by: "sec") == nil)
                #expect(send("scope.declare", ["services": ["gp"]], by: "ann") == nil)
                #expect(
                    send("scope.not-applicable", ["criterion": "LD-1.2", "justification": "no board"], by: "ann")
                        == nil)
                // Carl assesses data and insight only: he does not review a leadership criterion.
                #expect(
                    send("scope.review", ["criterion": "LD-1.2", "decision": "reject", "reason": "x"], by: "carl")
                        == "team.outside-assignment")
                #expect(
                    send("scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": "seen"], by: "lee")
                        == nil)
                let framework = try desk.load("C-1").definitions.machine.framework
                #expect(try desk.load("C-1").state.record.notApplicable(in: framework) == ["LD-1.2"])
                // The scope declared again as the whole trust: the acceptance was for the surgery, and no longer holds.
                #expect(send("scope.declare", ["services": ["gp", "nursing", "ward-2"]], by: "ann") == nil)
                var record = try desk.load("C-1").state.record
                #expect(record.notApplicable(in: framework).isEmpty)
                #expect(record.pendingApplicability == 0)
                // Accepting the old proposal for the new scope is refused; the organisation proposes it afresh.
                #expect(
                    send("scope.review", ["criterion": "LD-1.2", "decision": "accept", "reason": "x"], by: "lee")
                        == "applicability.stale")
                #expect(
                    send("scope.not-applicable", ["criterion": "LD-1.2", "justification": "still none"], by: "ann")
                        == nil)
                record = try desk.load("C-1").state.record
                #expect(record.pendingApplicability == 1 && record.applicability["LD-1.2"]?.forServices.count == 3)
                // Back to the surgery alone: the acceptance made for it holds again only if reviewed for it again.
                #expect(send("scope.declare", ["services": ["gp"]], by: "ann") == nil)
                #expect(try desk.load("C-1").state.record.notApplicable(in: framework).isEmpty)
            }
        }
    }

    @Test func aCriterionAlreadyRatedOrFoundAgainstIsNotProposedNotApplicable() async throws {
        try await Self.withScope { _, desk, start, dir in
            var time = start
            func send(_ event: String, _ data: Value = .null, by actor: String) -> String? {
                time = time.adding(microseconds: 1_000_000)
                return Self.rule { try desk.fire("C-1", event: event, data: data, by: actor, at: time) }
            }
            let framework = try desk.load("C-1").definitions.machine.framework
            for criterion in framework.criteria {
                try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                try desk.uploadEvidence(
                    "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
            }
            try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt", at: time)
            #expect(send("evidence.submit", by: "ann") == nil)
            #expect(send("review.rate", ["criterion": "LD-1.2", "rating": "not-met"], by: "alice") == nil)
            #expect(
                send(
                    "finding.raise", ["criterion": "DI-1.2", "severity": "minor", "statement": "No falls data"],
                    by: "alice") == nil)
            // Rated not met, it cannot then be proposed away; nor a criterion with a finding outstanding.
            #expect(
                send("scope.not-applicable", ["criterion": "LD-1.2", "justification": "no board"], by: "ann")
                    == "applicability.rated")
            #expect(
                send("scope.not-applicable", ["criterion": "DI-1.2", "justification": "no beds"], by: "ann")
                    == "applicability.finding")
        }
    }
}

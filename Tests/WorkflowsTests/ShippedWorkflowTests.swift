import AccreditEngine
import Statecharts
import Testing

@testable import Workflows

/// Drives cases through every state of the shipped workflow, purely: interpreter, policy, case facts and timers.
struct ShippedWorkflowTests {
    static let start = Instant(iso8601: "2026-01-05T09:00:00Z") ?? .epoch
    static let applicant: Set<String> = ["applicant"]
    static let secretariat: Set<String> = ["secretariat"]
    static let assessor: Set<String> = ["assessor"]
    static let lead: Set<String> = ["lead-assessor"]
    static let panel: Set<String> = ["decision-maker"]

    static func load() throws -> (Document, Framework) {
        let loaded = try WorkflowReader.load(
            fileAt: FrameworkPaths.definition("workflows/patient-safety-accreditation.scxml"))
        return (loaded.document, try #require(loaded.framework))
    }

    static func decision(_ outcome: String, justification: String? = nil) -> Value {
        .object(["outcome": .string(outcome), "justification": justification.map(Value.string) ?? .null])
    }

    /// Draft to the decision: screening, evidence (with a lapsed 90-day deadline), review, visit, findings, a major
    /// finding's corrective action lapsing after 60 days, recommendation.
    static func toDecision(
        _ driver: inout CaseDriver, ratings: [String: String], impartialityFirst: Bool = false
    ) throws {
        #expect(driver.states == ["draft"])
        #expect(try driver.send("application.submit", as: applicant) == nil)
        #expect(try driver.send("application.return", as: secretariat) == nil)
        #expect(driver.states == ["draft"])
        try driver.send("application.submit", as: applicant)
        let refused = try driver.send("application.accept", as: applicant)
        #expect(refused?.code == .roleNotAllowed)
        try driver.send("application.accept", as: secretariat)
        #expect(driver.states == ["eligibility-pending", "impartiality-pending"])
        #expect(try driver.send("conflict.declare", as: assessor) == nil)
        // Impartiality is confirmed once a lead is assigned (the case layer keeps the team; the driver is told).
        #expect(try driver.send("impartiality.confirm", as: secretariat)?.code == .guardFailed)
        try driver.send("team.assign", as: secretariat, data: ["person": "lee", "position": "lead"])
        driver.facts.team["lee"] = CaseTeamMember(
            person: "lee", position: .lead, foundations: nil, assignedBy: "sec", assignedAt: driver.facts.now)
        if impartialityFirst {
            try driver.send("impartiality.confirm", as: secretariat)
            #expect(driver.states == ["eligibility-pending", "impartiality-confirmed"])
            try driver.send("eligibility.confirm", as: secretariat)
        } else {
            try driver.send("eligibility.confirm", as: secretariat)
            #expect(driver.states == ["eligibility-confirmed", "impartiality-pending"])
            try driver.send("impartiality.confirm", as: secretariat)
        }
        #expect(driver.states == ["evidence-open"])

        let early = try driver.send("evidence.submit", as: applicant)
        #expect(early?.code == .guardFailed)
        #expect(early?.guards == ["missingEvidence() == 0 && selfAssessmentMissing() == 0"])
        let opened = driver.facts.now
        let lapsed = try driver.fire("deadline.evidence")
        #expect(lapsed >= opened.adding(days: 89) && lapsed <= opened.adding(days: 90))
        #expect(driver.states == ["evidence-lapsed"])
        try driver.send("evidence.extend", as: secretariat)
        // Evidence for every expected item, then (the submission still refused without it) a self-assessment of
        // every criterion.
        for criterion in driver.facts.framework.criteria {
            driver.facts.submittedEvidence[criterion.id] = criterion.expectedEvidence.count
            driver.facts.submittedCoverage[criterion.id] = criterion.expectedEvidence.count
        }
        driver.facts.submittedCoverage["SL-1.1"] = 2
        #expect(try driver.send("evidence.submit", as: applicant)?.code == .guardFailed)
        driver.facts.submittedCoverage["SL-1.1"] = 3
        (driver.facts.acceptedEvidence, driver.facts.acceptedCoverage) = (
            driver.facts.submittedEvidence, driver.facts.submittedCoverage
        )
        #expect(try driver.send("evidence.submit", as: applicant)?.code == .guardFailed)
        for criterion in driver.facts.framework.criteria { driver.facts.selfRatings[criterion.id] = "met" }
        try driver.send("evidence.submit", as: applicant)
        #expect(driver.states == ["desk-review"])
        try driver.send("review.return", as: assessor)
        #expect(driver.states == ["evidence-open"])
        try driver.send("evidence.submit", as: applicant)
        try driver.send("review.complete", as: assessor)
        #expect(driver.states == ["visit-planning"])
        try driver.send("visit.schedule", as: secretariat)
        #expect(try driver.send("visit.complete", as: assessor)?.code == .roleNotAllowed)
        try driver.send("visit.complete", as: lead)
        #expect(driver.states == ["findings"])
        #expect(try driver.send("findings.issue", as: lead)?.code == .guardFailed)
        driver.facts.ratings = ratings
        #expect(try driver.send("findings.issue", as: lead)?.code == .guardFailed)
        try Self.raise(&driver, "F-1", severity: "major", within: "P60D")
        try driver.send("findings.issue", as: lead)
        #expect(driver.states == ["corrective-action"])
        #expect(try driver.send("corrective.complete", as: lead)?.code == .guardFailed)
        let raised = try #require(driver.facts.findings["F-1"]).raisedAt
        let lapse = try driver.fire("finding.lapse")
        #expect(lapse == raised.adding(days: 60))
        #expect(driver.states == ["recommendation"])
        driver.facts.findings = [:]
        driver.facts.outstandingFindings = [:]
        try driver.send("recommendation.submit", as: lead)
        #expect(driver.states == ["decision"])
    }

    /// Raises a finding as an assessor, and records it in the facts as the case layer would.
    static func raise(_ driver: inout CaseDriver, _ id: String, severity: String, within: String?) throws {
        var data: [String: Value] = [
            "finding": .string(id), "criterion": "SL-1.1", "severity": .string(severity), "statement": "found",
        ]
        data["respondWithin"] = within.map(Value.string) ?? .null
        #expect(try driver.send("finding.raise", as: assessor, data: .object(data)) == nil)
        let due = within.flatMap(Delay.init(parsing:)).map { $0.after(driver.facts.now) }
        driver.facts.findings[id] = CaseFinding(
            id: id, criterion: "SL-1.1", severity: severity, statement: "found", evidence: [], raisedBy: "alice",
            raisedAt: driver.facts.now, due: due, status: due == nil ? .noted : .open)
        if due != nil { driver.facts.outstandingFindings[severity, default: 0] += 1 }
    }

    @Test func aCaseVisitsEveryStateAndEveryLapse() throws {
        let (document, framework) = try Self.load()
        let met = Dictionary(uniqueKeysWithValues: framework.criteria.map { ($0.id, "met") })
        var conditional = met
        conditional["SL-2.2"] = "not-met"
        var visited: Set<String> = []

        // Case 1: refused, appealed, then accredited with conditions; surveillance, suspension, deep-history
        // reinstatement, conditions lapsing into suspension, and the 6-month suspension limit ending in withdrawal.
        var first = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&first, ratings: conditional)
        let wrongRole = try first.send("decision.record", as: Self.applicant, data: Self.decision("accredited"))
        #expect(wrongRole?.code == .roleNotAllowed)
        #expect(wrongRole?.description.contains("may be sent only by decision-maker") == true)
        let unjustified = try first.send("decision.record", as: Self.panel, data: Self.decision("not-accredited"))
        #expect(unjustified?.code == .guardFailed)
        try first.send(
            "decision.record", as: Self.panel, data: Self.decision("not-accredited", justification: "visit concerns"))
        #expect(first.states == ["refusal-appealable"])
        try first.send("appeal.lodge", as: Self.applicant)
        #expect(first.states == ["refusal-appealed"])
        Self.hear(&first, "refusal", panel: 2)
        #expect(try first.send("appeal.uphold", as: Self.panel)?.code == .guardFailed)
        Self.hear(&first, "refusal")
        try first.send("appeal.uphold", as: Self.panel)
        #expect(first.states == ["decision"])
        first.facts.openAppeal = nil
        try first.send("decision.record", as: Self.panel, data: Self.decision("accredited-with-conditions"))
        #expect(first.states == ["surveillance-scheduled", "conditions-appealable"])
        let decided = first.facts.now
        #expect(first.due("award.expire") == decided.adding(years: 3))
        let surveillance = try first.fire("surveillance.overdue")
        #expect(surveillance == decided.adding(months: 12))
        #expect(first.states == ["surveillance-overdue", "conditions-appealable"])
        try first.send("surveillance.complete", as: Self.assessor)
        let before = first.snapshot.configuration
        try first.send("case.suspend", as: Self.secretariat)
        #expect(first.states == ["suspension-appealable"])
        #expect(try first.send("surveillance.complete", as: Self.assessor)?.code == .notAccepted)
        try first.send("case.reinstate", as: Self.secretariat)
        #expect(first.snapshot.configuration == before)
        let conditionsLapse = try first.fire("deadline.conditions")
        #expect(first.states == ["suspension-appealable"])
        let limit = try first.fire("suspension.lapse")
        #expect(limit == conditionsLapse.adding(months: 6))
        #expect(first.states == ["withdrawal-appealable"])
        #expect(try first.fire("deadline.appeal") == limit.adding(days: 30))
        #expect(first.snapshot.finalState == "withdrawn")
        #expect(try first.send("case.reinstate", as: Self.secretariat)?.code == .halted)
        visited.formUnion(first.visited)

        // Case 2: accredited outright, conditions met trivially, renewal opened late and withdrawn (the case returns
        // to exactly where the award was), award expires after 3 years.
        var second = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&second, ratings: met)
        try second.send("decision.record", as: Self.panel, data: Self.decision("accredited"))
        #expect(second.states == ["surveillance-scheduled", "conditions-none"])
        let expiry = try #require(second.due("award.expire"))
        #expect(expiry == second.facts.now.adding(years: 3))
        second.facts.awardExpiry = expiry
        #expect(try second.send("renewal.apply", as: Self.applicant)?.code == .guardFailed)
        second.facts.now = expiry.adding(days: -100)
        try second.send("surveillance.complete", as: Self.lead)
        try second.send("renewal.apply", as: Self.applicant)
        #expect(second.states == ["draft"])
        try second.send("application.submit", as: Self.applicant)
        try second.send("case.withdraw", as: Self.applicant)
        #expect(second.states == ["surveillance-scheduled", "conditions-none"] && second.due("award.expire") == expiry)
        let expired = try second.fire("award.expire")
        #expect(expired == expiry)
        #expect(second.snapshot.finalState == "expired")
        visited.formUnion(second.visited)

        // Case 2b: renewed in time: the new award runs three years from the old expiry; renewed again and the award
        // expires during the renewal, which goes on to a decision whose term still follows the prior cycle.
        var renewed = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&renewed, ratings: met)
        try renewed.send("decision.record", as: Self.panel, data: Self.decision("accredited"))
        let firstExpiry = try #require(renewed.due("award.expire"))
        renewed.facts.now = firstExpiry.adding(days: -120)
        renewed.facts.awardExpiry = firstExpiry
        try renewed.send("surveillance.complete", as: Self.lead)
        try renewed.send("renewal.apply", as: Self.applicant)
        // The case rules keep the renewed award's expiry for the new term (CaseRecord.renewedAward).
        renewed.facts = CaseFacts(framework: framework, awardExpiry: firstExpiry, now: renewed.facts.now)
        renewed.facts.renewedAwardExpiry = firstExpiry
        try Self.toDecision(&renewed, ratings: met)
        try renewed.send("decision.record", as: Self.panel, data: Self.decision("accredited"))
        let secondExpiry = try #require(renewed.due("award.expire"))
        #expect(secondExpiry == firstExpiry.adding(years: 3))
        renewed.facts = CaseFacts(framework: framework, awardExpiry: secondExpiry, now: secondExpiry.adding(days: -30))
        try renewed.send("renewal.apply", as: Self.applicant)
        renewed.facts.renewedAwardExpiry = secondExpiry
        try renewed.send("application.submit", as: Self.applicant)
        try renewed.fire("award.expire")
        #expect(renewed.states == ["submitted"] && renewed.snapshot.finalState == nil)
        renewed.facts.awardExpiry = nil
        try renewed.send("application.return", as: Self.secretariat)
        try Self.toDecision(&renewed, ratings: met)
        try renewed.send("decision.record", as: Self.panel, data: Self.decision("accredited"))
        // Restored after the expiry, the award still follows the prior cycle (ISO/IEC 17021-1 9.6.3).
        #expect(renewed.due("award.expire") == secondExpiry.adding(years: 3))
        visited.formUnion(renewed.visited)

        // Case 3: accredited with conditions closed, then closed by the secretariat.
        var third = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&third, ratings: conditional, impartialityFirst: true)
        try third.send("decision.record", as: Self.panel, data: Self.decision("accredited-with-conditions"))
        try third.fire("deadline.appeal")
        #expect(third.states == ["surveillance-scheduled", "conditions-standing"])
        try third.send("conditions.close", as: Self.lead)
        #expect(third.states == ["surveillance-scheduled", "conditions-met"])
        try third.send("case.close", as: Self.secretariat)
        #expect(third.snapshot.finalState == "closed")
        visited.formUnion(third.visited)

        // Case 4: refused, the 30-day appeal window lapses.
        var fourth = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&fourth, ratings: met)
        try fourth.send(
            "decision.record", as: Self.panel, data: Self.decision("not-accredited", justification: "panel view"))
        let refusedAt = fourth.facts.now
        #expect(try fourth.fire("deadline.appeal") == refusedAt.adding(days: 30))
        #expect(fourth.snapshot.finalState == "closed")

        // Case 5: withdrawn before the decision, from the desk review.
        var fifth = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try fifth.send("application.submit", as: Self.applicant)
        try fifth.send("case.withdraw", as: Self.applicant)
        #expect(fifth.snapshot.finalState == "withdrawn")

        // Case 6: found ineligible at screening.
        var sixth = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try sixth.send("application.submit", as: Self.applicant)
        try sixth.send("application.accept", as: Self.secretariat)
        try sixth.send("eligibility.refuse", as: Self.secretariat)
        #expect(sixth.states == ["eligibility-appealable"])
        try sixth.fire("deadline.appeal")
        #expect(sixth.snapshot.finalState == "closed")

        // Case 7: surveillance overdue and not done within three months' grace: the award is suspended; reinstated,
        // a new grace runs until the surveillance is done.
        var seventh = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&seventh, ratings: met)
        try seventh.send("decision.record", as: Self.panel, data: Self.decision("accredited"))
        let overdue = try seventh.fire("surveillance.overdue")
        #expect(try seventh.fire("surveillance.lapse") == overdue.adding(months: 3))
        #expect(seventh.states == ["suspension-appealable"])
        try seventh.send("case.reinstate", as: Self.secretariat)
        #expect(
            seventh.states == ["surveillance-overdue", "conditions-none"] && seventh.due("surveillance.lapse") != nil)
        try seventh.send("surveillance.complete", as: Self.lead)
        #expect(seventh.states == ["surveillance-scheduled", "conditions-none"])
        #expect(seventh.due("surveillance.lapse") == nil)

        visited.formUnion(fourth.visited)
        visited.formUnion(seventh.visited)
        visited.formUnion(try Self.appealEveryAdverseDecision(document, framework, conditional))
        visited.formUnion(fifth.visited)
        visited.formUnion(sixth.visited)
        // conditions-check has only eventless transitions, so no macrostep ends in it: every award passes through
        // it (it is the initial state of award-conditions) on its way to conditions-open or conditions-none.
        #expect(visited.contains("conditions-appealable") && visited.contains("conditions-none"))
        visited.insert("conditions-check")
        let states = Self.allStates(document.children)
        #expect(states.subtracting(visited) == [])
    }

    /// An open appeal of `kind` with a panel of `panel` people, as the case layer's record would give the guards.
    static func hear(_ driver: inout CaseDriver, _ kind: String, panel: Int = 3) {
        let scopes = [
            "eligibility": "ineligible", "refusal": "not-accredited", "conditions": "conditions-open",
            "suspension": "suspended", "withdrawal": "award-withdrawn",
        ]
        driver.facts.openAppeal = CaseAppeal(
            id: "A-1", against: kind, scope: scopes[kind] ?? kind, grounds: "the decision misread the evidence",
            lodgedBy: "ann",
            lodgedAt: driver.facts.now, due: nil, panel: Array(["pat", "quinn", "rosa"].prefix(panel)))
    }

    /// Every kind of adverse decision appealed: conditions lifted (an appeal overtaken by a suspension lapses, and
    /// the organisation may appeal afresh once reinstated); a suspension upheld on appeal and one that stands, its
    /// six months running on; a withdrawal set aside (the award reinstated exactly where it was) and one that
    /// stands; a refusal of renewal under appeal overtaken by a suspension of the award it runs under; a refused
    /// eligibility screened again, then refused. The driver's facts stand in for the case rules, which lapse an
    /// overtaken appeal.
    /// - Returns: The states visited.
    static func appealEveryAdverseDecision(
        _ document: Document, _ framework: Framework, _ conditional: [String: String]
    ) throws -> Set<String> {
        var award = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&award, ratings: conditional)
        try award.send("decision.record", as: Self.panel, data: Self.decision("accredited-with-conditions"))
        #expect(try award.send("appeal.lodge", as: Self.secretariat)?.code == .roleNotAllowed)
        try award.send("appeal.lodge", as: Self.applicant)
        #expect(award.states == ["surveillance-scheduled", "conditions-appealed"])
        Self.hear(&award, "conditions", panel: 2)
        #expect(try award.send("appeal.uphold", as: Self.panel)?.code == .guardFailed)
        Self.hear(&award, "conditions")
        #expect(try award.send("case.close", as: Self.secretariat)?.code == .guardFailed)
        try award.send("case.suspend", as: Self.secretariat)
        #expect(award.states == ["suspension-appealable"])
        award.facts.openAppeal = nil
        try award.send("case.reinstate", as: Self.secretariat)
        #expect(award.states == ["surveillance-scheduled", "conditions-appealable"])
        try award.send("appeal.lodge", as: Self.applicant)
        Self.hear(&award, "conditions")
        // Lifting the conditions names the outcome without them, for the new certificate.
        #expect(try award.send("appeal.uphold", as: Self.panel, data: ["reasons": "met"])?.code == .guardFailed)
        try award.send("appeal.uphold", as: Self.panel, data: ["reasons": "met", "outcome": "accredited"])
        #expect(award.states == ["surveillance-scheduled", "conditions-none"])
        award.facts.openAppeal = nil
        let awarded = award.snapshot.configuration

        try award.send("case.suspend", as: Self.secretariat)
        try award.send("appeal.lodge", as: Self.applicant)
        #expect(award.states == ["suspension-appealed"])
        Self.hear(&award, "suspension")
        #expect(try award.send("award.withdraw", as: Self.secretariat)?.code == .guardFailed)
        try award.send("appeal.uphold", as: Self.panel)
        #expect(award.snapshot.configuration == awarded)
        award.facts.openAppeal = nil
        try award.send("case.suspend", as: Self.secretariat)
        let limit = award.due("suspension.lapse")
        try award.send("appeal.lodge", as: Self.applicant)
        Self.hear(&award, "suspension")
        try award.send("appeal.dismiss", as: Self.panel)
        #expect(award.states == ["suspension-standing"] && award.due("suspension.lapse") == limit)
        award.facts.openAppeal = nil
        #expect(try award.send("appeal.lodge", as: Self.applicant)?.code == .notAccepted)

        #expect(try award.send("award.withdraw", as: Self.applicant)?.code == .roleNotAllowed)
        try award.send("award.withdraw", as: Self.secretariat)
        #expect(award.states == ["withdrawal-appealable"])
        try award.send("appeal.lodge", as: Self.applicant)
        #expect(award.states == ["withdrawal-appealed"])
        Self.hear(&award, "withdrawal")
        try award.send("appeal.uphold", as: Self.panel)
        #expect(award.snapshot.configuration == awarded)
        award.facts.openAppeal = nil
        try award.send("case.suspend", as: Self.secretariat)
        try award.send("award.withdraw", as: Self.secretariat)
        try award.send("appeal.lodge", as: Self.applicant)
        Self.hear(&award, "withdrawal")
        try award.send("appeal.dismiss", as: Self.panel)
        #expect(award.snapshot.finalState == "withdrawn")

        // A suspension under appeal when its six months run out: the withdrawal overtakes the appeal and may be
        // appealed in turn; the award's expiry still ends the case.
        var lapse = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&lapse, ratings: conditional)
        try lapse.send("decision.record", as: Self.panel, data: Self.decision("accredited-with-conditions"))
        try lapse.send("case.suspend", as: Self.secretariat)
        try lapse.send("appeal.lodge", as: Self.applicant)
        Self.hear(&lapse, "suspension")
        try lapse.fire("suspension.lapse")
        #expect(lapse.states == ["withdrawal-appealable"])
        lapse.facts.openAppeal = nil
        try lapse.send("appeal.lodge", as: Self.applicant)
        Self.hear(&lapse, "withdrawal")
        try lapse.fire("award.expire")
        #expect(lapse.snapshot.finalState == "expired")

        // A renewal refused and appealed while the award it runs under is current: the award may still be
        // suspended, which overtakes the appeal; reinstated, the organisation has a fresh 30 days to appeal.
        var renewal = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try Self.toDecision(&renewal, ratings: conditional)
        try renewal.send("decision.record", as: Self.panel, data: Self.decision("accredited-with-conditions"))
        let expiry = try #require(renewal.due("award.expire"))
        renewal.facts.awardExpiry = expiry
        renewal.facts.now = expiry.adding(days: -100)
        // Conditions are closed before a renewal (withdrawn, it would restart their six months).
        #expect(try renewal.send("renewal.apply", as: Self.applicant)?.code == .guardFailed)
        try renewal.send("conditions.close", as: Self.lead)
        try renewal.send("surveillance.complete", as: Self.lead)
        try renewal.send("renewal.apply", as: Self.applicant)
        // The renewal is a new cycle: the facts start again (item 6 of the issue makes the case rules do so).
        renewal.facts = CaseFacts(framework: framework, awardExpiry: expiry, now: renewal.facts.now)
        try Self.toDecision(&renewal, ratings: conditional)
        try renewal.send(
            "decision.record", as: Self.panel, data: Self.decision("not-accredited", justification: "no change"))
        try renewal.send("appeal.lodge", as: Self.applicant)
        #expect(renewal.states == ["refusal-appealed"])
        Self.hear(&renewal, "refusal")
        // The award still runs (the driver's facts stand in for the case's award timer).
        renewal.facts.awardExpiry = renewal.facts.now.adding(days: 30)
        try renewal.send("case.suspend", as: Self.secretariat)
        renewal.facts.openAppeal = nil
        try renewal.send("case.reinstate", as: Self.secretariat)
        #expect(renewal.states == ["refusal-appealable"] && renewal.due("deadline.appeal") != nil)

        var screening = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        try screening.send("application.submit", as: Self.applicant)
        try screening.send("application.accept", as: Self.secretariat)
        try screening.send("eligibility.refuse", as: Self.secretariat)
        try screening.send("appeal.lodge", as: Self.applicant)
        #expect(screening.states == ["eligibility-appealed"])
        Self.hear(&screening, "eligibility")
        // Without an award to suspend, a case under appeal is not suspended: the panel resolves first.
        #expect(try screening.send("case.suspend", as: Self.secretariat)?.code == .guardFailed)
        try screening.send("appeal.uphold", as: Self.panel)
        #expect(screening.states == ["eligibility-pending", "impartiality-pending"])
        screening.facts.openAppeal = nil
        try screening.send("eligibility.refuse", as: Self.secretariat)
        try screening.send("appeal.lodge", as: Self.applicant)
        Self.hear(&screening, "eligibility")
        try screening.send("appeal.dismiss", as: Self.panel)
        #expect(screening.snapshot.finalState == "closed")
        return award.visited.union(screening.visited).union(lapse.visited).union(renewal.visited)
    }

    @Test func acceptedEventsListWhatAnActorMaySendNow() throws {
        let (document, framework) = try Self.load()
        let driver = try CaseDriver(document: document, facts: CaseFacts(framework: framework, now: Self.start))
        let policy = driver.policy
        let applicant = policy.acceptedEvents(roles: Self.applicant, in: driver.snapshot, host: driver.facts)
        #expect(applicant.filter(\.enabled).map(\.name) == ["case.withdraw", "scope.declare", "application.submit"])
        // Answering a finding is offered before the decision, but holds only once a finding is open; proposing a
        // criterion not applicable, once the scope is declared.
        #expect(applicant.filter { !$0.enabled }.map(\.name) == ["finding.respond", "scope.not-applicable"])
        #expect(
            policy.acceptedEvents(roles: Self.panel, in: driver.snapshot, host: driver.facts).map(\.name)
                == ["case.suspend", "conflict.declare"])
        let refusal = policy.check(
            ExternalEvent(name: "decision.record", at: Self.start), actorRoles: Self.applicant,
            snapshot: driver.snapshot, host: driver.facts)
        guard case .failure(let reason) = refusal else {
            Issue.record("decision.record must be refused in draft")
            return
        }
        #expect(
            reason.description
                == "event 'decision.record' is not accepted in state draft; accepted now: case.withdraw, scope.declare, "
                + "application.submit"
        )
    }

    /// Every state id except history pseudo-states, which are never in a configuration.
    static func allStates(_ nodes: [StateNode]) -> Set<String> {
        var ids: Set<String> = []
        for node in nodes {
            if case .history = node.kind { continue }
            ids.insert(node.id)
            ids.formUnion(allStates(node.children))
        }
        return ids
    }
}

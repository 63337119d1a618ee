import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts
import Workflows

extension DemoScenario {
    static let organisation = Organisation(id: "riverside-nhs", name: "Riverside NHS Foundation Trust", odsCode: "RXQ")
    static let people: [Actor] = [
        Actor(
            id: "ann", name: "Ann Patel (Head of Patient Safety, Riverside)", roles: ["applicant"],
            organisation: "riverside-nhs", databaseLogin: nil),
        Actor(
            id: "sam", name: "Sam Okafor (Secretariat)", roles: ["secretariat"], organisation: nil, databaseLogin: nil),
        Actor(
            id: "alice", name: "Alice Wong (Assessor and panel member)", roles: ["assessor", "decision-maker"],
            organisation: nil, databaseLogin: nil),
        Actor(
            id: "lee", name: "Lee Morgan (Lead assessor)", roles: ["lead-assessor"], organisation: nil,
            databaseLogin: nil),
        Actor(id: "carl", name: "Carl Evans (Assessor)", roles: ["assessor"], organisation: nil, databaseLogin: nil),
        Actor(
            id: "dana", name: "Dana Reid (Decision panel)", roles: ["decision-maker"], organisation: nil,
            databaseLogin: nil),
        Actor(id: "aud", name: "Audrey Hill (Auditor)", roles: ["auditor"], organisation: nil, databaseLogin: nil),
        Actor(
            id: "pat", name: "Pat Lewis (Appeals panel, chair)", roles: ["decision-maker"], organisation: nil,
            databaseLogin: nil),
        Actor(
            id: "quinn", name: "Quinn Adeyemi (Appeals panel, clinician)", roles: ["decision-maker"],
            organisation: nil, databaseLogin: nil),
        Actor(
            id: "rosa", name: "Rosa Martin (Appeals panel, lay member)", roles: ["decision-maker"], organisation: nil,
            databaseLogin: nil),
    ]

    /// Plays the case and returns what happened.
    ///
    /// - Throws: Whatever a step throws that the scenario does not expect (expected refusals are narrated).
    func run() throws -> Summary {
        var refusals: [String] = []
        let caseID = try setUp()
        // The body's signing key, made before anything is signed: the decision takes a checkpoint automatically.
        let key = try desk.establishSigningKey(home: home, by: Context.osUser).key
        var clock = try desk.now()
        // Moves the sandbox store's simulated clock forward (the store, not the demo, stamps every event).
        func advance(hours: Int64) throws {
            clock = clock.adding(microseconds: hours * 3_600_000_000)
            try desk.changeSetting(.clock(simulated: clock), by: "sam")
        }
        narrate("2. Sam opens case \(caseID) for \(Self.organisation.name) on the shipped workflow and framework.")
        _ = try desk.openCase(
            caseID, organisation: Self.organisation.id,
            workflow: DefinitionReference(name: "patient-safety-accreditation", version: "1"),
            framework: DefinitionReference(name: "patient-safety-standards", version: "1"), by: "sam")
        try desk.fire(caseID, event: "scope.declare", data: ["services": ["wards", "emergency"]], by: "ann")
        narrate("   Ann declares the case's scope: the adult wards and the emergency department at the General.")
        do {
            let proposal: Value = [
                "criterion": "DI-1.2", "justification": "Our harm measures are reported by the region, not by us",
            ]
            try desk.fire(caseID, event: "scope.not-applicable", data: proposal, by: "ann")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   She cannot leave the ward harm measures out of the assessment: \(refusal)")
        }
        try desk.fire(caseID, event: "application.submit", by: "ann")
        for event in ["application.accept", "eligibility.confirm"] {
            try desk.fire(caseID, event: event, by: "sam")
        }
        narrate("   Ann submits the application; Sam accepts it and confirms eligibility.")
        narrate("   Sam assigns the team, each checked against the conflict register and competence records:")
        try desk.fire(caseID, event: "team.assign", data: ["person": "lee", "position": "lead"], by: "sam")
        try desk.fire(caseID, event: "team.assign", data: ["person": "alice", "position": "member"], by: "sam")
        narrate("   Lee leads and Alice assesses. Carl, who advised the trust last year, cannot be assigned:")
        do {
            try desk.fire(caseID, event: "team.assign", data: ["person": "carl", "position": "member"], by: "sam")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   refused: \(refusal)")
        }
        try desk.fire(caseID, event: "impartiality.confirm", by: "sam")
        narrate("   Sam confirms impartiality.")

        let framework = try desk.load(caseID).definitions.machine.framework
        var uploads = try submitEvidence(caseID, framework: framework, cycle: 1)
        narrate(
            "3. Ann uploads \(uploads) files, one for each item of evidence the \(framework.criteria.count) criteria "
                + "expect, and assesses the trust against every criterion: a rating and a narrative each. The "
                + "evidence is taken only once both are complete.")
        narrate(
            "   She rates the trust partially met on PP-2.1 (staff training) and CU-3.1 (safety culture), met elsewhere."
        )

        narrate("4. Alice finds the SL-1.1 upload is the wrong document, rejects it and returns the evidence.")
        try desk.reviewEvidence(
            caseID, evidence: "E-1", accept: false, reason: "This is last year's policy, not the incident review log",
            by: "alice")
        try desk.fire(caseID, event: "review.return", by: "alice")
        try upload(caseID, criterion: "SL-1.1", item: 1, wrong: false, supersedes: "E-1")
        uploads += 1
        try desk.fire(caseID, event: "evidence.submit", by: "ann")
        narrate("   Ann uploads the right file as E-\(uploads), superseding E-1, and resubmits.")

        narrate("5. Carl, who advised the trust and is not on the team, tries to rate a criterion anyway:")
        do {
            try desk.fire(
                caseID, event: "review.rate", data: ["criterion": "LD-1.1", "rating": "met"], by: "carl")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   refused: \(refusal)")
        }

        narrate(
            "6. Alice accepts the evidence and rates every criterion; one mandatory criterion (PP-2.1, staff "
                + "training) is only partially met.")
        for (id, item) in try desk.load(caseID).state.record.evidence.sorted(by: { $0.key < $1.key })
        where item.status == "submitted" {
            try desk.reviewEvidence(caseID, evidence: id, accept: true, reason: nil, by: "alice")
        }
        for criterion in framework.criteria {
            let rating =
                criterion.id == "PP-2.1" ? "partially-met" : (criterion.id.hasSuffix(".2") ? "exceeded" : "met")
            try desk.fire(
                caseID, event: "review.rate", data: ["criterion": .string(criterion.id), "rating": .string(rating)],
                by: "alice")
        }
        let record = try desk.load(caseID).state.record
        let differing = framework.criteria.map(\.id).filter {
            record.selfAssessments[$0].map(\.rating) != record.ratings[$0]
        }
        narrate(
            "   Beside the trust's self-assessment, the team differs on \(differing.count) criteria "
                + "(\(differing.prefix(4).joined(separator: ", "))\(differing.count > 4 ? ", …" : "")).")
        try desk.fire(caseID, event: "review.complete", by: "alice")
        try advance(hours: 24)
        try desk.fire(caseID, event: "visit.schedule", by: "sam")
        try advance(hours: 24 * 14)
        try desk.fire(caseID, event: "visit.complete", by: "lee")

        narrate("7. Lee raises graded findings, each with its own date, and issues them:")
        let staffing: Value = [
            "criterion": "PP-2.1", "severity": "major", "evidence": .array([.string("E-\(uploads - 1)")]),
            "statement": "Foundational patient safety training stands at 81% of staff, below the 90% required",
        ]
        try desk.fire(caseID, event: "finding.raise", data: staffing, by: "lee")
        let walkrounds: Value = [
            "criterion": "LD-3.1", "severity": "minor",
            "statement": "The walkround log records issues raised but not the actions taken on them",
        ]
        try desk.fire(caseID, event: "finding.raise", data: walkrounds, by: "lee")
        let leaflets: Value = [
            "criterion": "PE-1.1", "severity": "observation",
            "statement": "Patient information on raising concerns is available in English only",
        ]
        try desk.fire(caseID, event: "finding.raise", data: leaflets, by: "lee")
        try desk.fire(caseID, event: "findings.issue", by: "lee")
        for finding in try desk.load(caseID).state.record.findings.values.sorted(by: { $0.id < $1.id }) {
            let due = finding.due.map { "corrective action due \($0.iso8601.prefix(10))" } ?? "no action asked for"
            narrate("   \(finding.id) \(finding.severity) on \(finding.criterion): \(due).")
        }
        try advance(hours: 24 * 20)
        try upload(caseID, criterion: "PP-2.1", item: 1, wrong: false, supersedes: nil, corrective: true)
        uploads += 1
        try desk.fire(
            caseID, event: "finding.respond",
            data: [
                "finding": "F-1", "response": "Training sessions added on every ward; completion is now 94%",
                "evidence": .array([.string("E-\(uploads)")]),
            ], by: "ann")
        try desk.fire(
            caseID, event: "review.rate", data: ["criterion": "PP-2.1", "rating": "met"], by: "lee")
        try desk.fire(
            caseID, event: "finding.close", data: ["finding": "F-1", "note": "Completion report checked: 94%"],
            by: "lee")
        try desk.fire(caseID, event: "corrective.complete", by: "lee")
        try desk.fire(caseID, event: "recommendation.submit", by: "lee")
        narrate(
            "   Ann answers F-1 with training records within 20 days; Lee verifies them, closes F-1, re-rates PP-2.1 "
                + "as met and recommends. The minor finding F-2 stays open, to be corrected within 6 months.")

        let decided = try desk.load(caseID)
        let assessment = try decided.definitions.machine.assessment(of: decided.state)
        narrate(
            "8. The framework's award rules give \(assessment.decision.outcome.rawValue) (rule \(assessment.decision.ruleID))."
        )
        do {
            try desk.fire(
                caseID, event: "decision.record", data: ["outcome": .string(assessment.decision.outcome.rawValue)],
                by: "alice")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   Alice also sits on decision panels, but may not decide a case she assessed: \(refusal)")
        }
        try advance(hours: 24 * 7)
        let decision = try desk.fire(
            caseID, event: "decision.record", data: ["outcome": .string(assessment.decision.outcome.rawValue)],
            by: "dana")
        narrate("   Dana, an independent panel member, records the decision: \(assessment.decision.outcome.rawValue).")
        for failure in decision.followUpFailures { narrate("   WARNING: \(failure)") }
        if let checkpoint = try desk.latestCheckpoint() {
            narrate(
                "   The decision was followed by checkpoint \(checkpoint.sequence): the store was verified since the "
                    + "previous one, then every case head was signed (root \(HashChain.hex(checkpoint.rootHash).prefix(16))…) "
                    + "and written to \(Context.checkpointDirectory().filePath(of: checkpoint.sequence)) for publishing."
            )
        }

        let certificateFile = try exportCertificate(caseID, key: key)
        try advance(hours: 24 * 5)
        refusals += try appealTheConditions(caseID)
        try advance(hours: 24 * 55)
        try desk.fire(
            caseID, event: "finding.respond",
            data: ["finding": "F-2", "response": "The walkround log now has an action, an owner and a date per issue"],
            by: "ann")
        try desk.fire(
            caseID, event: "finding.close", data: ["finding": "F-2", "note": "Checked at the follow-up visit"],
            by: "lee")
        try desk.fire(caseID, event: "conditions.close", by: "lee")
        narrate("   Two months on, Ann answers F-2; Lee closes it at the follow-up visit, and the conditions are met.")
        narrate("   The award runs 3 years; surveillance is due within 12 months.")
        refusals += try afterTheAward(caseID, advance: { try advance(hours: $0) })
        try advance(hours: 24 * 20)
        let reissued = try extendTheScope(caseID, key: key)
        let (renewal, renewalRefusals, renewalUploads) = try renew(
            caseID, key: key, decidedAt: decision.events.last?.envelope.occurredAt ?? clock)
        refusals += renewalRefusals
        uploads += renewalUploads
        try desk.changeSetting(.clock(simulated: try desk.now().adding(months: 13)), by: "sam")
        let delivered = try desk.fireDueTimers(caseID: caseID)
        let lapses = delivered.filter { $0.event == "finding.lapse" }.count
        narrate(
            "16. Thirteen months on, the timers due fire: \(delivered.map(\.event).filter { $0 != "finding.lapse" }.joined(separator: ", "))"
                + (lapses == 0
                    ? "."
                    : ", and \(lapses) findings' dates, which change nothing: none of them suspends an award."))
        let final = try desk.loadFullReplay(caseID)
        let audit = try StoreAudit(checks: desk.auditChecks()).run(.cases([caseID]))
        narrate(
            "17. Replaying all \(final.head.version) events through the pinned definitions gives \(final.state.status); "
                + "the audit (hash chain, evidence files, replay) is \(audit.isClean ? "clean" : "NOT clean: \(audit.findings)")."
        )
        return Summary(
            caseID: caseID, events: final.head.version, uploads: uploads, refusals: refusals,
            outcome: assessment.decision.outcome.rawValue, renewal: renewal == nil ? nil : "accredited",
            status: final.state.status,
            certificateFile: renewal ?? reissued ?? certificateFile,
            fingerprint: KeyFingerprint.of(key.publicKey), statusFile: AwardStatusFollowUp.defaultPath(home: home))
    }

    /// The organisation appeals the conditions; the secretariat cannot put Dana, who decided the case, on the panel,
    /// appoints three decision makers who had no part in it, and the panel dismisses the appeal.
    ///
    /// - Returns: The rules of the refusals shown.
    private func appealTheConditions(_ caseID: String) throws -> [String] {
        var refusals: [String] = []
        try desk.fire(
            caseID, event: "appeal.lodge",
            data: ["grounds": "Walkround actions are tracked in the risk system; the log need not repeat them"],
            by: "ann")
        narrate("10. Ann appeals the conditions within 30 days: the walkround actions are tracked elsewhere.")
        do {
            try desk.fire(caseID, event: "appeal.panel", data: ["panel": ["dana", "pat", "quinn"]], by: "sam")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   Sam cannot put Dana on the appeal panel: \(refusal)")
        }
        try desk.fire(caseID, event: "appeal.panel", data: ["panel": ["pat", "quinn", "rosa"]], by: "sam")
        try desk.fire(
            caseID, event: "appeal.dismiss",
            data: ["reasons": "SL and LD criteria ask the log itself to show the action taken; the conditions stand"],
            by: "pat")
        let appeal = try desk.load(caseID).state.record.appealsInOrder.last
        narrate(
            "   Pat, Quinn and Rosa, who had no part in the case, hear appeal \(appeal?.id ?? "A-1") and dismiss it "
                + "(due by \(appeal?.due?.iso8601.prefix(10) ?? "-")): the conditions stand.")
        return refusals
    }

    /// A relative complains through the public form; the secretariat triages the complaint for a visit and plans
    /// one the organisation cannot see; Lee holds it and raises a finding; the complaint is closed and the
    /// complainant's details erased. Months later the yearly surveillance visit raises a finding too.
    ///
    /// - Returns: The rules of the refusals shown.
    private func afterTheAward(_ caseID: String, advance: (_ hours: Int64) throws -> Void) throws -> [String] {
        var refusals: [String] = []
        try advance(24 * 30)
        let complaint = try desk.receiveComplaint(
            ComplaintIntake(
                organisation: Self.organisation.id, source: .public, complainant: "A patient's daughter",
                contact: "daughter@example.org",
                body: "My mother fell twice on the elderly care ward and nobody recorded it or told us why.",
                receivedBy: nil), by: nil)
        let summary = "Falls on an elderly care ward not recorded as incidents, and the family not told"
        _ = try desk.triageComplaint(complaint.reference, decision: "for-cause-visit", summary: summary, by: "sam")
        let today = try desk.now()
        let plan = try desk.planVisit(
            caseID: caseID, kind: .forCause, notBefore: today, notAfter: today.adding(days: 14),
            complaints: [complaint.reference], note: "Compare the wards' falls logs with the incident system",
            by: "sam")
        narrate(
            "11. A patient's daughter complains through the public form (\(complaint.reference)); Sam triages it for a "
                + "visit and plans \(plan.reference), unannounced, within two weeks.")
        do {
            _ = try desk.visitPlans(of: caseID, as: "ann")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   Ann cannot see it coming: \(refusal)")
        }
        try advance(24 * 6)
        try desk.holdVisit(
            plan.reference, report: "Falls logs and the incident system compared for three months on two wards",
            by: "lee")
        let falls: Value = [
            "criterion": "SL-1.1", "severity": "minor",
            "statement": "Four of eleven falls on the elderly care wards were never recorded as incidents",
        ]
        try desk.fire(caseID, event: "finding.raise", data: falls, by: "lee")
        _ = try desk.closeComplaint(
            complaint.reference, outcome: "partly-substantiated",
            summary: "Unrecorded falls confirmed on the visit; a minor finding was raised", by: "sam")
        _ = try desk.eraseComplaint(complaint.reference, by: "sam")
        narrate(
            "   Lee holds the visit; its event seals the plan and the complaint's summary into the case, never who "
                + "complained, and Lee raises a minor finding. Sam closes \(complaint.reference) as partly "
                + "substantiated and erases the complainant's details.")
        try advance(24 * 150)
        let dashboard: Value = [
            "criterion": "DI-1.1", "severity": "minor",
            "statement": "The falls measure is still reported month on month, not as a run chart",
        ]
        try desk.fire(caseID, event: "finding.raise", data: dashboard, by: "alice")
        try desk.fire(caseID, event: "surveillance.complete", by: "lee")
        let open = try desk.load(caseID).state.record.findingsInOrder.filter { $0.status == .open }
        narrate(
            "12. Eight months after the decision, the yearly surveillance visit raises a minor finding on DI-1.1; "
                + "\(open.count) minor findings are open, each due by \(open.compactMap { $0.due?.iso8601.prefix(10) }.joined(separator: ", "))."
        )
        return refusals
    }

    /// The trust takes over a community service: it asks to extend the award's scope, the lead assessor assesses
    /// the change, Dana approves it, and the certificate is issued again stating the new scope, signed and written
    /// beside the first (which the status list now reads as superseded).
    ///
    /// - Returns: The new certificate's file, or nil when it could not be verified.
    private func extendTheScope(_ caseID: String, key: SigningKey) throws -> String? {
        let before = try desk.certificate(for: caseID)
        try desk.fire(
            caseID, event: "scope.change",
            data: [
                "services": ["wards", "emergency", "district-nursing"],
                "reason": "We took over the district nursing service from the community trust",
            ], by: "ann")
        try desk.fire(
            caseID, event: "scope.assess", data: ["note": "District nursing visited; no criterion added"], by: "lee")
        try desk.fire(
            caseID, event: "scope.decide",
            data: ["decision": "approve", "reason": "The district nursing service meets the standards"], by: "dana")
        let (file, certificate, problems) = try writeCertificate(caseID, key: key)
        narrate(
            "13. Ann asks to extend the award to the district nursing service the trust took over; Lee assesses the "
                + "change and Dana approves it. Certificate \(certificate.number) replaces \(before.number), stating "
                + "the scope: \(certificate.scope.map(\.name).joined(separator: ", ")); the award still expires "
                + "\(certificate.expiresAt.iso8601.prefix(10)). Written to \(file); verified offline: "
                + (problems.isEmpty ? "valid" : "INVALID (\(problems.map { "\($0)" }.joined(separator: "; ")))") + ".")
        return problems.isEmpty ? file : nil
    }

    /// The second year's surveillance, then the renewal four months before the award expires: a new assessment cycle
    /// in which nothing carries over, evidence reused only where the framework allows it, the award current
    /// throughout, and a decision whose award runs three years from the old expiry, its certificate signed and
    /// verified. The open minor findings are corrected first.
    ///
    /// - Returns: The renewed certificate's file (nil when it could not be verified), the rules of the refusals
    ///   shown, and the files uploaded.
    private func renew(_ caseID: String, key: SigningKey, decidedAt: Instant) throws -> (String?, [String], Int) {
        var refusals: [String] = []
        var clock = try desk.now()
        // Moves the clock and delivers what fell due meanwhile, as the server's timer loop would.
        func at(_ time: Instant) throws {
            clock = max(clock, time).adding(microseconds: 60_000_000)
            try desk.changeSetting(.clock(simulated: clock), by: "sam")
            _ = try desk.fireDueTimers(caseID: caseID)
        }
        try at(decidedAt.adding(months: 9))
        let open = try desk.load(caseID).state.record.findingsInOrder.filter { $0.status == .open }
        for finding in open {
            try desk.fire(
                caseID, event: "finding.respond",
                data: ["finding": .string(finding.id), "response": "Corrected: see the updated log and dashboard"],
                by: "ann")
            try desk.fire(
                caseID, event: "finding.close",
                data: ["finding": .string(finding.id), "note": "Correction verified"], by: "lee")
        }
        for months: Int64 in [19, 30] {
            try at(decidedAt.adding(months: months))
            try desk.fire(caseID, event: "surveillance.complete", by: "lee")
        }
        narrate(
            "14. Ann corrects \(open.map(\.id).joined(separator: " and ")) in time and Lee closes them; the "
                + "surveillance visits at 19 and 30 months find nothing new.")
        let before = try desk.certificate(for: caseID)
        try at(before.expiresAt.adding(months: -4))
        try desk.fire(caseID, event: "renewal.apply", by: "ann")
        let renewing = try desk.load(caseID)
        let machine = renewing.definitions.machine
        let current = try desk.certificate(for: caseID) == before && machine.holdsAward(renewing.state)
        narrate(
            "15. Four months before the award expires, Ann applies to renew it: assessment cycle "
                + "\(renewing.state.record.cycle) begins, with no rating and no evidence carried over. "
                + (current
                    ? "Certificate \(before.number) stays valid meanwhile."
                    : "WARNING: the award did not stay current."))
        try desk.fire(caseID, event: "application.submit", by: "ann")
        for event in ["application.accept", "eligibility.confirm", "impartiality.confirm"] {
            try desk.fire(caseID, event: event, by: "sam")
        }
        let framework = machine.framework
        let reusable = Set(framework.criteria.filter(\.reuseEvidence).map(\.id))
        let accepted = renewing.state.record.evidence.filter { $0.value.status == "accepted" }
        do {
            let policy = accepted.first { $0.value.criterion == "SL-1.1" }?.key ?? "E-1"
            try desk.reuseEvidence(caseID, evidence: policy, by: "ann")
        } catch let refusal as CaseRefusal {
            refusals.append(refusal.rule)
            narrate("   Ann cannot reuse last cycle's incident data for SL-1.1: \(refusal)")
        }
        var reused: [String] = []
        for (id, item) in accepted.sorted(by: { $0.key < $1.key }) where reusable.contains(item.criterion) {
            try desk.reuseEvidence(caseID, evidence: id, by: "ann")
            reused.append(item.criterion)
        }
        let uploads = try submitEvidence(caseID, framework: framework, cycle: 2, reused: Set(reused))
        narrate(
            "   She reuses the accepted evidence for \(Set(reused).sorted().joined(separator: ", ")), as the "
                + "standards allow, uploads \(uploads) new files and assesses the trust afresh. The team reviews all "
                + "of it anew.")
        for (id, item) in try desk.load(caseID).state.record.evidence.sorted(by: { $0.key < $1.key })
        where item.status == "submitted" && item.cycle > 1 {
            try desk.reviewEvidence(caseID, evidence: id, accept: true, reason: nil, by: "alice")
        }
        for criterion in framework.criteria {
            try desk.fire(
                caseID, event: "review.rate",
                data: [
                    "criterion": .string(criterion.id), "rating": criterion.id.hasSuffix(".2") ? "exceeded" : "met",
                ],
                by: "alice")
        }
        try desk.fire(caseID, event: "review.complete", by: "alice")
        try at(clock.adding(days: 1))
        try desk.fire(caseID, event: "visit.schedule", by: "sam")
        try at(clock.adding(days: 14))
        for (event, actor) in [
            ("visit.complete", "lee"), ("findings.clear", "lee"), ("recommendation.submit", "lee"),
        ] {
            try desk.fire(caseID, event: event, by: actor)
        }
        try at(clock.adding(days: 7))
        try desk.fire(caseID, event: "decision.record", data: ["outcome": "accredited"], by: "dana")
        let (file, certificate, problems) = try writeCertificate(caseID, key: key)
        narrate(
            "   Dana renews the award, accredited. Certificate \(certificate.number) replaces \(before.number) and "
                + "runs three years from the old expiry, to \(certificate.expiresAt.iso8601.prefix(10)). Written to "
                + "\(file); verified offline: "
                + (problems.isEmpty ? "valid" : "INVALID (\(problems.map { "\($0)" }.joined(separator: "; ")))") + ".")
        return (problems.isEmpty ? file : nil, refusals, uploads)
    }

    /// Signs the case's certificate with the body's key, writes it under `home/certificates/` and verifies it back
    /// against that key and the award status list, as a relying party would.
    private func exportCertificate(_ caseID: String, key: SigningKey) throws -> String {
        let (file, certificate, problems) = try writeCertificate(caseID, key: key)
        narrate(
            "9. Certificate \(certificate.number) (expires \(certificate.expiresAt.iso8601)) is signed and "
                + "written to \(file); verifying it offline against the body's key and its status list: "
                + (problems.isEmpty ? "valid" : "INVALID (\(problems.map { "\($0)" }.joined(separator: "; ")))") + ".")
        return file
    }

    /// Signs the case's current certificate, writes it and reads it back: the file, the certificate and why a
    /// relying party would not rely on it (none when valid).
    private func writeCertificate(_ caseID: String, key: SigningKey) throws -> (
        String, AwardCertificate, [CertificateProblem]
    ) {
        let signed = try SignedCertificate(signing: try desk.certificate(for: caseID), with: key.key)
        let folder = home + "/certificates"
        try Workflows.makeDirectory(folder)
        let file = "\(folder)/\(signed.certificate.number).json"
        try AtomicFile.write(Array(signed.fileText.utf8), to: file, mode: AtomicFile.privateMode, replacing: true)
        let readBack = try SignedCertificate(
            fileText: String(decoding: try Workflows.readFileBytes(file), as: UTF8.self))
        let statusList = try desk.awardStatusList(key: key)
        let problems = readBack.problems(
            trusting: TrustedKeys(publicKeys: [key.publicKey]), at: try desk.now(), status: statusList)
        return (file, signed.certificate, problems)
    }

    /// The trust's sites and services, recorded once: its general hospital's wards and emergency department, and a
    /// community hub.
    private func recordSitesAndServices() throws {
        let directory = desk.directory
        let organisation = Self.organisation.id
        let sites = Set(try directory.sites(of: organisation).map(\.code))
        for (code, name) in [("general", "Riverside General Hospital"), ("hub", "Riverside Community Hub")]
        where !sites.contains(code) {
            try directory.record(Site(organisation: organisation, code: code, name: name, recordedBy: "sam"))
        }
        let services = Set(try directory.services(of: organisation).map(\.code))
        for (code, site, kind, name) in [
            ("wards", "general", "inpatient", "Adult inpatient wards"),
            ("emergency", "general", "emergency", "Emergency department"),
            ("district-nursing", "hub", "community", "District nursing"),
        ] where !services.contains(code) {
            try directory.record(
                OrganisationService(
                    organisation: organisation, code: code, site: site, kind: kind, name: name, recordedBy: "sam"))
        }
    }

    /// Makes the store a sandbox (only a store without cases can become one) and moves its simulated clock to
    /// `start` if it is behind; returns the store's time.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when the store holds real cases and is no sandbox.
    private func sandboxClock() throws -> Instant {
        if try !desk.settings.current().sandbox {
            do {
                try desk.changeSetting(.sandbox, by: "sam")
            } catch let error as StoreError where error.code == .settingRefused {
                throw CommandFailure(
                    .invalid,
                    "the demo plays a case over years on a simulated clock, which only a sandbox store has, and "
                        + "this store already holds cases (\(error.message)); run the demo on a store of its own, "
                        + "such as: ACCREDIT_HOME=/tmp/accredit-demo accreditctl demo")
            }
        }
        let now = try desk.now()
        guard now < start else { return now }
        try desk.changeSetting(.clock(simulated: start), by: "sam")
        return start
    }

    /// Registers the organisation and people (once), publishes the definitions, makes the store a sandbox, and
    /// picks a new case id.
    private func setUp() throws -> String {
        let directory = desk.directory
        if try !directory.organisations().contains(where: { $0.id == Self.organisation.id }) {
            try directory.register(Self.organisation)
        }
        let known = Set(try directory.actors().map(\.id))
        for person in Self.people where !known.contains(person.id) { try directory.add(person) }
        let publisher = desk.publisher
        let (frameworkFile, workflowFile) = (definitions.framework, definitions.workflow)
        let (frameworkIdentity, _) = try publisher.publishFramework(frameworkFile.bytes, file: frameworkFile.name)
        let framework = try FrameworkReader.loadFramework(frameworkFile.bytes, file: frameworkFile.name).framework
        let (workflowIdentity, _) = try publisher.publishWorkflow(
            workflowFile.bytes, file: workflowFile.name, framework: framework)
        let now = try sandboxClock()
        let twoYears: Int64 = 2 * 366 * 86_400_000_000
        // Training valid for the whole case, renewal included (a later run, years on, records it again).
        let trained = try directory.competences().filter { $0.validUntil > now.adding(years: 5) }.map(\.actor)
        for person in ["alice", "lee", "carl"] where !trained.contains(person) {
            try directory.record(
                Competence(
                    actor: person, framework: framework.id, foundations: [], trainedOn: now.adding(years: -1),
                    validUntil: now.adding(years: 6), recordedBy: "sam", note: "Accredit assessor course"))
        }
        try recordSitesAndServices()
        let conflicts = try directory.conflicts(organisation: Self.organisation.id).filter { $0.actor == "carl" }
        if !conflicts.contains(where: {
            ($0.until?.microsecondsSinceEpoch ?? .max) > now.microsecondsSinceEpoch - twoYears
        }) {
            try directory.declare(
                ConflictDeclaration(
                    actor: "carl", organisation: Self.organisation.id, from: now.adding(years: -1),
                    until: now.adding(months: -2), reason: "advised the trust on its incident framework"))
        }
        narrate(
            "1. \(Self.organisation.name), its sites and services, and \(Self.people.count) people are registered; "
                + "three assessors' training is recorded; Carl has declared a conflict."
        )
        narrate("   Published \(workflowIdentity) and \(frameworkIdentity).")
        let existing = try desk.cases().filter { $0.caseID.hasPrefix("DEMO-") }.count
        return "DEMO-\(existing + 1)"
    }

    /// Uploads a file for every expected item of every criterion but `reused` (SL-1.1's first, in cycle 1, the
    /// wrong document), records the trust's self-assessment of every criterion, and submits. Returns the uploads.
    private func submitEvidence(
        _ caseID: String, framework: Framework, cycle: Int, reused: Set<String> = []
    ) throws -> Int {
        var uploads = 0
        for criterion in framework.criteria where !reused.contains(criterion.id) {
            for slot in criterion.evidenceSlots {
                let item = slot.item ?? 1
                try upload(
                    caseID, criterion: criterion.id, item: item,
                    wrong: cycle == 1 && criterion.id == "SL-1.1" && item == 1,
                    supersedes: nil, cycle: cycle)
                uploads += 1
            }
        }
        for criterion in framework.criteria {
            let partial = cycle == 1 && ["PP-2.1", "CU-3.1"].contains(criterion.id)
            let narrative =
                partial
                ? "Work has begun but is not yet complete across every service; the evidence shows where we are."
                : "We meet \(criterion.id) across every service; the evidence listed for it shows how."
            try desk.fire(
                caseID, event: "self-assessment.record",
                data: [
                    "criterion": .string(criterion.id), "rating": .string(partial ? "partially-met" : "met"),
                    "narrative": .string(narrative),
                ], by: "ann")
        }
        try desk.fire(caseID, event: "evidence.submit", by: "ann")
        return uploads
    }

    private func upload(
        _ caseID: String, criterion: String, item: Int? = nil, wrong: Bool, supersedes: String?,
        corrective: Bool = false, cycle: Int = 1
    ) throws {
        let isData = criterion.hasPrefix("DI")
        let name =
            "\(criterion)\(item.map { "-\($0)" } ?? "")\(corrective ? "-corrective" : "")\(wrong ? "-old" : "")"
            + "\(cycle > 1 ? "-renewal" : "").\(isData ? "csv" : "pdf")"
        let bytes =
            isData
            ? DemoFiles.csv(
                header: ["month", "incidents_reported", "learning_responses", "actions_closed"],
                rows: (1...12).map {
                    ["2026-\($0 < 10 ? "0" : "")\($0)", "\(40 + $0 * 3)", "\(2 + $0 % 4)", "\(1 + $0 % 3)"]
                })
            : DemoFiles.pdf(
                title: "Riverside NHS FT - evidence for \(criterion)",
                lines: wrong
                    ? ["Patient safety policy 2024 (superseded)"]
                    : [
                        "Board paper and minutes", "Prepared for accreditation against \(criterion)",
                        corrective
                            ? "Training completion now 94%"
                            : "Approved by the Quality Committee\(cycle > 1 ? " for the renewal" : "")",
                    ])
        let path = workDirectory + "/" + name
        try Workflows.writeFileBytes(bytes, to: path)
        _ = try desk.uploadEvidence(
            caseID, file: path, criterion: criterion, item: item, supersedes: supersedes, by: "ann")
    }
}

import AccreditEngine
import Statecharts
import Testing
import Workflows

/// Issue #18, item 8, in the pure case machine: the organisation assesses itself against every criterion before it
/// submits, and each expected evidence item is covered by evidence of its own.
struct SelfAssessmentTests {
    static let applicant: Set<String> = ["applicant"]

    /// A case at the evidence stage, Lee assigned to lead.
    static func atEvidence() throws -> CaseMachineTests.Run {
        var run = try CaseMachineTests.Run(try CaseMachineTests.machine())
        run.send("application.submit", by: "ann", applicant)
        for event in ["application.accept", "eligibility.confirm"] { run.send(event, by: "sec", ["secretariat"]) }
        run.send("team.assign", by: "sec", ["secretariat"], ["person": "lee", "position": "lead"])
        run.send("impartiality.confirm", by: "sec", ["secretariat"])
        #expect(run.state.status == "evidence-open")
        return run
    }

    @Test func uploadsNameTheExpectedItemTheyAreFor() throws {
        var run = try Self.atEvidence()
        func upload(_ data: Value) -> String? { run.send("evidence.upload", by: "ann", Self.applicant, data)?.rule }
        // SL-1.1 expects three items: an upload must say which.
        let unnamed = run.send(
            "evidence.upload", by: "ann", Self.applicant, ["evidence": "E-1", "criterion": "SL-1.1"])
        #expect(unnamed?.rule == "evidence.item-required")
        #expect(unnamed?.message.contains("1: Incident reporting policy, approved and in date") == true)
        #expect(upload(["evidence": "E-1", "criterion": "SL-1.1", "item": 4]) == "evidence.unknown-item")
        #expect(upload(["evidence": "E-1", "criterion": "SL-1.1", "item": 0]) == "evidence.unknown-item")
        #expect(upload(["evidence": "E-1", "criterion": "SL-1.1", "item": "1"]) == "evidence.unknown-item")
        #expect(upload(["evidence": "E-1", "criterion": "SL-1.1", "item": 1]) == nil)
        // SL-2.2 expects one: it is implied.
        #expect(upload(["evidence": "E-2", "criterion": "SL-2.2"]) == nil)
        #expect(run.state.record.evidence["E-1"]?.item == 1 && run.state.record.evidence["E-2"]?.item == 1)
        // A replacement is for the replaced piece's item unless it names another (a mislabelled upload corrected).
        #expect(upload(["evidence": "E-3", "criterion": "SL-1.1", "supersedes": "E-1"]) == nil)
        #expect(run.state.record.evidence["E-3"]?.item == 1)
        #expect(upload(["evidence": "E-4", "criterion": "SL-1.1", "supersedes": "E-3", "item": 2]) == nil)
        #expect(run.state.record.evidence["E-4"]?.item == 2)
        // Replacing with evidence for another criterion names its own item.
        #expect(upload(["evidence": "E-5", "criterion": "SL-1.2", "supersedes": "E-2"]) == "evidence.item-required")
    }

    /// The attack: one file, or the same item many times, does not cover a criterion that expects three; a rejected
    /// piece no longer covers its item.
    @Test func coverageCountsItemsNotFiles() throws {
        var run = try Self.atEvidence()
        let framework = run.machine.framework
        for (name, data) in SubmissionFixture.events(framework)
        where data["criterion"] != .string("SL-1.1") || name != "evidence.upload" {
            #expect(run.send(name, by: "ann", Self.applicant, data) == nil)
        }
        func submit() -> CaseRefusal? { run.send("evidence.submit", by: "ann", Self.applicant) }
        for index in 1...3 {
            run.send(
                "evidence.upload", by: "ann", Self.applicant,
                ["evidence": .string("X-\(index)"), "criterion": "SL-1.1", "item": 1])
        }
        #expect(run.state.record.submittedCounts["SL-1.1"] == 3 && run.state.record.submittedCoverage["SL-1.1"] == 1)
        #expect(submit()?.rule == "workflow.guard-failed")
        run.send("evidence.upload", by: "ann", Self.applicant, ["evidence": "X-4", "criterion": "SL-1.1", "item": 2])
        #expect(submit()?.rule == "workflow.guard-failed")
        run.send("evidence.upload", by: "ann", Self.applicant, ["evidence": "X-5", "criterion": "SL-1.1", "item": 3])
        #expect(run.state.record.submittedCoverage["SL-1.1"] == 3)
        #expect(submit() == nil)
        // A rejected piece uncovers its item (the only one for item 3): the framework's figures say so.
        #expect(run.send("evidence.reject", by: "lee", ["lead-assessor"], ["evidence": "X-5", "reason": "old"]) == nil)
        #expect(run.state.record.submittedCoverage["SL-1.1"] == 2)
        let assessment = try run.machine.assessment(of: run.state)
        #expect(assessment.foundations.first { $0.id == "SL" }?.mandatoryWithoutEvidence == ["SL-1.1"])
    }

    @Test func theOrganisationAssessesItselfBeforeItSubmits() throws {
        var run = try Self.atEvidence()
        let framework = run.machine.framework
        for (name, data) in SubmissionFixture.events(framework) where name == "evidence.upload" {
            run.send(name, by: "ann", Self.applicant, data)
        }
        let refused = run.send("evidence.submit", by: "ann", Self.applicant)
        #expect(refused?.rule == "workflow.guard-failed")
        func assess(_ data: Value, by actor: String = "ann", _ roles: Set<String> = Self.applicant) -> String? {
            run.send("self-assessment.record", by: actor, roles, data)?.rule
        }
        #expect(
            assess(["criterion": "XX-1", "rating": "met", "narrative": "x"]) == "self-assessment.unknown-criterion")
        #expect(
            assess(["criterion": "SL-1.1", "rating": "great", "narrative": "x"]) == "self-assessment.unknown-rating")
        #expect(assess(["criterion": "SL-1.1", "rating": "met"]) == "self-assessment.narrative")
        #expect(assess(["criterion": "SL-1.1", "rating": "met", "narrative": "  \n"]) == "self-assessment.narrative")
        #expect(
            assess(["criterion": "SL-1.1", "rating": "met", "narrative": "a\u{0}b"]) == "self-assessment.narrative")
        #expect(
            assess(["criterion": "SL-1.1", "rating": "met", "narrative": "\u{200B}"]) == "self-assessment.narrative")
        let long = String(repeating: "é", count: 4001)
        #expect(
            assess(["criterion": "SL-1.1", "rating": "met", "narrative": .string(long)]) == "self-assessment.narrative")
        // Only the organisation assesses itself.
        let byAssessor = assess(
            ["criterion": "SL-1.1", "rating": "met", "narrative": "x"], by: "lee", ["lead-assessor"])
        #expect(byAssessor == "workflow.role-not-allowed")
        #expect(assess(["criterion": "SL-1.1", "rating": "met", "narrative": "Reporting works"]) == nil)
        #expect(assess(["criterion": "SL-1.1", "rating": "partially-met", "narrative": "Uploads lag"]) == nil)
        let recorded = try #require(run.state.record.selfAssessments["SL-1.1"])
        #expect(recorded.rating == "partially-met" && recorded.narrative == "Uploads lag" && recorded.by == "ann")
        #expect(run.state.record.involvement["ann"]?.contains("self-assessed") == true)
        for (name, data) in SubmissionFixture.events(framework) where name == "self-assessment.record" {
            guard data["criterion"] != .string("CU-3.1") else { continue }
            run.send(name, by: "ann", Self.applicant, data)
        }
        #expect(run.send("evidence.submit", by: "ann", Self.applicant)?.rule == "workflow.guard-failed")
        #expect(assess(["criterion": "CU-3.1", "rating": "not-met", "narrative": "Not measured yet"]) == nil)
        #expect(run.send("evidence.submit", by: "ann", Self.applicant) == nil)
        // Once submitted, the self-assessment stands: the assessors read it beside their own ratings, and the
        // organisation does not rewrite it after reading theirs, even with the evidence returned to it.
        #expect(assess(["criterion": "CU-3.1", "rating": "met", "narrative": "Now it is"]) == "workflow.not-accepted")
        #expect(run.send("review.rate", by: "lee", ["lead-assessor"], ["criterion": "CU-3.1", "rating": "met"]) == nil)
        #expect(run.send("review.return", by: "lee", ["lead-assessor"]) == nil)
        #expect(run.state.status == "evidence-open")
        #expect(assess(["criterion": "CU-3.1", "rating": "met", "narrative": "Now it is"]) == "workflow.guard-failed")
        #expect(run.send("evidence.submit", by: "ann", Self.applicant) == nil)
        let facts = CaseFacts(record: run.state.record, framework: framework, awardExpiry: nil, now: run.clock)
        #expect(try facts.call("selfRating", [.string("CU-3.1")]) == .string("not-met"))
        #expect(try facts.call("selfAssessmentMissing", []) == .integer(0))
    }

    /// Self-assessments and evidence items survive a stored state (format 8) and replay.
    @Test func aStoredStateKeepsSelfAssessmentsAndItems() throws {
        var run = try Self.atEvidence()
        for (name, data) in SubmissionFixture.events(run.machine.framework) {
            run.send(name, by: "ann", Self.applicant, data)
        }
        let encoded = run.machine.encode(run.state)
        #expect(encoded["format"] == 8)
        #expect(run.machine.legacyEncoding(run.state) == Value?.none)
        let decoded = try #require(run.machine.decode(encoded))
        #expect(decoded.record == run.state.record)
        #expect(decoded.record.selfAssessments.count == run.machine.framework.criteria.count)
        #expect(decoded.record.submittedCoverage == run.state.record.submittedCoverage)
        // A stored state with a malformed self-assessment or item is not loaded (the caller replays).
        guard case .object(var fields) = encoded, case .object(var evidence)? = fields["evidence"],
            case .object(var item)? = evidence["E-1"]
        else {
            Issue.record("a stored state is an object with evidence")
            return
        }
        item["item"] = 0
        evidence["E-1"] = .object(item)
        var broken = fields
        broken["evidence"] = .object(evidence)
        #expect(run.machine.decode(.object(broken)) == nil)
        fields["selfAssessment"] = ["SL-1.1": ["rating": "met"]]
        #expect(run.machine.decode(.object(fields)) == nil)
    }

    /// A renewal begins without self-assessments; one withdrawn gives the award's back.
    @Test func aRenewalAssessesItselfAfresh() {
        var record = CaseRecord()
        let now = Instant(microsecondsSinceEpoch: 1_767_225_600_000_000)
        record.selfAssessments["SL-1.1"] = CaseSelfAssessment(
            criterion: "SL-1.1", rating: "met", narrative: "n", by: "ann", at: now)
        record.setEvidence(
            "E-1", CaseRecord.EvidenceItem(criterion: "SL-1.1", status: "accepted", uploadedBy: "ann", item: 2))
        #expect(record.submittedCoverage == ["SL-1.1": 1] && record.acceptedCoverage == ["SL-1.1": 1])
        record.beginCycle(at: now, by: "ann")
        #expect(record.selfAssessments.isEmpty && record.submittedCoverage.isEmpty)
        record.restoreRenewedAward()
        #expect(record.selfAssessments["SL-1.1"]?.rating == "met" && record.acceptedCoverage == ["SL-1.1": 1])
    }

    /// A framework that covers evidence by criterion (the default, and every framework published before item 8)
    /// takes uploads that name no item, and one piece covers the criterion, so logs recorded then replay the same.
    @Test func coverageByCriterionTakesUnnamedUploads() throws {
        let shipped = try CaseMachineTests.machine()
        var framework = shipped.framework
        framework.evidenceCoverage = .criterion
        let document = try SCXMLLoader.load(
            fileAt: FrameworkPaths.definition("workflows/patient-safety-accreditation.scxml"))
        var run = try CaseMachineTests.Run(try CaseMachine(document: document, framework: framework))
        run.send("application.submit", by: "ann", Self.applicant)
        for event in ["application.accept", "eligibility.confirm"] { run.send(event, by: "sec", ["secretariat"]) }
        run.send("team.assign", by: "sec", ["secretariat"], ["person": "lee", "position": "lead"])
        run.send("impartiality.confirm", by: "sec", ["secretariat"])
        for (index, criterion) in framework.criteria.enumerated() {
            let data: Value = ["evidence": .string("E-\(index + 1)"), "criterion": .string(criterion.id)]
            #expect(run.send("evidence.upload", by: "ann", Self.applicant, data) == nil)
        }
        #expect(run.state.record.evidence["E-1"]?.item == nil)
        let facts = CaseFacts(record: run.state.record, framework: framework, awardExpiry: nil, now: run.clock)
        #expect(try facts.call("missingEvidence", []) == .integer(0))
        #expect(
            run.send(
                "evidence.upload", by: "ann", Self.applicant, ["evidence": "E-99", "criterion": "SL-1.1", "item": 9])?
                .rule == "evidence.unknown-item")
    }
}

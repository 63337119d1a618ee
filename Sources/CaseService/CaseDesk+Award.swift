import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The award certificate of a case that holds an award, as its definitions declare it: the case is in one of the
    /// workflow's award states, its award timer is pending, and the last outcome recorded (a decision's, or one an
    /// appeal panel substituted: ``CaseMachine/recordedOutcome(_:)``) is one the framework declares an award (with
    /// conditions or not). The certificate's number names that event, or a later approved change of the award's
    /// scope (``CaseMachine/reissuesCertificate(_:)``), which issues it again; it states the scope the case holds.
    ///
    /// - Throws: ``CaseServiceError`` `.noAward` (rule `award.none`) when the case holds no award, ``StoreError`` for
    ///   an unknown case.
    public func certificate(for caseID: String) throws -> AwardCertificate {
        let open = try load(caseID)
        let machine = open.definitions.machine
        func none(_ why: String) -> CaseServiceError {
            CaseServiceError.refused(
                .noAward, rule: "award.none", message: "case \(caseID) holds no award (\(why))", caseID: caseID)
        }
        guard machine.holdsAward(open.state) else { throw none("it is \(open.state.status)") }
        guard let expiry = machine.awardExpiry(of: open.state) else {
            throw none("its workflow declares no pending award timer (acc:award-expiry)")
        }
        // The last outcome that gave an award: a renewal refused while the award runs on leaves it standing.
        let events = try log.events(of: caseID)
        let decision = events.last {
            machine.recordedOutcome($0.envelope).flatMap { machine.framework.outcome(AwardOutcome(rawValue: $0)) }?
                .isAward == true
        }
        guard let decision, let id = machine.recordedOutcome(decision.envelope),
            let outcome = machine.framework.outcome(AwardOutcome(rawValue: id))
        else { throw none("no recorded decision gives an award") }
        let organisation = try directory.organisations().first { $0.id == open.head.organisationID }
        // An approved change of scope since the decision issues the certificate again, stating the new scope.
        let issuing =
            events.last {
                $0.envelope.seq > decision.envelope.seq && machine.reissuesCertificate($0.envelope)
            } ?? decision
        var certificate = AwardCertificate(
            number: "ACC-\(caseID)-\(issuing.envelope.seq)", caseID: caseID, organisationID: open.head.organisationID,
            organisationName: organisation?.name ?? open.head.organisationID,
            framework: "\(open.head.framework.name)@\(open.head.framework.version)",
            workflow: "\(open.head.workflow.name)@\(open.head.workflow.version)", outcome: id,
            conditions: outcome.withConditions, issuedAt: issuing.envelope.occurredAt,
            expiresAt: expiry, chainVersion: issuing.envelope.seq, chainHead: HashChain.hex(issuing.hash))
        // The scope and the criteria left out as they were when the certificate was issued: a renewal under way
        // declares its own, which its decision states.
        var issued = machine.open(caseID: caseID, at: open.head.openedAt)
        for event in events where event.envelope.seq <= issuing.envelope.seq {
            if case .failure(let refusal) = machine.fold(event.envelope, into: &issued) {
                throw CaseServiceError.replayFailed(caseID, seq: event.envelope.seq, refusal: refusal)
            }
        }
        certificate.scope = issued.record.scope?.services ?? []
        certificate.notApplicable = issued.record.notApplicable(in: machine.framework).sorted()
        return certificate
    }
}

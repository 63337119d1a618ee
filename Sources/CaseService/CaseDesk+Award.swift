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
        // The event that issued the certificate: the last that left the case in an award state with an outcome the
        // framework declares an award (a decision, or one an upheld appeal substituted), or an approved change of
        // scope since; and the state it left, whose scope and criteria left out the certificate states (a renewal
        // under way declares its own, and a refused renewal's appeal names no award).
        var state = machine.open(caseID: caseID, at: open.head.openedAt)
        var decision: (event: StoredEvent, outcome: FrameworkOutcome)?
        var issuing: (event: StoredEvent, state: CaseState)?
        for event in try log.events(of: caseID) {
            if case .failure(let refusal) = machine.fold(event.envelope, into: &state) {
                throw CaseServiceError.replayFailed(caseID, seq: event.envelope.seq, refusal: refusal)
            }
            guard machine.inAwardState(state) else { continue }
            if let id = machine.recordedOutcome(event.envelope),
                let outcome = machine.framework.outcome(AwardOutcome(rawValue: id)), outcome.isAward
            {
                decision = (event, outcome)
                issuing = (event, state)
            } else if decision != nil, machine.reissuesCertificate(event.envelope) {
                issuing = (event, state)
            }
        }
        guard let decision, let issuing else { throw none("no recorded decision gives an award") }
        let organisation = try directory.organisations().first { $0.id == open.head.organisationID }
        var certificate = AwardCertificate(
            number: "ACC-\(caseID)-\(issuing.event.envelope.seq)", caseID: caseID,
            organisationID: open.head.organisationID, organisationName: organisation?.name ?? open.head.organisationID,
            framework: "\(open.head.framework.name)@\(open.head.framework.version)",
            workflow: "\(open.head.workflow.name)@\(open.head.workflow.version)",
            outcome: decision.outcome.id.rawValue, conditions: decision.outcome.withConditions,
            issuedAt: issuing.event.envelope.occurredAt, expiresAt: expiry, chainVersion: issuing.event.envelope.seq,
            chainHead: HashChain.hex(issuing.event.hash))
        certificate.scope = issuing.state.record.scope?.services ?? []
        certificate.notApplicable = issuing.state.record.notApplicable(in: machine.framework).sorted()
        return certificate
    }
}

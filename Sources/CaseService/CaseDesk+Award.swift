import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The award certificate of a case that holds an award: taken from its last recorded decision.
    ///
    /// - Throws: ``CaseServiceError`` `.noAward` (rule `award.none`) when the case holds no award, ``StoreError`` for
    ///   an unknown case.
    public func certificate(for caseID: String) throws -> AwardCertificate {
        let open = try load(caseID)
        guard open.state.snapshot.configuration.contains("awarded"), let expiry = open.state.awardExpiry,
            let decision = try log.events(of: caseID).last(where: { $0.envelope.type == "decision.record" }),
            case .string(let outcome)? = decision.envelope.payload["outcome"]
        else {
            throw CaseServiceError.refused(
                .noAward, rule: "award.none", message: "case \(caseID) holds no award (it is \(open.state.status))",
                caseID: caseID)
        }
        let organisation = try directory.organisations().first { $0.id == open.head.organisationID }
        return AwardCertificate(
            number: "ACC-\(caseID)-\(decision.envelope.seq)", caseID: caseID, organisationID: open.head.organisationID,
            organisationName: organisation?.name ?? open.head.organisationID,
            framework: "\(open.head.framework.name)@\(open.head.framework.version)",
            workflow: "\(open.head.workflow.name)@\(open.head.workflow.version)", outcome: outcome,
            conditions: open.state.snapshot.data["conditions"] == .bool(true), issuedAt: decision.envelope.occurredAt,
            expiresAt: expiry, chainVersion: decision.envelope.seq, chainHead: HashChain.hex(decision.hash))
    }
}

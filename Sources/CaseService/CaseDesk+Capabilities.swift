import AccreditEngine
import EvidenceStore

extension CaseDesk {
    /// The actor, after checking that they hold a capability.
    ///
    /// - Throws: ``CaseRefusal`` `access.<capability>` naming the roles that hold it, ``StoreError`` `.notFound` for
    ///   an unknown actor, or ``CaseRefusal`` `access.database-login`.
    @discardableResult
    public func require(_ capability: Capability, by actorID: String) throws -> Actor {
        let actor = try authorisedActor(actorID)
        let roleKinds = try publishedRoleKinds()
        guard roleKinds.kinds(of: actor.roles).isDisjoint(with: capability.kinds) else { return actor }
        let holders = roleKinds.roles(withAnyOf: capability.kinds)
        throw CaseRefusal(
            rule: "access.\(capability.rawValue)",
            message: "\(actorID) (\(actor.roles.sorted().joined(separator: ", "))) may not \(capability.action); "
                + "that needs a role of kind \(capability.kinds.sorted().map(\.rawValue).joined(separator: " or "))"
                + (holders.isEmpty ? "" : " (\(holders.joined(separator: ", ")))"))
    }

    /// The actor, after checking that they may read a case's record (its history, replay, audit and export):
    /// administrators, deciders and auditors may read any case, assessors those they are assigned to, applicants
    /// only their own organisation's. Reads only the case's head for all but assessors, so it works on a case whose
    /// log no longer replays (an assessor is refused one: the team cannot be read).
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation` or `access.not-assigned`, or ``StoreError`` `.notFound`.
    @discardableResult
    public func requireRead(of caseID: String, by actorID: String) throws -> Actor {
        let actor = try authorisedActor(actorID)
        let head = try log.head(of: caseID)
        guard try mayRead(actor, head: head) else {
            throw readRefusal(actor, caseID: caseID, organisation: head.organisationID)
        }
        return actor
    }

    /// The cases an actor may list: applicants only their own organisation's, whatever `organisation` asks; assessors
    /// only those they are assigned to.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation` when an applicant asks for another organisation.
    public func cases(as actorID: String, organisation: String? = nil, state: String? = nil) throws -> [CaseSummary] {
        let actor = try require(.listCases, by: actorID)
        let kinds = try publishedRoleKinds().kinds(of: actor.roles)
        if !kinds.isDisjoint(with: [.administrator, .decider, .auditor]) {
            return try cases(organisation: organisation, state: state)
        }
        if kinds.contains(.evaluator), !kinds.contains(.organisation) {
            // Assessors list the cases they may read: those they are assigned to, with no conflict in force (each
            // case's team is read from its state).
            return try cases(organisation: organisation, state: state).filter { summary in
                (try? view(summary.caseID, as: actorID)) != nil
            }
        }
        let own = actor.organisation ?? ""
        if let organisation, organisation != own {
            throw CaseRefusal(
                rule: "access.organisation",
                message: "\(actorID) acts for \(own) and may not list \(organisation)'s cases")
        }
        return try cases(organisation: own, state: state)
    }
}

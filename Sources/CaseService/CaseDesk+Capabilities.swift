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
    /// staff may read any case, applicants only their own organisation's. Reads only the case's head, so it works
    /// on a case whose log no longer replays.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation`, or ``StoreError`` `.notFound`.
    @discardableResult
    public func requireRead(of caseID: String, by actorID: String) throws -> Actor {
        let actor = try authorisedActor(actorID)
        let head = try log.head(of: caseID)
        guard try maySee(actor, organisation: head.organisationID, workflowKinds: pinnedRoleKinds(of: head)) else {
            throw CaseRefusal(
                rule: "access.organisation",
                message: "\(actorID) acts for \(actor.organisation ?? "no organisation") and may not see "
                    + "\(head.organisationID)'s case \(caseID)")
        }
        return actor
    }

    /// The cases an actor may list: applicants only their own organisation's, whatever `organisation` asks.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation` when an applicant asks for another organisation.
    public func cases(as actorID: String, organisation: String? = nil, state: String? = nil) throws -> [CaseSummary] {
        let actor = try require(.listCases, by: actorID)
        guard try publishedRoleKinds().kinds(of: actor.roles).isDisjoint(with: RoleKind.staff) else {
            return try cases(organisation: organisation, state: state)
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

import AccreditEngine
import EvidenceStore

extension CaseDesk {
    /// The registered organisations, for a reader of the directory: someone who acts for an organisation sees only
    /// their own (who else applies is not theirs to know).
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, or ``StoreError``.
    public func organisations(as actorID: String) throws -> [Organisation] {
        let actor = try require(.readDirectory, by: actorID)
        let all = try directory.organisations()
        guard try actsOnlyForOrganisation(actor) else { return all }
        return all.filter { $0.id == actor.organisation }
    }

    /// Whether the actor holds no staff role: they act for an organisation, and read only its part of the
    /// directory.
    func actsOnlyForOrganisation(_ actor: Actor) throws -> Bool {
        try publishedRoleKinds().kinds(of: actor.roles).isDisjoint(with: RoleKind.staff)
    }

    /// One registered organisation, for a reader of the directory. Someone who acts for an organisation is refused
    /// every other one, registered or not, so that the answer does not tell which are.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read` or `access.organisation`, ``CaseServiceError``
    ///   `.organisationNotFound`, or ``StoreError``.
    public func organisation(_ id: String, as actorID: String) throws -> Organisation {
        let actor = try require(.readDirectory, by: actorID)
        if try actsOnlyForOrganisation(actor), id != actor.organisation {
            throw CaseRefusal(
                rule: "access.organisation",
                message: "\(actorID) acts for \(actor.organisation ?? "no organisation") and may not see another "
                    + "organisation's record")
        }
        guard let organisation = try organisations(as: actorID).first(where: { $0.id == id }) else {
            throw CaseServiceError(code: .organisationNotFound, message: "organisation \(id) is not registered")
        }
        return organisation
    }

    /// The registered actors with their roles and bindings, for a reader of the directory: someone who acts for
    /// an organisation sees only the people of their own.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, or ``StoreError``.
    public func actors(as actorID: String) throws -> [Actor] {
        let actor = try require(.readDirectory, by: actorID)
        var all = try directory.actors()
        // Addresses are personal: only those who keep the directory see others'.
        let seesAddresses = try publishedRoleKinds().kinds(of: actor.roles).contains(.administrator)
        if !seesAddresses {
            for index in all.indices where all[index].id != actor.id { all[index].email = nil }
        }
        guard try actsOnlyForOrganisation(actor) else { return all }
        return all.filter { $0.organisation != nil && $0.organisation == actor.organisation }
    }

    /// The conflict-of-interest declarations, optionally of one organisation, for staff.
    ///
    /// - Throws: ``CaseRefusal`` `access.conflicts.read`, or ``StoreError``.
    public func conflicts(organisation: String? = nil, as actorID: String) throws -> [ConflictDeclaration] {
        try require(.readConflicts, by: actorID)
        return try directory.conflicts(organisation: organisation)
    }
}

import AccreditEngine
import EvidenceStore

extension CaseDesk {
    /// Registers an organisation; only the secretariat may.
    ///
    /// - Throws: ``CaseRefusal`` `access.secretariat`, or ``StoreError``.
    public func registerOrganisation(_ organisation: Organisation, by actorID: String) throws {
        try requireSecretariat(actorID, to: "register organisations")
        try directory.register(organisation)
    }

    /// Adds an actor; only the secretariat may, except that on an installation without a secretariat the first
    /// secretariat member may add themselves (bootstrap).
    ///
    /// - Throws: ``CaseRefusal`` `access.secretariat`, ``CaseServiceError`` `.noSecretariat` before the first
    ///   secretariat member exists, or ``StoreError``.
    public func addActor(_ actor: Actor, by actorID: String) throws {
        let hasSecretariat = try directory.actors().contains { $0.roles.contains("secretariat") }
        if !hasSecretariat && actor.id == actorID && actor.roles.contains("secretariat") {
            try directory.add(actor)
            return
        }
        guard hasSecretariat else {
            throw CaseServiceError.refused(
                .noSecretariat, rule: "access.secretariat",
                message: "there is no secretariat yet: add the first secretariat member as themselves")
        }
        try requireSecretariat(actorID, to: "add actors")
        try directory.add(actor)
    }

    /// Records a conflict-of-interest declaration, made by the conflicted person or the secretariat.
    ///
    /// - Throws: ``CaseRefusal`` `access.conflict-declaration`, or ``StoreError``.
    public func declareConflict(_ conflict: ConflictDeclaration, by actorID: String) throws {
        let actor = try authorisedActor(actorID)
        guard actor.id == conflict.actor || actor.roles.contains("secretariat") else {
            throw CaseRefusal(
                rule: "access.conflict-declaration",
                message:
                    "\(actorID) may not declare a conflict for \(conflict.actor): people declare their own, or the secretariat records it"
            )
        }
        try directory.declare(conflict)
    }

    private func requireSecretariat(_ actorID: String, to action: String) throws {
        let actor = try authorisedActor(actorID)
        guard actor.roles.contains("secretariat") else {
            throw CaseRefusal(
                rule: "access.secretariat", message: "\(actorID) may not \(action): only the secretariat may")
        }
    }
}

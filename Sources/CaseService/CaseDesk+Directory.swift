import AccreditEngine
import EvidenceStore
import Mail

extension CaseDesk {
    /// Registers an organisation; only administrators may.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write`, or ``StoreError``.
    public func registerOrganisation(_ organisation: Organisation, by actorID: String) throws {
        try require(.writeDirectory, by: actorID)
        try directory.register(organisation)
    }

    /// Adds an actor; only administrators may, except that on an installation without one the first administrator
    /// may add themselves (bootstrap). Every role must be declared by a published workflow, `system` is nobody's,
    /// and an actor holding an organisation role must name their organisation.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write` or `directory.role`, ``CaseServiceError``
    ///   `.noSecretariat` before the first administrator exists, or ``StoreError``.
    public func addActor(_ actor: Actor, by actorID: String) throws {
        defer { verifiedActor = nil }
        let roleKinds = try publishedRoleKinds()
        let administrators = roleKinds.roles(withAnyOf: [.administrator])
        let hasAdministrator = try directory.actors().contains { !$0.roles.isDisjoint(with: administrators) }
        // Who may add people is checked before what they entered, so that a refusal does not list the roles.
        if hasAdministrator { try require(.writeDirectory, by: actorID) }
        try checkRoles(of: actor, against: roleKinds)
        if let email = actor.email, let problem = MailAddress.problem(email) {
            throw StoreError(code: .invalid, message: "the e-mail address \(problem)")
        }
        if !hasAdministrator && actor.id == actorID && roleKinds.kinds(of: actor.roles).contains(.administrator) {
            try directory.add(actor, recordedBy: actorID)
            return
        }
        guard hasAdministrator else {
            throw CaseServiceError.refused(
                .noSecretariat, rule: "access.directory.write",
                message: "there is no administrator yet: add the first one (a role of kind administrator: "
                    + "\(administrators.joined(separator: ", "))) as themselves")
        }
        try directory.add(actor, recordedBy: actorID)
    }

    /// Refuses roles no published workflow declares, the `system` role or id, and an organisation role without an
    /// organisation.
    private func checkRoles(of actor: Actor, against roleKinds: RoleKinds) throws {
        if actor.id == WorkflowExtension.systemRole || actor.roles.contains(WorkflowExtension.systemRole) {
            throw CaseRefusal(
                rule: "directory.role", message: "system is the engine itself and cannot be given to a person")
        }
        let undeclared = actor.roles.filter { !roleKinds.isDeclared($0) }.sorted()
        guard undeclared.isEmpty else {
            let known = roleKinds.kinds.keys.filter { $0 != WorkflowExtension.systemRole }.sorted()
            throw CaseRefusal(
                rule: "directory.role",
                message: "no published workflow declares the role \(undeclared.joined(separator: ", ")); "
                    + (known.isEmpty
                        ? "no workflow is published yet, so no role is known: publish the definitions first"
                        : "use one of \(known.joined(separator: ", ")), or publish a workflow that declares it"))
        }
        if roleKinds.kinds(of: actor.roles).contains(.organisation), actor.organisation == nil {
            throw CaseRefusal(
                rule: "directory.organisation",
                message: "\(actor.id) holds a role that represents an organisation "
                    + "(\(actor.roles.sorted().joined(separator: ", "))): name the organisation they act for")
        }
    }

    /// Records a conflict-of-interest declaration, made by the conflicted person or the secretariat.
    ///
    /// - Throws: ``CaseRefusal`` `access.conflict-declaration`, ``StoreError`` `.actorNotFound` for a conflicted
    ///   actor who is not registered (checked after the refusal), or another ``StoreError``.
    public func declareConflict(_ conflict: ConflictDeclaration, by actorID: String) throws {
        let actor = try authorisedActor(actorID)
        let kinds = try publishedRoleKinds().kinds(of: actor.roles)
        let administers = kinds.contains(.administrator)
        // Conflicts are the accrediting body's staff's: organisations are never conflict-checked.
        guard !kinds.isDisjoint(with: RoleKind.staff) else {
            throw CaseRefusal(
                rule: "access.conflict-declaration",
                message: "\(actorID) holds no staff role; conflicts of interest are declared by the accrediting "
                    + "body's staff")
        }
        guard actor.id == conflict.actor || administers else {
            throw CaseRefusal(
                rule: "access.conflict-declaration",
                message:
                    "\(actorID) may not declare a conflict for \(conflict.actor): people declare their own, or an administrator records it"
            )
        }
        // Only now, so that a refused caller cannot learn which actor ids exist.
        _ = try directory.actor(conflict.actor)
        try directory.declare(conflict)
    }
}

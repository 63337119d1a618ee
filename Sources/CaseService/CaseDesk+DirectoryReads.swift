import AccreditEngine
import EvidenceStore

extension CaseDesk {
    /// The registered organisations, for a reader of the directory.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, or ``StoreError``.
    public func organisations(as actorID: String) throws -> [Organisation] {
        try require(.readDirectory, by: actorID)
        return try directory.organisations()
    }

    /// One registered organisation, for a reader of the directory.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, ``CaseServiceError`` `.organisationNotFound`, or
    ///   ``StoreError``.
    public func organisation(_ id: String, as actorID: String) throws -> Organisation {
        guard let organisation = try organisations(as: actorID).first(where: { $0.id == id }) else {
            throw CaseServiceError(code: .organisationNotFound, message: "organisation \(id) is not registered")
        }
        return organisation
    }

    /// The registered actors with their roles and bindings, for a reader of the directory.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, or ``StoreError``.
    public func actors(as actorID: String) throws -> [Actor] {
        try require(.readDirectory, by: actorID)
        return try directory.actors()
    }

    /// The conflict-of-interest declarations, optionally of one organisation, for staff.
    ///
    /// - Throws: ``CaseRefusal`` `access.conflicts.read`, or ``StoreError``.
    public func conflicts(organisation: String? = nil, as actorID: String) throws -> [ConflictDeclaration] {
        try require(.readConflicts, by: actorID)
        return try directory.conflicts(organisation: organisation)
    }
}

import AccreditEngine
import EvidenceStore
import Statecharts

/// A note someone sent with an event (`{"note": "…"}` in its data): the findings of a visit, a corrective action,
/// an appeal's grounds, why something was returned.
public struct CaseNote: Hashable, Sendable {
    /// The event's position in the case log.
    public var seq: Int64
    /// The event.
    public var event: String
    /// Who sent it.
    public var actor: String
    /// When.
    public var occurredAt: Instant
    /// The note.
    public var text: String
    /// Whether the organisation reads it (theirs, or a staff note marked for them); otherwise only staff do.
    public var forOrganisation = false
}

extension CaseDesk {
    /// The longest note an event may carry, in characters.
    public static let maximumNoteLength = 4_000

    /// The `noteFor` value that shows a staff member's note to the organisation too; any other (or none) keeps it
    /// among the accrediting body's staff.
    public static let noteForEveryone = "organisation"

    /// Refuses a `note` in event data that is not text of at most ``maximumNoteLength`` characters (counted as
    /// Unicode scalars, so combining marks count), or a `noteFor` that is not text.
    ///
    /// - Throws: ``StoreError`` `.invalid`.
    static func checkNote(in data: Value, caseID: String) throws {
        if let note = data["note"] {
            guard case .string(let text) = note, text.unicodeScalars.count <= maximumNoteLength else {
                throw StoreError(
                    code: .invalid,
                    message: "\"note\" must be text of at most \(maximumNoteLength) characters; put longer material "
                        + "in an evidence file", caseID: caseID)
            }
        }
        if let audience = data["noteFor"] {
            guard case .string = audience else {
                throw StoreError(code: .invalid, message: "\"noteFor\" must be text", caseID: caseID)
            }
        }
    }

    /// The notes sent with a case's events, oldest first, for someone who may read the case's record. Someone who
    /// acts for the organisation reads their organisation's own notes and the staff's notes marked for them
    /// (`noteFor` ``noteForEveryone``), never the rest: a recommendation's reasons, a conflict's, an assessor's
    /// working notes.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation`, or ``StoreError`` (`.notFound` for an unknown case).
    public func notes(of caseID: String, for actorID: String) throws -> [CaseNote] {
        let reader = try requireRead(of: caseID, by: actorID)
        let organisationOnly = try actsOnlyForOrganisation(reader)
        let own = Set(
            organisationOnly ? try directory.actors().filter { $0.organisation == reader.organisation }.map(\.id) : [])
        return try log.events(of: caseID, withMember: "note").compactMap { stored in
            let envelope = stored.envelope
            guard case .string(let text)? = envelope.payload["note"], !text.isEmpty else { return nil }
            if organisationOnly, !own.contains(envelope.actor), !Self.isForEveryone(envelope.payload) { return nil }
            return CaseNote(
                seq: envelope.seq, event: envelope.type, actor: envelope.actor, occurredAt: envelope.occurredAt,
                text: text, forOrganisation: own.contains(envelope.actor) || Self.isForEveryone(envelope.payload))
        }
    }

    /// Whether event data marks its note for the organisation as well as the staff.
    static func isForEveryone(_ data: Value) -> Bool {
        guard case .string(let audience)? = data["noteFor"] else { return false }
        return audience == noteForEveryone
    }
}

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
}

extension CaseDesk {
    /// The longest note an event may carry, in characters.
    public static let maximumNoteLength = 4_000

    /// The notes sent with a case's events, oldest first, for someone who may read the case's record.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation`, or ``StoreError`` (`.notFound` for an unknown case).
    public func notes(of caseID: String, for actorID: String) throws -> [CaseNote] {
        try requireRead(of: caseID, by: actorID)
        return try log.events(of: caseID, withMember: "note").compactMap { stored in
            let envelope = stored.envelope
            guard case .string(let text)? = envelope.payload["note"], !text.isEmpty else { return nil }
            return CaseNote(
                seq: envelope.seq, event: envelope.type, actor: envelope.actor, occurredAt: envelope.occurredAt,
                text: text)
        }
    }
}

import EvidenceStore
import Statecharts

/// How organisations, actors and conflict-of-interest declarations look in the API (and in the command-line tool's
/// `--json`).
public enum DirectoryViews {
    /// An organisation: `{id, name, ods}` (`ods` null when it has no ODS code).
    public static func organisation(_ organisation: Organisation) -> Value {
        [
            "id": .string(organisation.id), "name": .string(organisation.name),
            "ods": organisation.odsCode.map(Value.string) ?? .null,
        ]
    }

    /// An actor with their bindings: `{id, name, roles, organisation, dbLogin}` (roles sorted).
    public static func actor(_ actor: EvidenceStore.Actor) -> Value {
        [
            "id": .string(actor.id), "name": .string(actor.name),
            "roles": .array(actor.roles.sorted().map(Value.string)),
            "organisation": actor.organisation.map(Value.string) ?? .null,
            "dbLogin": actor.databaseLogin.map(Value.string) ?? .null,
            "email": actor.email.map(Value.string) ?? .null,
        ]
    }

    /// A declaration: `{actor, organisation, from, until, reason}`, with the days as `YYYY-MM-DD` (`until` null
    /// while it lasts).
    public static func conflict(_ conflict: ConflictDeclaration) -> Value {
        [
            "actor": .string(conflict.actor), "organisation": .string(conflict.organisation),
            "from": .string(day(conflict.from)), "until": conflict.until.map { .string(day($0)) } ?? .null,
            "reason": .string(conflict.reason),
        ]
    }

    /// A competence record: `{actor, framework, foundations, trainedOn, validUntil, recordedBy, recordedAt, note}`.
    public static func competence(_ competence: Competence) -> Value {
        [
            "actor": .string(competence.actor), "framework": .string(competence.framework),
            "foundations": .array(competence.foundations.map(Value.string)),
            "trainedOn": .string(day(competence.trainedOn)), "validUntil": .string(day(competence.validUntil)),
            "recordedBy": .string(competence.recordedBy),
            "recordedAt": competence.recordedAt.map { .string($0.iso8601) } ?? .null,
            "note": competence.note.map(Value.string) ?? .null,
        ]
    }

    /// The date part of an instant: `2026-03-01`.
    public static func day(_ instant: Instant) -> String {
        String(instant.iso8601.prefix(10))
    }

    /// Parses a day `2026-03-01` (midnight UTC) or any ISO 8601 instant.
    public static func instant(_ text: String) -> Instant? {
        text.count == 10 ? Instant(iso8601: text + "T00:00:00Z") : Instant(iso8601: text)
    }
}

import EvidenceStore
import Statecharts

/// How tokens, actors and the authentication log look in the API.
public enum IdentityViews {
    /// A token without its secret: `{id, actor, name, createdBy, createdAt, expiresAt, lastUsedAt, revokedAt,
    /// revokedBy}`.
    public static func token(_ record: AccessTokenRecord) -> Value {
        [
            "id": .string(record.id), "actor": .string(record.actorID), "name": .string(record.name),
            "createdBy": .string(record.createdBy), "createdAt": .string(record.createdAt.iso8601),
            "expiresAt": .string(record.expiresAt.iso8601),
            "lastUsedAt": record.lastUsedAt.map { .string($0.iso8601) } ?? .null,
            "revokedAt": record.revokedAt.map { .string($0.iso8601) } ?? .null,
            "revokedBy": record.revokedBy.map(Value.string) ?? .null,
        ]
    }

    /// An actor: `{actor, name, roles, organisation}`.
    public static func actor(_ actor: Actor) -> Value {
        [
            "actor": .string(actor.id), "name": .string(actor.name),
            "roles": .array(actor.roles.sorted().map(Value.string)),
            "organisation": actor.organisation.map(Value.string) ?? .null,
        ]
    }

    /// A line of the authentication log.
    public static func authEvent(_ event: AuthEvent) -> Value {
        [
            "seq": .integer(event.seq), "at": .string(event.at.iso8601), "kind": .string(event.kind),
            "actor": event.actorID.map(Value.string) ?? .null, "subject": event.subject.map(Value.string) ?? .null,
            "credential": event.credential.map(Value.string) ?? .null,
            "remote": event.remote.map(Value.string) ?? .null, "detail": event.detail.map(Value.string) ?? .null,
        ]
    }
}

import AccreditEngine
import EvidenceStore
import Statecharts

/// How a publication looks in the API.
public enum DefinitionViews {
    /// What publishing did: `{kind, name, version, sha256, new}`; `new` is false when the same content was already
    /// published under that version.
    public static func published(_ kind: DefinitionKind, _ identity: DefinitionIdentity, isNew: Bool) -> Value {
        [
            "kind": .string(kind.rawValue), "name": .string(identity.name), "version": .string(identity.version),
            "sha256": .string(identity.sha256), "new": .bool(isNew),
        ]
    }
}

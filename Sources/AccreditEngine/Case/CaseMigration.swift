import Statecharts

/// A case's move from one workflow version to another, as its `case.migrate` event records it: the versions before
/// and after (each with the SHA-256 of its published source) and the states the new version renamed.
///
/// The move is made only when the new version takes every event already stored to the same states (renamed so),
/// deadlines and record; from it on, the whole log folds under the new version, and the event is where an audit
/// starts folding the events before it under the old one as well.
public struct CaseMigration: Hashable, Sendable {
    /// A published workflow version, as a migration names it: its name, version and the SHA-256 of its source.
    public typealias Version = DefinitionIdentity

    /// The event name a migration is recorded under; no person sends it, and a workflow's own event of that name is
    /// never one.
    public static let event = "case.migrate"

    /// The version the case ran under before.
    public var from: Version
    /// The version it runs under after.
    public var to: Version
    /// The states the new version renamed (old id to new id).
    public var states: [String: String]

    /// Creates a migration.
    public init(from: Version, to: Version, states: [String: String]) {
        self.from = from
        self.to = to
        self.states = states
    }

    /// The event data that records it.
    public var payload: Value {
        [
            "from": Self.value(from), "to": Self.value(to),
            "states": .object(states.mapValues { .string($0) }),
        ]
    }

    /// Reads a recorded migration; nil when the data is not one (a member missing or extra, a hash that is not
    /// SHA-256 hex, a state mapped to something other than a name, or the same version on both sides).
    public init?(payload: Value) {
        guard case .object(let fields) = payload, fields.count == 3, let from = Self.version(fields["from"]),
            let to = Self.version(fields["to"]), from != to, case .object(let mapped)? = fields["states"]
        else { return nil }
        var states: [String: String] = [:]
        for (old, new) in mapped {
            guard case .string(let name) = new, !name.isEmpty, !old.isEmpty else { return nil }
            states[old] = name
        }
        self.init(from: from, to: to, states: states)
    }

    /// Whether a stored event records a migration (sent by a person: a deadline the system delivers under this
    /// name is the workflow's own event).
    public static func isMigration(_ envelope: EventEnvelope) -> Bool {
        envelope.type == event && CaseCommand.timerID(actor: envelope.actor, data: envelope.payload) == nil
    }

    private static func value(_ version: Version) -> Value {
        ["name": .string(version.name), "version": .string(version.version), "sha256": .string(version.sha256)]
    }

    /// A version as recorded: exactly a name, a version and 64 lowercase hex digits.
    private static func version(_ value: Value?) -> Version? {
        guard case .object(let fields)? = value, fields.count == 3, case .string(let name)? = fields["name"],
            case .string(let version)? = fields["version"], case .string(let sha256)? = fields["sha256"],
            !name.isEmpty, !version.isEmpty, sha256.count == 64,
            sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        return Version(name: name, version: version, sha256: sha256)
    }
}

extension CaseMigration {
    /// Why a list of renamed states cannot be read.
    public enum RenamingError: Error, Hashable, Sendable {
        /// An entry that is not `old=new` with both ids given.
        case malformed(String)
        /// A state renamed twice.
        case twice(String)
    }

    /// The renamed states written `old=new` (one entry each; spaces around either id are ignored), old id to new id.
    ///
    /// - Throws: ``RenamingError`` for an entry that is not `old=new`, or a state named twice.
    public static func renamedStates(_ entries: [String]) throws(RenamingError) -> [String: String] {
        var states: [String: String] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .malformed(entry) }
            guard states[parts[0]] == nil else { throw .twice(parts[0]) }
            states[parts[0]] = parts[1]
        }
        return states
    }
}

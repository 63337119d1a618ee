import AccreditEngine
import EvidenceStore
import Statecharts

/// How far a replay goes.
public enum ReplayLimit: Hashable, Sendable {
    /// Every stored event.
    case all
    /// Events up to and including this seq.
    case through(Int64)
    /// Events that occurred at or before this time.
    case asAt(Instant)
}

/// One macrostep of a replay: the event and the configuration it led to.
public struct ReplayStep: Hashable, Sendable {
    /// The event's seq.
    public var seq: Int64
    /// The event name.
    public var event: String
    /// Who sent it.
    public var actor: String
    /// When it happened.
    public var occurredAt: Instant
    /// The active states after it, in document order.
    public var configuration: [String]
}

/// A case replayed from its stored events through its pinned definitions.
public struct ReplayResult {
    /// The stored head and projection.
    public var head: CaseHead
    /// The pinned definitions (from the database).
    public var definitions: CaseDefinitions
    /// The state after the last replayed event.
    public var state: CaseState
    /// Every macrostep replayed.
    public var steps: [ReplayStep]
    /// The seq of the last replayed event (0 when none).
    public var throughSeq: Int64 {
        steps.last?.seq ?? 0
    }
    /// The replayed state as an open case (to show it like a loaded one).
    public var open: OpenCase { OpenCase(head: head, definitions: definitions, state: state) }
    /// Whether the replay stopped before the last stored event.
    public var isTruncated: Bool { throughSeq < head.version }
    /// How the full replay differs from the stored projection (empty when it matches or when truncated).
    public var projectionDifferences: [String] {
        guard !isTruncated else { return [] }
        let stored = head.projection
        var differences: [String] = []
        if stored.status != state.status {
            differences.append("status: replay gives \(state.status), stored \(stored.status)")
        }
        if stored.configuration != state.snapshot.configuration {
            differences.append(
                "configuration: replay gives [\(state.snapshot.configuration.joined(separator: " "))], stored "
                    + "[\(stored.configuration.joined(separator: " "))]")
        }
        if stored.deadlines != state.deadlines {
            differences.append(
                "deadlines: replay gives \(CanonicalJSON.encode(state.deadlines)), stored "
                    + CanonicalJSON.encode(stored.deadlines))
        }
        return differences
    }
}

/// What replaying a case under another workflow version found.
public struct MigrationCheck: Hashable, Sendable {
    /// The first event the new version rejects or handles differently, if any.
    public struct Difference: Hashable, Sendable {
        /// The event's seq.
        public var seq: Int64
        /// The event name.
        public var event: String
        /// The configuration the pinned version gives after it.
        public var pinnedConfiguration: [String]
        /// The configuration the new version gives after it (nil when it rejects the event).
        public var newConfiguration: [String]?
        /// Why the new version rejected it, when it did.
        public var refusal: CaseRefusal?
        /// The pending deadlines (`event@time`) each version gives after it, when the states are the same but the
        /// deadlines are not.
        public var deadlines: (pinned: [String], new: [String])?
        /// Whether the states and deadlines are the same but the new version records the event otherwise (another
        /// `acc:action`, award, appeal or scope declaration), assigns its datamodel otherwise, or its history states
        /// would restore other states.
        public var recordDiffers = false

        /// Creates a difference.
        public init(
            seq: Int64, event: String, pinnedConfiguration: [String], newConfiguration: [String]?,
            refusal: CaseRefusal?, deadlines: (pinned: [String], new: [String])? = nil
        ) {
            self.seq = seq
            self.event = event
            self.pinnedConfiguration = pinnedConfiguration
            self.newConfiguration = newConfiguration
            self.refusal = refusal
            self.deadlines = deadlines
        }

        /// Compares every part.
        public static func == (lhs: Difference, rhs: Difference) -> Bool {
            lhs.seq == rhs.seq && lhs.event == rhs.event && lhs.pinnedConfiguration == rhs.pinnedConfiguration
                && lhs.newConfiguration == rhs.newConfiguration && lhs.refusal == rhs.refusal
                && lhs.deadlines?.pinned == rhs.deadlines?.pinned && lhs.deadlines?.new == rhs.deadlines?.new
                && lhs.recordDiffers == rhs.recordDiffers
        }

        /// Hashes the event and its configurations.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(seq)
            hasher.combine(event)
            hasher.combine(pinnedConfiguration)
            hasher.combine(newConfiguration)
        }
    }

    /// The first difference, or nil when every event is handled the same way.
    public var firstDifference: Difference?
    /// States of the pinned workflow that the new version does not have and the mapping does not rename.
    public var removedStates: [String]
    /// The number of events replayed under both versions.
    public var eventsCompared: Int
    /// The renamed states the check applied (old id to new id).
    public var mappedStates: [String: String] = [:]

    /// Whether the case can move to the new version: every event handled alike, no state left without a name.
    public var isCompatible: Bool { firstDifference == nil && removedStates.isEmpty }
}

extension CaseDesk {
    /// Replays a case's stored events through the workflow and framework it pinned (loaded from the database, never
    /// from files), stopping at a limit.
    ///
    /// - Throws: ``StoreError`` `.caseNotFound`, or ``CaseServiceError`` `.replayFailed` when a stored event no longer folds.
    public func replay(_ caseID: String, limit: ReplayLimit = .all) throws -> ReplayResult {
        let head = try log.head(of: caseID)
        let definitions = try self.definitions(workflow: head.workflow, framework: head.framework)
        var state = definitions.machine.open(caseID: caseID, at: head.openedAt)
        var steps: [ReplayStep] = []
        let through: Int64
        if case .through(let seq) = limit { through = min(seq, head.version) } else { through = head.version }
        for event in try log.events(of: caseID, through: through) {
            let envelope = event.envelope
            if case .asAt(let time) = limit, envelope.occurredAt > time { break }
            if case .failure(let refusal) = definitions.machine.fold(envelope, into: &state) {
                throw CaseServiceError.replayFailed(caseID, seq: envelope.seq, refusal: refusal)
            }
            steps.append(
                ReplayStep(
                    seq: envelope.seq, event: envelope.type, actor: envelope.actor, occurredAt: envelope.occurredAt,
                    configuration: state.snapshot.configuration))
        }
        return ReplayResult(head: head, definitions: definitions, state: state, steps: steps)
    }

    /// Replays a case under its pinned workflow and, side by side, under another workflow document (same
    /// framework): the first event the new one rejects or leads to a different configuration, and the pinned
    /// workflow's states the new one lacks. `states` maps states the new version renamed (old id to new id): a
    /// configuration is the same when the pinned one, renamed so, has the same states as the new one.
    ///
    /// - Throws: ``DocumentError`` when the new workflow cannot be compiled, ``CaseRefusal`` `migration.mapping` for
    ///   a mapping that names a state the pinned workflow lacks, maps a state the new one still has, or maps to a
    ///   state the new one lacks, ``StoreError``, or ``CaseServiceError`` `.replayFailed` when the stored events do
    ///   not even replay under the pinned version.
    public func migrationCheck(_ caseID: String, workflow: Document, states: [String: String] = [:]) throws
        -> MigrationCheck
    {
        let head = try log.head(of: caseID)
        let definitions = try self.definitions(workflow: head.workflow, framework: head.framework)
        let candidate = try CaseMachine(document: workflow, framework: definitions.machine.framework)
        return try Self.compare(
            head: head, events: log.events(of: caseID, through: head.version).lazy.map(\.envelope),
            pinned: definitions.machine, candidate: candidate, states: states
        ).check
    }

    /// Checks a mapping of renamed states and folds a case's events under its pinned version and a candidate.
    ///
    /// - Throws: ``CaseRefusal`` `migration.mapping`, or ``CaseServiceError`` `.replayFailed` when the pinned version
    ///   itself refuses a stored event.
    static func compare(
        head: CaseHead, events: some Sequence<EventEnvelope>, pinned: CaseMachine, candidate: CaseMachine,
        states: [String: String]
    ) throws -> MigrationComparison.Outcome {
        try checkMapping(
            states, pinned: Set(MigrationComparison.stateIDs(pinned.document.children)),
            new: Set(MigrationComparison.stateIDs(candidate.document.children)))
        let comparison = MigrationComparison(pinned: pinned, candidate: candidate, states: states)
        switch comparison.run(caseID: head.caseID, openedAt: head.openedAt, events: events) {
        case .success(let outcome): return outcome
        case .failure(let refused):
            throw CaseServiceError.replayFailed(head.caseID, seq: refused.seq, refusal: refused.refusal)
        }
    }

    /// Refuses a mapping of renamed states that cannot be one: each old id a state of the pinned workflow that the
    /// new one no longer has, each new id a state of the new one that the pinned one does not have, no two old
    /// states onto one new (so that the renaming, with every other state kept, is one to one).
    static func checkMapping(_ states: [String: String], pinned: Set<String>, new: Set<String>) throws {
        for (old, renamed) in states.sorted(by: { $0.key < $1.key }) {
            let problem: String? =
                if !pinned.contains(old) {
                    "the pinned workflow has no state \(old)"
                } else if new.contains(old) {
                    "the new workflow still has the state \(old): map only states it renamed"
                } else if !new.contains(renamed) {
                    "the new workflow has no state \(renamed) for \(old) to become"
                } else if pinned.contains(renamed) {
                    "\(renamed) is already a state of the pinned workflow: \(old) would merge into it, which a "
                        + "renaming cannot do"
                } else {
                    nil
                }
            if let problem { throw CaseRefusal(rule: "migration.mapping", message: problem) }
        }
        let targets = Dictionary(grouping: states, by: \.value).filter { $0.value.count > 1 }
        if let (target, sources) = targets.min(by: { $0.key < $1.key }) {
            throw CaseRefusal(
                rule: "migration.mapping",
                message: "\(sources.map(\.key).sorted().joined(separator: " and ")) would all become \(target): a "
                    + "renaming maps one state to one state")
        }
    }
}

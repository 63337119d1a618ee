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
        let pinned = definitions.machine
        let candidate = try CaseMachine(document: workflow, framework: pinned.framework)
        let newStates = Set(Self.stateIDs(workflow.children))
        let pinnedStates = Self.stateIDs(pinned.document.children)
        try Self.checkMapping(states, pinned: Set(pinnedStates), new: newStates)
        let removed = pinnedStates.filter { !newStates.contains($0) && states[$0] == nil }
        func renamed(_ configuration: [String]) -> Set<String> { Set(configuration.map { states[$0] ?? $0 }) }
        var old = pinned.open(caseID: caseID, at: head.openedAt)
        var new = candidate.open(caseID: caseID, at: head.openedAt)
        var compared = 0
        for event in try log.events(of: caseID, through: head.version) {
            let envelope = event.envelope
            switch pinned.apply(envelope, to: old) {
            case .success(let (next, _)): old = next
            case .failure(let refusal): throw CaseServiceError.replayFailed(caseID, seq: envelope.seq, refusal: refusal)
            }
            compared += 1
            switch candidate.apply(envelope, to: new) {
            case .failure(let refusal):
                return MigrationCheck(
                    firstDifference: MigrationCheck.Difference(
                        seq: envelope.seq, event: envelope.type, pinnedConfiguration: old.snapshot.configuration,
                        newConfiguration: nil, refusal: refusal), removedStates: removed, eventsCompared: compared,
                    mappedStates: states)
            case .success(let (next, _)):
                new = next
                let (oldDeadlines, newDeadlines) = (Self.deadlines(old), Self.deadlines(new))
                if Set(new.snapshot.configuration) == renamed(old.snapshot.configuration), oldDeadlines != newDeadlines
                {
                    // The same states, but a deadline set for another time (or none): a running case's dates would
                    // move under it.
                    return MigrationCheck(
                        firstDifference: MigrationCheck.Difference(
                            seq: envelope.seq, event: envelope.type, pinnedConfiguration: old.snapshot.configuration,
                            newConfiguration: new.snapshot.configuration, refusal: nil,
                            deadlines: (oldDeadlines, newDeadlines)),
                        removedStates: removed, eventsCompared: compared, mappedStates: states)
                }
                if Set(new.snapshot.configuration) != renamed(old.snapshot.configuration) {
                    return MigrationCheck(
                        firstDifference: MigrationCheck.Difference(
                            seq: envelope.seq, event: envelope.type, pinnedConfiguration: old.snapshot.configuration,
                            newConfiguration: new.snapshot.configuration, refusal: nil),
                        removedStates: removed, eventsCompared: compared, mappedStates: states)
                }
            }
        }
        return MigrationCheck(
            firstDifference: nil, removedStates: removed, eventsCompared: compared, mappedStates: states)
    }

    /// Refuses a mapping of renamed states that cannot be one: each old id a state of the pinned workflow that the
    /// new one no longer has, each new id a state of the new one, no two old states onto one new.
    static func checkMapping(_ states: [String: String], pinned: Set<String>, new: Set<String>) throws {
        for (old, renamed) in states.sorted(by: { $0.key < $1.key }) {
            let problem: String? =
                if !pinned.contains(old) {
                    "the pinned workflow has no state \(old)"
                } else if new.contains(old) {
                    "the new workflow still has the state \(old): map only states it renamed"
                } else if !new.contains(renamed) {
                    "the new workflow has no state \(renamed) for \(old) to become"
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

    /// A state's pending deadlines as `event@time`, sorted (their ids may differ between versions; what falls due
    /// when may not).
    static func deadlines(_ state: CaseState) -> [String] {
        state.snapshot.pendingTimers.map { "\($0.event.name)@\($0.due.iso8601)" }.sorted()
    }

    /// Every state id under these nodes, in document order.
    static func stateIDs(_ nodes: [StateNode]) -> [String] {
        nodes.flatMap { [$0.id] + stateIDs($0.children) }
    }
}

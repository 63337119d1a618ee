import AccreditEngine
import EvidenceStore
import Statecharts

/// What an audit holds a case's workflow versions to, for the store's replay (``CaseReplay``) and a bundle's
/// (``BundleVerifier``) alike: each event names, in its definition hash, the workflow version in force when it was
/// appended (the one the case was opened with, then each `case.migrate`'s new one); the migrations chain from one
/// version to the next and end at the pinned one; and each migration was allowed, which is to say the events before
/// it fold under the old version to the same states (renamed), deadlines and record as under the new. Pure.
struct MigrationAudit {
    /// The case.
    let caseID: String
    /// When it was opened.
    let openedAt: Instant
    /// The workflow version the case is pinned to.
    let pinned: CaseMigration.Version
    /// The SHA-256 of the pinned framework's source (a migration keeps it).
    let frameworkSHA: String
    /// Loads a version a migration names: its machine, when its source is at hand and hashes to the recorded value.
    let machine: (CaseMigration.Version) -> Result<CaseMachine, MachineUnavailable>

    /// Why a version's machine could not be had.
    struct MachineUnavailable: Error {
        /// In words.
        var reason: String
    }

    /// A migration and the seq of its event.
    struct Recorded {
        /// The event's seq.
        var seq: Int64
        /// What it records.
        var migration: CaseMigration
    }

    /// The migrations the events record, in order (a malformed one is the replay's finding).
    static func migrations(in events: [EventEnvelope]) -> [Recorded] {
        events.compactMap { envelope in
            guard CaseMigration.isMigration(envelope), let migration = CaseMigration(payload: envelope.payload) else {
                return nil
            }
            return Recorded(seq: envelope.seq, migration: migration)
        }
    }

    /// The findings that need no other version's definitions: the chain of versions and each event's definition
    /// hash.
    ///
    /// - Parameter pinnedSince: The store's record of the seq since which the pin holds (nil for a bundle, which has
    ///   none).
    func versionFindings(_ events: [EventEnvelope], pinnedSince: Int64?) -> [AuditFinding] {
        let recorded = Self.migrations(in: events)
        return chainFindings(recorded, pinnedSince: pinnedSince) + hashFindings(events, recorded)
    }

    /// The most moves a case may record: no scheme moves a case more often, and the audit of each is bounded by it.
    static let limit = 50

    /// What the audit asks of the caller at each event a migration's old version was in force for.
    struct Inspection {
        /// Before the event is folded, with that version's machine and state (the sender checks).
        var before: (CaseMachine, EventEnvelope, inout CaseState) -> [AuditFinding] = { _, _, _ in [] }
        /// After it, with the state it gave (the snapshot comparisons).
        var after: (CaseMachine, EventEnvelope, CaseState) -> [AuditFinding] = { _, _, _ in [] }
    }

    /// The findings of folding the events before each migration under its old version and its new: each move's
    /// mapping, workflow and timing must be ones the desk allows, and after every event before it both versions must
    /// be alike (``MigrationComparison/difference(after:old:new:states:)``). Each version's fold runs once through
    /// the log however many moves name it, and moves alike in versions and renaming are compared once, so the work
    /// grows with the events times the versions, not the moves.
    ///
    /// - Parameter inspection: Called for each event before the last move, with the version in force then.
    func comparisonFindings(_ events: [EventEnvelope], inspection: Inspection = Inspection()) -> [AuditFinding] {
        let recorded = Self.migrations(in: events)
        guard let last = recorded.last else { return [] }
        let unchecked =
            "neither the moves nor the senders and snapshots before seq \(last.seq) are checked: the audit is not clean"
        guard recorded.count <= Self.limit else {
            return [
                finding(
                    last.seq, expected: "at most \(Self.limit) moves", actual: "\(recorded.count) moves",
                    "the case records more moves to other workflow versions than any scheme makes; " + unchecked)
            ]
        }
        // Every version a move names, in the order the moves name them (so that findings come in one order).
        var versions: [CaseMigration.Version] = []
        for entry in recorded {
            for version in [entry.migration.from, entry.migration.to] where !versions.contains(version) {
                versions.append(version)
            }
        }
        var findings: [AuditFinding] = []
        var machines: [CaseMigration.Version: CaseMachine] = [:]
        for version in versions {
            switch machine(version) {
            case .success(let loaded): machines[version] = loaded
            case .failure(let unavailable):
                let seq = recorded.first { $0.migration.from == version || $0.migration.to == version }?.seq
                findings.append(
                    finding(
                        seq, expected: "the versions the migration names", actual: unavailable.reason,
                        "the migration cannot be checked; " + unchecked))
            }
        }
        guard findings.isEmpty else { return findings }
        for entry in recorded {
            findings += moveFindings(entry, machines: machines)
        }
        // Moves alike in versions and renaming are compared once per event.
        var pairs: [(from: CaseMigration.Version, to: CaseMigration.Version, states: [String: String], moves: [Int])] =
            []
        for (index, entry) in recorded.enumerated() {
            let migration = entry.migration
            if let at = pairs.firstIndex(where: {
                $0.from == migration.from && $0.to == migration.to && $0.states == migration.states
            }) {
                pairs[at].moves.append(index)
            } else {
                pairs.append((migration.from, migration.to, migration.states, [index]))
            }
        }
        // Each version's state, folded once through the log; a version that refused an event folds no further.
        var states: [CaseMigration.Version: CaseState] = [:]
        for version in versions { states[version] = machines[version]?.open(caseID: caseID, at: openedAt) }
        var refused: Set<CaseMigration.Version> = []
        // The moves already found to differ (or whose old version refused the history), by index.
        var settled: Set<Int> = []
        var segment = 0
        for envelope in events where envelope.seq < last.seq {
            while recorded[segment].seq <= envelope.seq { segment += 1 }
            let inForce = recorded[segment].migration.from
            var refusedNow: [CaseMigration.Version: CaseRefusal] = [:]
            for version in versions where !refused.contains(version) {
                guard let machine = machines[version], var state = states.removeValue(forKey: version) else { continue }
                if version == inForce { findings += inspection.before(machine, envelope, &state) }
                if case .failure(let refusal) = machine.fold(envelope, into: &state) {
                    refused.insert(version)
                    refusedNow[version] = refusal
                    // The store's own replay reports its pinned version's refusal.
                    if version == inForce, version != pinned {
                        findings.append(
                            AuditFinding(
                                caseID: caseID, seq: envelope.seq, kind: .replayRejected,
                                expected: "accepted by \(version.label), in force then", actual: refusal.rule,
                                message: refusal.message))
                    }
                    continue
                }
                if version == inForce { findings += inspection.after(machine, envelope, state) }
                states[version] = state
            }
            for pair in pairs {
                let open = pair.moves.filter { recorded[$0].seq > envelope.seq && !settled.contains($0) }
                guard !open.isEmpty else { continue }
                // A move whose old version refused the history is the earlier move's difference (or the
                // replay's refusal), not this one's.
                if refused.contains(pair.from) {
                    settled.formUnion(open)
                    continue
                }
                guard let old = states[pair.from] else { continue }
                let difference: MigrationCheck.Difference?
                if let refusal = refusedNow[pair.to] {
                    difference = MigrationComparison.refused(envelope, old: old, refusal)
                } else if let new = states[pair.to] {
                    difference = MigrationComparison.difference(
                        after: envelope, old: old, new: new, states: pair.states)
                } else {
                    difference = nil
                }
                guard let difference else { continue }
                settled.formUnion(open)
                findings += open.map { differs(recorded[$0], difference.summary) }
            }
            // A move made once the case had ended: only a running case is moved.
            if let next = recorded.first(where: { $0.seq == envelope.seq + 1 }),
                states[next.migration.from]?.snapshot.isHalted == true
            {
                findings.append(
                    finding(
                        next.seq, expected: "a move of a running case", actual: "a case that had ended",
                        "the case was moved to another workflow version after it ended"))
            }
        }
        return findings
    }

    /// What the desk refuses of a move, checked again: the same workflow, and a mapping of renamed states that is
    /// one to one (``CaseDesk/checkMapping(_:pinned:new:)``).
    private func moveFindings(_ entry: Recorded, machines: [CaseMigration.Version: CaseMachine]) -> [AuditFinding] {
        let migration = entry.migration
        if migration.from.name != migration.to.name {
            return [
                finding(
                    entry.seq, expected: "a move to another version of \(migration.from.name)",
                    actual: "a move to \(migration.to.label)", "a case was moved to another workflow")
            ]
        }
        guard let old = machines[migration.from], let new = machines[migration.to] else { return [] }
        do {
            try CaseDesk.checkMapping(
                migration.states, pinned: Set(MigrationComparison.stateIDs(old.document.children)),
                new: Set(MigrationComparison.stateIDs(new.document.children)))
        } catch let refusal as CaseRefusal {
            return [
                finding(
                    entry.seq, expected: "a renaming of states, one to one", actual: refusal.message,
                    "the move's mapping of renamed states is not one the desk allows")
            ]
        } catch {
            return []
        }
        let removed = MigrationComparison.stateIDs(old.document.children).filter {
            !Set(MigrationComparison.stateIDs(new.document.children)).contains($0) && migration.states[$0] == nil
        }
        guard removed.isEmpty else {
            return [
                finding(
                    entry.seq, expected: "every state of \(migration.from.label) in \(migration.to.label)",
                    actual: "no state \(removed.joined(separator: ", "))",
                    "the case was moved to a version that lacks states of the one before")
            ]
        }
        return []
    }

    private func differs(_ entry: Recorded, _ summary: String) -> AuditFinding {
        finding(
            entry.seq, expected: "a history \(entry.migration.to.label) handles as \(entry.migration.from.label) does",
            actual: summary, "the case was moved to a version that does not handle its history alike")
    }

    /// The versions chain from each migration to the next and end at the pin, which the store says holds since the
    /// last migration.
    private func chainFindings(_ recorded: [Recorded], pinnedSince: Int64?) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        for (previous, next) in zip(recorded, recorded.dropFirst()) where next.migration.from != previous.migration.to {
            findings.append(
                finding(
                    next.seq, expected: "a move from \(Self.describe(previous.migration.to))",
                    actual: "a move from \(Self.describe(next.migration.from))",
                    "the migration starts from another version than the one the case was moved to before"))
        }
        if let last = recorded.last, last.migration.to != pinned {
            findings.append(
                finding(
                    last.seq, expected: "a move to the pinned \(Self.describe(pinned))",
                    actual: "a move to \(Self.describe(last.migration.to))",
                    "the case is pinned to another version than its last migration names"))
        }
        let since = recorded.last?.seq ?? 0
        if let pinnedSince, pinnedSince != since {
            findings.append(
                finding(
                    nil, expected: since == 0 ? "the version the case was opened with" : "pinned since seq \(since)",
                    actual: "pinned since seq \(pinnedSince)",
                    "the store's record of when the case was repinned is not its last migration"))
        }
        return findings
    }

    /// Each event's definition hash names the version in force when it was appended: the first migration's old one
    /// (the pinned one when there is none) until the first migration, then each migration's new one.
    private func hashFindings(_ events: [EventEnvelope], _ recorded: [Recorded]) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        var upcoming = recorded[...]
        var inForce = recorded.first?.migration.from ?? pinned
        var mismatched: (first: EventEnvelope, count: Int, expected: String)?
        func report() {
            guard let run = mismatched else { return }
            findings.append(
                AuditFinding(
                    caseID: caseID, seq: run.first.seq, kind: .definitionSource, expected: run.expected,
                    actual: run.first.definitionHash,
                    message: run.count == 1
                        ? "the event was accepted under other definitions than the version in force then"
                        : "this event and \(run.count - 1) more of the same version were accepted under other "
                            + "definitions than the version in force then"))
            mismatched = nil
        }
        // Hashed once per version in force, not once per event.
        var expected = CaseDefinitions.combinedHash(workflow: inForce.sha256, framework: frameworkSHA)
        for envelope in events {
            if let next = upcoming.first, next.seq == envelope.seq {
                report()
                inForce = next.migration.to
                expected = CaseDefinitions.combinedHash(workflow: inForce.sha256, framework: frameworkSHA)
                upcoming = upcoming.dropFirst()
            }
            guard envelope.definitionHash != expected else { continue }
            if mismatched == nil {
                mismatched = (envelope, 1, "\(expected) (\(inForce.label))")
            } else {
                mismatched?.count += 1
            }
        }
        report()
        return findings
    }

    private func finding(_ seq: Int64?, expected: String, actual: String, _ message: String) -> AuditFinding {
        AuditFinding(
            caseID: caseID, seq: seq, kind: .migrationDiffers, expected: expected, actual: actual, message: message)
    }

    private static func describe(_ version: CaseMigration.Version) -> String {
        "\(version.label) (sha256 \(version.sha256.prefix(12))…)"
    }
}

extension AuditFinding.Kind {
    /// A recorded migration that the versions do not bear out (the history handled otherwise, a chain of versions
    /// broken, a pin no migration explains).
    public static let migrationDiffers = AuditFinding.Kind(rawValue: "migration-differs")
}

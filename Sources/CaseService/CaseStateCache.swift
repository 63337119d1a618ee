import AccreditEngine
import EvidenceStore
import Synchronization

/// Folded case states shared by the desks of one process (the server's pool), so that reading a case is one query
/// for its head instead of reading the latest snapshot and the events after it and folding them.
///
/// An entry is used only when the case's stored head matches it exactly: the same version, the same last event's
/// chain hash and the same pinned definitions. The hash commits to every event before it, so a state found here is
/// the fold of exactly the events the store holds; a case another process appended to simply misses. Audits never
/// use it (``CaseDesk/loadFullReplay(_:)`` folds every event). Bounded: the least recently used case is dropped.
public final class CaseStateCache: Sendable {
    private struct Entry {
        var version: Int64
        var headHash: [UInt8]
        var workflow: DefinitionReference
        var framework: DefinitionReference
        var state: CaseState
        var derived: CaseDerivations
        var used: UInt64
    }

    private struct Contents {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
        var hits: UInt64 = 0
        var misses: UInt64 = 0
    }

    /// The most cases kept.
    public let capacity: Int
    private let contents = Mutex(Contents())

    /// A cache of at most `capacity` cases (at least 1).
    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The folded state for a case at exactly `head`, with what has been worked out from it, if one is kept.
    func state(at head: CaseHead) -> (CaseState, CaseDerivations)? {
        contents.withLock { contents in
            contents.clock += 1
            guard var entry = contents.entries[head.caseID], entry.version == head.version,
                entry.headHash == head.headHash, entry.workflow == head.workflow, entry.framework == head.framework
            else {
                contents.misses += 1
                return nil
            }
            entry.used = contents.clock
            contents.entries[head.caseID] = entry
            contents.hits += 1
            return (entry.state, entry.derived)
        }
    }

    /// Keeps `state` as the fold of a case through the event at `version` whose hash is `headHash`.
    func remember(
        _ state: CaseState, derived: CaseDerivations, of head: CaseHead, version: Int64, headHash: [UInt8]
    ) {
        contents.withLock { contents in
            contents.clock += 1
            if let kept = contents.entries[head.caseID], kept.version > version { return }
            contents.entries[head.caseID] = Entry(
                version: version, headHash: headHash, workflow: head.workflow, framework: head.framework,
                state: state, derived: derived, used: contents.clock)
            if contents.entries.count > capacity,
                let oldest = contents.entries.min(by: { $0.value.used < $1.value.used })?.key
            {
                contents.entries[oldest] = nil
            }
        }
    }

    /// How many loads found their state here and how many did not, and how many cases are kept.
    public var statistics: (hits: UInt64, misses: UInt64, cases: Int) {
        contents.withLock { ($0.hits, $0.misses, $0.entries.count) }
    }
}

/// What is worked out from a folded case state on demand and kept with it (in ``CaseStateCache`` too), so that it
/// is worked out once per version of the case rather than once per read.
final class CaseDerivations: Sendable {
    private let assessment = Mutex<Result<FrameworkAssessment, FrameworkAssessmentError>?>(nil)

    /// The framework assessment of `state`, worked out by `machine` the first time it is asked for.
    func assessment(of state: CaseState, by machine: CaseMachine) throws(FrameworkAssessmentError)
        -> FrameworkAssessment
    {
        let result = assessment.withLock { memo in
            if let memo { return memo }
            let computed = Result { () throws(FrameworkAssessmentError) in try machine.assessment(of: state) }
            memo = computed
            return computed
        }
        return try result.get()
    }
}

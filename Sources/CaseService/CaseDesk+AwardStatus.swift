import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The signed status list of every award certificate the store has issued, at the store's time.
    ///
    /// - Parameter key: The store's current signing key (``signingKey(home:)``).
    /// - Throws: ``StoreError`` on database errors, ``CaseServiceError`` `.replayFailed` for a case that no longer
    ///   replays, ``SigningKeyError`` when signing fails.
    public func awardStatusList(key: SigningKey) throws -> AwardStatusList {
        let time = try now()
        return try AwardStatusList(issuedAt: time, entries: try awardStatusEntries(at: time), key: key.key)
    }

    /// Where every issued award certificate stands at a time, derived from each case's history and its workflow's
    /// declarations (never from state names).
    ///
    /// A certificate is issued by each decision (an event whose action is `decide`), or upheld appeal that
    /// substitutes an outcome (``CaseMachine/recordedOutcome(_:)``), with an outcome the framework declares an award,
    /// after which the case holds an award (`acc:award-states`), or by an approved change to the scope of an award
    /// (``CaseMachine/reissuesCertificate(_:)``); its number is `ACC-<case>-<seq>`. An earlier certificate of a case
    /// is `superseded` by its next. The latest one is:
    /// `expired` once its expiry time (the `acc:award-expiry` timer's due time at the decision) has passed;
    /// `current` while the case holds the award; `suspended` while the case is in an `acc:award-suspended` state;
    /// `withdrawn` while the case is in an `acc:award-withdrawn` state (a withdrawal open to appeal: an upheld appeal
    /// reinstates the award), from when it entered it, and after, once it ends there; or once the case is in a final
    /// state, or the award timer is no longer pending; otherwise `current`
    /// (the case is being re-assessed, say for renewal, and the award stands until it expires).
    ///
    /// - Throws: ``StoreError`` on database errors, ``CaseServiceError`` `.replayFailed` for a case that no longer
    ///   replays.
    public func awardStatusEntries(at time: Instant) throws -> [AwardStatusList.Entry] {
        var decideTypes: Set<String> = []
        for pinned in try log.pinnedDefinitions() {
            let machine = try definitions(workflow: pinned.workflow, framework: pinned.framework).machine
            decideTypes.formUnion(machine.outcomeEvents)
        }
        let decided = Set(try log.events(ofTypes: decideTypes).map(\.envelope.caseID))
        var entries: [AwardStatusList.Entry] = []
        for head in try log.heads() where decided.contains(head.caseID) {
            entries += try awardEntries(of: head, at: time)
        }
        return entries
    }

    /// One case's certificates and where each stands, by replaying its history.
    private func awardEntries(of head: CaseHead, at time: Instant) throws -> [AwardStatusList.Entry] {
        let machine = try definitions(workflow: head.workflow, framework: head.framework).machine
        var state = machine.open(caseID: head.caseID, at: head.openedAt)
        var entries: [AwardStatusList.Entry] = []
        var held = false
        var leftAt: Instant?
        var withdrawnAt: Instant?
        var lastTime = head.openedAt
        for event in try log.events(of: head.caseID) {
            if case .failure(let refusal) = machine.fold(event.envelope, into: &state) {
                throw CaseServiceError.replayFailed(head.caseID, seq: event.envelope.seq, refusal: refusal)
            }
            let envelope = event.envelope
            lastTime = envelope.occurredAt
            let holds = machine.holdsAward(state)
            if held && !holds { leftAt = envelope.occurredAt }
            if holds { leftAt = nil }
            if machine.isAwardWithdrawn(state) {
                if withdrawnAt == nil { withdrawnAt = envelope.occurredAt }
            } else if !state.snapshot.isHalted {
                withdrawnAt = nil
            }
            held = holds
            // Only an event that leaves the case in an award state issues a certificate (an outcome an upheld
            // appeal names while a renewal is decided again issues none).
            guard machine.inAwardState(state), let expiry = machine.awardExpiry(of: state) else { continue }
            let issues: Bool
            if let outcome = machine.recordedOutcome(envelope) {
                issues = machine.framework.outcome(AwardOutcome(rawValue: outcome))?.isAward == true
            } else {
                issues = machine.reissuesCertificate(envelope) && !entries.isEmpty
            }
            guard issues else { continue }
            if let last = entries.indices.last {
                entries[last].status = .superseded
                entries[last].since = envelope.occurredAt
            }
            entries.append(
                AwardStatusList.Entry(
                    number: "ACC-\(head.caseID)-\(envelope.seq)", caseID: head.caseID,
                    organisationID: head.organisationID, status: .current, since: nil, expiresAt: expiry))
        }
        guard let last = entries.indices.last else { return entries }
        let expiresAt = entries[last].expiresAt
        if expiresAt <= time {
            (entries[last].status, entries[last].since) = (.expired, expiresAt)
        } else if held {
            (entries[last].status, entries[last].since) = (.current, nil)
        } else if machine.isAwardSuspended(state) {
            (entries[last].status, entries[last].since) = (.suspended, leftAt)
        } else if let withdrawnAt {
            (entries[last].status, entries[last].since) = (.withdrawn, withdrawnAt)
        } else if state.snapshot.isHalted || machine.awardExpiry(of: state) == nil {
            (entries[last].status, entries[last].since) = (.withdrawn, state.snapshot.isHalted ? lastTime : leftAt)
        }
        return entries
    }
}

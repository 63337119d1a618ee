import AccreditEngine
import EvidenceStore
import Statecharts

/// A case loaded and folded: its head in the store, its pinned definitions and its current state.
public struct OpenCase {
    /// The stored head and projection.
    public var head: CaseHead
    /// The pinned workflow and framework.
    public var definitions: CaseDefinitions
    /// The fold of every event.
    public var state: CaseState {
        didSet { derived = CaseDerivations() }
    }
    /// What has been worked out from `state` (shared with the desk's ``CaseStateCache`` entry).
    var derived: CaseDerivations

    /// A case at `state`.
    public init(head: CaseHead, definitions: CaseDefinitions, state: CaseState) {
        self.init(head: head, definitions: definitions, state: state, derived: CaseDerivations())
    }

    init(head: CaseHead, definitions: CaseDefinitions, state: CaseState, derived: CaseDerivations) {
        self.head = head
        self.definitions = definitions
        self.state = state
        self.derived = derived
    }

    /// The framework assessment of the case as it stands (coverage, scores and the outcome the award rules give),
    /// worked out once per version.
    ///
    /// - Throws: ``FrameworkAssessmentError`` when the award rules cannot decide.
    public func assessment() throws(FrameworkAssessmentError) -> FrameworkAssessment {
        try derived.assessment(of: state, by: definitions.machine)
    }
}

/// What an accepted command appended.
public struct Outcome {
    /// The stored events.
    public var events: [StoredEvent]
    /// The case after them.
    public var state: CaseState
    /// True when the command's request id had already been applied: `events` is what it appended then, and
    /// nothing new was appended now.
    public var repeated = false
    /// Follow-ups (``AppendFollowUp``) that failed after the events committed; the events stand.
    public var followUpFailures: [FollowUpFailure] = []
    /// How many attempts the command took: 1, or more when earlier attempts lost a race to other writers and were
    /// decided again on the case they had changed (``CaseDesk/retryPolicy``).
    public var attempts = 1
}

/// The case service: loads cases from the log, asks the pure case machine, enforces who may act, and appends.
///
/// Every write follows DESIGN.md §3: fold the events, decide, then append with the expected version in one
/// round trip (events, projection, timers and any evidence row together).
public final class CaseDesk {
    /// The largest event payload accepted, as canonical JSON (1 MiB): large material belongs in evidence files.
    public static let maximumPayloadBytes = 1 << 20

    /// The evidence file store.
    public let blobs: BlobStore
    /// The registry of organisations and actors.
    public let directory: DirectoryRecords
    /// The case log.
    public let log: CaseLog
    /// The published workflow and framework versions.
    public let catalog: DefinitionCatalog
    /// Evidence metadata.
    let evidenceRecords: EvidenceRegistry
    /// Signed checkpoints.
    let checkpoints: CheckpointLog
    /// The store's settings and clock.
    public let settings: StoreSettings
    /// The store's registered signing keys.
    let signingKeys: SigningKeyRegistry
    /// Accounts, tokens, invitations, sessions and the authentication log.
    let identity: IdentityRecords
    /// The reminders claimed and sent.
    let reminderLog: ReminderLog
    /// The rules for passwords, lockout and credential lifetimes.
    public var identityPolicy = IdentityPolicy()
    /// How the acting person was established: by the database session (direct mode, where an actor may be bound
    /// to a database login) or by a credential the server verified (the server's one database login acts for all).
    public var authentication = ActorAuthentication.databaseSession
    private var definitionCache: [String: CaseDefinitions] = [:]
    /// The person the server verified for the request in hand (``authenticate(token:remote:)`` or
    /// ``session(cookie:)``): ``authorisedActor(_:)`` takes their record from here instead of reading it again.
    /// Cleared by ``beginRequest()`` and by any change to the directory.
    public internal(set) var verifiedActor: Actor?
    /// Folded states shared with other desks of this process (the server's); nil folds from the store every time.
    public var stateCache: CaseStateCache?
    /// The role kinds of the published workflows, keyed by their hashes (``publishedRoleKinds()``).
    var roleKindCache: (key: String, kinds: RoleKinds)?
    /// Work run after every append commits, in order (automatic checkpoints, award status lists).
    public var followUps: [any AppendFollowUp] = []
    /// How writes that lose a race to another writer are retried (``RetryPolicy/standard`` unless changed).
    public var retryPolicy = RetryPolicy.standard
    /// For tests: runs in every append attempt after the decision and before the append, with the case as loaded
    /// (a test appends through another desk here to make the attempt lose a race).
    var beforeAppend: ((OpenCase) throws -> Void)?
    /// While an attempt runs under the case's lock (``retrying(_:pinned:outcome:_:)``): the cases it appended to,
    /// whose snapshots and follow-ups wait for the commit. Nil otherwise.
    var lockedAppends: [OpenCase]?

    /// Creates a desk over a migrated database and a blob store; the desk keeps only the store's repositories built
    /// on the connection, never the connection itself.
    public init(connection: PostgresConnection, blobs: BlobStore) {
        self.blobs = blobs
        self.directory = DirectoryRecords(connection: connection)
        self.log = CaseLog(connection: connection)
        self.catalog = DefinitionCatalog(connection: connection)
        self.evidenceRecords = EvidenceRegistry(connection: connection)
        self.checkpoints = CheckpointLog(connection: connection)
        self.settings = StoreSettings(connection: connection)
        self.signingKeys = SigningKeyRegistry(connection: connection)
        self.identity = IdentityRecords(connection: connection)
        self.reminderLog = ReminderLog(connection: connection)
    }

    /// Forgets what the previous request established (``verifiedActor``); the server calls this before each
    /// request it hands the desk.
    public func beginRequest() {
        verifiedActor = nil
    }

    /// The store's time, which stamps every event: the database server's clock, or a sandbox's simulated clock.
    ///
    /// - Throws: ``StoreError`` on database errors.
    public func now() throws -> Instant {
        try settings.now()
    }

    /// A publisher of workflow and framework versions into this desk's catalog.
    public var publisher: Publisher { Publisher(catalog: catalog) }

    /// Opens a case for an organisation on published workflow and framework versions, at the store's time.
    ///
    /// An administrator may choose the case's id; the id of a case that an organisation's representative opens is
    /// chosen by the store (``newCaseID()``), because an id the organisation chose would tell it, by being refused as
    /// taken, that another organisation's case has it (rule `access.case-id`).
    ///
    /// - Parameters:
    ///   - caseID: The id, or nil for one the store chooses.
    ///   - framework: The framework version; nil takes the one the workflow declares.
    /// - Throws: ``StoreError`` (unknown organisation or definitions, taken id), ``CaseServiceError``
    ///   `.frameworkUndeclared` when `framework` is nil and the workflow declares none, or ``CaseRefusal``.
    public func openCase(
        _ caseID: String?, organisation: String, workflow: DefinitionReference, framework: DefinitionReference?,
        by actorID: String
    ) throws -> OpenCase {
        try openCase(
            caseID, organisation: organisation, workflow: workflow, framework: framework, by: actorID,
            requestID: nil
        ).open
    }

    /// Opens a case as ``openCase(_:organisation:workflow:framework:by:)`` does, once per request id: with a
    /// request id and no chosen id, the store derives the id from the actor and the request id, so a retry after a
    /// lost answer finds the case it opened (for the same organisation and definitions) instead of opening another.
    ///
    /// - Returns: The case, and whether it was opened by an earlier request with this id.
    /// - Throws: What ``openCase(_:organisation:workflow:framework:by:)`` throws.
    public func openCase(
        _ caseID: String?, organisation: String, workflow: DefinitionReference, framework: DefinitionReference?,
        by actorID: String, requestID: String?
    ) throws -> (open: OpenCase, repeated: Bool) {
        let actor = try authorisedActor(actorID)
        let time = try now()
        let framework = try framework ?? declaredFramework(of: workflow)
        let definitions = try self.definitions(workflow: workflow, framework: framework)
        let kinds = definitions.machine.roleKinds.kinds(of: actor.roles)
        guard kinds.contains(.administrator) || (kinds.contains(.organisation) && actor.organisation == organisation)
        else {
            throw CaseRefusal(
                rule: "access.open-case",
                message: "\(actorID) may not open a case for \(organisation): an administrator may, or someone who "
                    + "represents that organisation")
        }
        if caseID != nil, !kinds.contains(.administrator) {
            // Refused whether or not the id is taken: the answer must not depend on other organisations' cases.
            throw CaseRefusal(
                rule: "access.case-id",
                message: "the store chooses the id of a case that an organisation opens: leave the id out, and the "
                    + "answer names the new case")
        }
        var attempts = 0
        var derived = caseID == nil ? requestID.map { Self.caseID(for: actorID, requestID: $0) } : nil
        while true {
            let id = caseID ?? derived ?? Self.newCaseID()
            let state = definitions.machine.open(caseID: id, at: time)
            do {
                try log.createCase(
                    NewCase(
                        caseID: id, organisationID: organisation, workflow: workflow, framework: framework,
                        openedAt: time),
                    projection: CaseProjection(
                        status: state.status, configuration: state.snapshot.configuration, deadlines: state.deadlines))
                return (try load(id), false)
            } catch let error as StoreError where caseID == nil && error.code == .invalid && attempts < 3 {
                if derived != nil {
                    // Only this actor with this request id derives this id: the case is the one an earlier attempt
                    // opened, if it is for the same organisation and definitions (otherwise a one-in-a-trillion
                    // collision, and a random id follows).
                    let head = try log.head(of: id)
                    if head.organisationID == organisation, head.workflow == workflow, head.framework == framework {
                        return (try load(id), true)
                    }
                    derived = nil
                }
                // A chosen id that happens to be taken (about one chance in a trillion): choose again.
                attempts += 1
            }
        }
    }

    /// The id the store derives for a case an actor opens with a request id: `C-` and ten characters of Crockford's
    /// base32 from a SHA-256 of both, so it tells nothing about the actor or the request to anyone else.
    static func caseID(for actorID: String, requestID: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let digest = Secrets.sha256("accredit-case-id\u{0}\(actorID)\u{0}\(requestID)")
        var bits = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var characters: [Character] = []
        for _ in 0..<10 {
            characters.append(alphabet[Int(bits >> 59)])
            bits <<= 5
        }
        return "C-" + String(characters)
    }

    /// A new case id the store chooses: `C-` and ten characters of Crockford's base32 (50 random bits), which
    /// says nothing about how many cases there are or whose they are.
    public static func newCaseID() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return "C-" + String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Loads and folds a case.
    ///
    /// - Throws: ``StoreError`` `.caseNotFound`, or ``CaseServiceError`` `.replayFailed` when a stored event no
    ///   longer folds (an audit of the case shows why).
    public func load(_ caseID: String) throws -> OpenCase {
        try load(caseID, useSnapshots: true)
    }

    /// Loads a case by replaying every event from the start, ignoring snapshots (for audits).
    ///
    /// - Throws: ``CaseServiceError`` `.replayFailed` naming the first event that does not replay, or ``StoreError``.
    public func loadFullReplay(_ caseID: String) throws -> OpenCase {
        try load(caseID, useSnapshots: false)
    }

    private func load(_ caseID: String, useSnapshots: Bool) throws -> OpenCase {
        let cache = useSnapshots ? stateCache : nil
        var known: CaseHead?
        if let cache {
            let head = try log.head(of: caseID)
            let definitions = try self.definitions(workflow: head.workflow, framework: head.framework)
            if let (state, derived) = cache.state(at: head) {
                return OpenCase(head: head, definitions: definitions, state: state, derived: derived)
            }
            known = head
        }
        let stored = try log.load(caseID, head: known)
        let head = stored.head
        let definitions = try self.definitions(workflow: head.workflow, framework: head.framework)
        var state = definitions.machine.open(caseID: caseID, at: head.openedAt)
        var events = stored.events
        if let snapshot = stored.snapshot {
            if useSnapshots, let restored = definitions.machine.decode(snapshot.value),
                restored.record.version == snapshot.seq
            {
                state = restored
            } else {
                events = try log.events(of: caseID, through: head.version)
            }
        }
        for event in events {
            if case .failure(let refusal) = definitions.machine.fold(event.envelope, into: &state) {
                throw CaseServiceError.replayFailed(caseID, seq: event.envelope.seq, refusal: refusal)
            }
        }
        let open = OpenCase(head: head, definitions: definitions, state: state)
        cache?.remember(state, derived: open.derived, of: head, version: head.version, headHash: head.headHash)
        return open
    }

    /// Sends an event to a case as an actor, at the store's time: checks access and impartiality, asks the
    /// workflow, appends.
    ///
    /// The access check comes first: nothing about the case (not even an earlier request's event) is read for an
    /// actor who may not act on it.
    ///
    /// A write that loses a race (another writer appended after this one loaded the case) is loaded and decided
    /// again, after a short random wait, as ``retryPolicy`` says; the decision on the new state is the re-check, so
    /// a rule that now refuses is thrown as a ``CaseRefusal``. With `expectedVersion` nothing is retried.
    ///
    /// - Parameters:
    ///   - requestID: The client's id for this command, so that a retry (after a crash or a lost reply) is applied
    ///     once: a retry reports the event the first attempt appended, as a ``Outcome/repeated`` outcome.
    ///   - expectedVersion: The version the caller read and decided on, if it pins one: when the case is at
    ///     another version (now, or by the time of the append) the command fails with the current version instead
    ///     of being decided again.
    ///   - extraStatements: Statements to commit with the event (an evidence row); given the seq of the event,
    ///     and called again for each attempt.
    /// - Throws: ``CaseRefusal`` naming the rule, or ``StoreError``: `.conflict` (with
    ///   ``StoreError/actualVersion``) when the case is not at `expectedVersion`, or when every attempt lost a race.
    @discardableResult
    public func fire(
        _ caseID: String, event name: String, data: Value = .null, by actorID: String, requestID: String? = nil,
        expectedVersion: Int64? = nil, extraStatements: (Int64) -> [PostgresStatement] = { _ in [] }
    ) throws -> Outcome {
        try fire(
            caseID, event: name, data: data, by: actorID, requestID: requestID, expectedVersion: expectedVersion,
            extraStatements: extraStatements, recordsEvidence: false)
    }

    /// ``fire(_:event:data:by:requestID:expectedVersion:extraStatements:)``; `recordsEvidence` is true only for the
    /// desk's own evidence operations, which write the evidence row with the event. Anyone else sending an upload,
    /// accept or reject event bare is refused (`evidence.record-required`): an upload event with no file and no
    /// evidence row would be a claim that replay and every checkpoint then refuse to stand behind.
    func fire(
        _ caseID: String, event name: String, data: Value, by actorID: String, requestID: String?,
        expectedVersion: Int64?, extraStatements: (Int64) -> [PostgresStatement], recordsEvidence: Bool
    ) throws -> Outcome {
        try retrying(caseID, pinned: expectedVersion != nil, outcome: \.self) { attempt in
            let (open, time) = try admitted(actorID, to: caseID, event: name)
            if !recordsEvidence, let action = open.definitions.machine.action(of: name),
                [.upload, .accept, .reject, .reuseEvidence].contains(action)
            {
                let how =
                    switch action {
                    case .upload: "upload, with the file"
                    case .reuseEvidence: "reuse"
                    default: action.rawValue
                    }
                throw CaseRefusal(
                    rule: "evidence.record-required",
                    message: "\(name) records evidence (acc:action=\"\(action.rawValue)\"): send it as an evidence "
                        + "\(how), not as a bare event")
            }
            // What the desk fills in (a raised finding's id, a severity's time to respond) is part of the event.
            var completed = open.definitions.machine.completing(data, for: name, in: open.state)
            let action = open.definitions.machine.action(of: name)
            if action == .holdVisit {
                let actor = try authorisedActor(actorID)
                completed = try completingVisit(
                    completed, for: CaseCommand(name: name, data: data, actor: actor.id, roles: actor.roles, at: time),
                    in: open)
            }
            if action == .declareScope || action == .requestScopeChange {
                completed = try completingScope(completed, organisation: open.head.organisationID)
            }
            let completable = [.raiseFinding, .reopenFinding, .holdVisit].contains(action)
            var outcome: Outcome
            if let requestID,
                let earlier = try repeated(
                    requestID, in: open, event: name, by: actorID,
                    matching: {
                        Self.sameData($0, data) || Self.sameData($0, completed)
                            || (completable && Self.completes($0, data))
                    })
            {
                outcome = earlier
            } else {
                if let expectedVersion, open.head.version != expectedVersion {
                    throw StoreError.conflict(caseID: caseID, actual: open.head.version, expected: expectedVersion)
                }
                outcome = try fire(
                    open, event: name, data: completed, by: actorID, at: time, requestID: requestID,
                    extraStatements: extraStatements)
            }
            outcome.attempts = attempt
            return outcome
        }
    }

    /// Loads a case for an actor about to send `event`, after the access checks, with the store's time to act at.
    ///
    /// - Throws: ``CaseRefusal`` from ``authorisedActor(_:)`` or the access checks, ``StoreError``.
    func admitted(_ actorID: String, to caseID: String, event name: String) throws -> (OpenCase, Instant) {
        let actor = try authorisedActor(actorID)
        let open = try load(caseID)
        // Someone who may not read the case learns nothing of it (its state, version or requests): not found.
        try requireReadable(open, by: actor)
        let time = try now()
        try checkAccess(actor, to: open, event: name, at: time)
        return (open, time)
    }

    /// Sends an event to a case already loaded, once; the append expects the loaded version, so a writer that got in
    /// between makes this fail with ``StoreError`` `.conflict` rather than deciding on a state it did not read (the
    /// callers retry it through ``retrying(_:pinned:outcome:_:)``).
    func fire(
        _ open: OpenCase, event name: String, data: Value, by actorID: String, at time: Instant, requestID: String?,
        extraStatements: (Int64) -> [PostgresStatement]
    ) throws -> Outcome {
        let actor = try authorisedActor(actorID)
        try checkAccess(actor, to: open, event: name, at: time)
        let size = CanonicalJSON.encodedBytes(data).count
        guard size <= Self.maximumPayloadBytes else {
            throw StoreError(
                code: .invalid,
                message: "the event data is \(size) bytes of JSON; at most \(Self.maximumPayloadBytes) are accepted. "
                    + "Upload large material as evidence instead",
                caseID: open.head.caseID)
        }
        try Self.checkNote(in: data, caseID: open.head.caseID)
        let command = CaseCommand(name: name, data: data, actor: actor.id, roles: actor.roles, at: time)
        let seq = open.head.version + 1
        var statements = extraStatements(seq)
        statements += try directoryChecks(command, to: open)
        if let requestID {
            statements.append(CaseLog.requestStatement(caseID: open.head.caseID, requestID: requestID, seq: seq))
        }
        do {
            return try append(command, to: open, extraStatements: statements)
        } catch let error as StoreError {
            // Two attempts with one request id raced: the loser reports the winner's event. (Under the case's lock
            // no other attempt can have got in, and the failed transaction could not be read.)
            if lockedAppends == nil, let requestID,
                let earlier = try repeated(
                    requestID, in: open, event: name, by: actorID, matching: { Self.sameData($0, data) })
            {
                return earlier
            }
            throw error
        }
    }

    /// The outcome of an earlier attempt with the same request id, if there was one. The caller has already
    /// checked that the actor may act on the case.
    ///
    /// - Throws: ``CaseRefusal`` `request.reused` when the id was used for a different event or actor.
    ///
    /// - Parameter matching: Whether the earlier event's data is what this request asks for; a retry must ask for
    ///   the same thing (an idempotency key replayed with another body is refused, `request.reused`).
    func repeated(
        _ requestID: String, in open: OpenCase, event name: String, by actorID: String,
        matching: (Value) -> Bool = { _ in true }
    ) throws -> Outcome? {
        let caseID = open.head.caseID
        guard let earlier = try log.event(forRequest: requestID, caseID: caseID) else { return nil }
        guard earlier.envelope.type == name, earlier.envelope.actor == actorID, matching(earlier.envelope.payload)
        else {
            throw CaseRefusal(
                rule: "request.reused",
                message:
                    "request id \(requestID) was already used in case \(caseID) for event \(earlier.envelope.seq) (\(earlier.envelope.type) by \(earlier.envelope.actor), with its own data); give each command its own request id"
            )
        }
        return Outcome(events: [earlier], state: try load(caseID).state, repeated: true)
    }

    /// Whether stored data is `given` completed by the desk: every given member stored as given, and nothing else
    /// but the members the desk fills in (``CaseMachine/completing(_:for:in:)``), so that a retried request that let
    /// the desk choose a finding's id matches the event its first attempt recorded.
    static func completes(_ stored: Value, _ given: Value) -> Bool {
        guard case .object(let recorded) = stored, case .object(let asked) = given else { return false }
        for (key, value) in asked where value != .null && !sameData(recorded[key] ?? .null, value) { return false }
        return recorded.keys.allSatisfy {
            asked[$0] != nil && asked[$0] != .null || CaseMachine.completedMembers.contains($0)
        }
    }

    /// Whether two events' data are the same, compared as canonical JSON.
    static func sameData(_ stored: Value, _ given: Value) -> Bool {
        CanonicalJSON.encode(stored) == CanonicalJSON.encode(given)
    }

    /// Delivers every timer due by the store's time, oldest first, each as its own event stamped with the store's
    /// time; idempotent (a delivered timer is removed in the same transaction, and a concurrent delivery loses with
    /// a conflict and is skipped). Deadlines are delivered by the system actor, which no person may name.
    ///
    /// - Returns: The deadlines delivered, as (case, event).
    public func fireDueTimers(caseID: String? = nil) throws -> [(caseID: String, event: String)] {
        try deliverDueTimers(caseID: caseID).delivered
    }

    /// Delivers every timer due, as ``fireDueTimers(caseID:)`` does, and also returns the follow-ups that failed
    /// after a delivered event committed (an automatic checkpoint refused, say).
    public func deliverDueTimers(caseID: String? = nil) throws -> (
        delivered: [(caseID: String, event: String)], followUpFailures: [FollowUpFailure]
    ) {
        var delivered: [(caseID: String, event: String)] = []
        var failures: [FollowUpFailure] = []
        for timer in try log.dueTimers(at: try now(), caseID: caseID) {
            let open = try load(timer.caseID)
            guard open.state.snapshot.pendingTimers.contains(where: { $0.id == timer.timerID }) else { continue }
            let command = CaseCommand.timer(timer.timerID, event: timer.event, at: try now())
            do {
                failures += try append(command, to: open, extraStatements: []).followUpFailures
                delivered.append((timer.caseID, timer.event))
            } catch let error as StoreError where error.code == .conflict {
                continue
            }
        }
        return (delivered, failures)
    }

    @discardableResult
    private func append(_ command: CaseCommand, to open: OpenCase, extraStatements: [PostgresStatement]) throws
        -> Outcome
    {
        let machine = open.definitions.machine
        let (next, effects): (CaseState, [Effect])
        switch machine.decide(command, state: open.state) {
        case .success(let decided): (next, effects) = decided
        case .failure(let refusal): throw refusal
        }
        var timers: [TimerChange] = []
        for effect in effects {
            switch effect {
            case .scheduleTimer(let request):
                timers.append(
                    .schedule(id: request.id, due: request.due, event: request.event.name, data: request.event.data))
            case .cancelTimer(let id):
                timers.append(.cancel(id: id))
            case .log, .send:
                break
            }
        }
        if let timerID = command.timerID { timers.insert(.cancel(id: timerID), at: 0) }
        try beforeAppend?(open)
        let events = try log.append(
            caseID: open.head.caseID, expectedVersion: open.head.version, expectedHead: open.head.headHash,
            events: [NewEvent(type: command.name, actor: command.actor, occurredAt: command.at, payload: command.data)],
            definitionHash: open.definitions.definitionHash,
            projection: CaseProjection(
                status: next.status, configuration: next.snapshot.configuration, deadlines: next.deadlines),
            timers: timers, alsoStatements: extraStatements)
        let outcome = Outcome(events: events, state: next)
        guard lockedAppends == nil else {
            lockedAppends?.append(open)
            return outcome
        }
        return committed(outcome, to: open)
    }

    /// The work after an append has committed: a snapshot every ``snapshotInterval`` events, then the follow-ups,
    /// in order. Only a committed append gets here, so follow-ups run once per write, however many attempts it took.
    func committed(_ appended: Outcome, to open: OpenCase) -> Outcome {
        var outcome = appended
        if let last = outcome.events.last, last.envelope.caseID == open.head.caseID {
            stateCache?.remember(
                outcome.state, derived: CaseDerivations(), of: open.head, version: last.envelope.seq,
                headHash: last.hash)
        }
        if let last = outcome.events.last, last.envelope.seq % Self.snapshotInterval == 0 {
            // A snapshot only speeds up loading; failing to write one loses nothing.
            try? log.saveSnapshot(
                caseID: open.head.caseID, seq: last.envelope.seq,
                snapshot: open.definitions.machine.encode(outcome.state))
        }
        for followUp in followUps {
            do {
                try followUp.appended(outcome, to: open, desk: self)
            } catch {
                outcome.followUpFailures.append(FollowUpFailure(name: followUp.name, error: error))
            }
        }
        return outcome
    }

    /// A snapshot of the folded state is stored every this many events.
    public static let snapshotInterval: Int64 = 50

    /// The compiled definitions for a pair of versions, cached for this desk.
    public func definitions(workflow: DefinitionReference, framework: DefinitionReference) throws -> CaseDefinitions {
        let key = "\(workflow.name)@\(workflow.version)|\(framework.name)@\(framework.version)"
        if let cached = definitionCache[key] { return cached }
        let loaded = try CaseDefinitions(catalog: catalog, workflow: workflow, framework: framework)
        definitionCache[key] = loaded
        return loaded
    }
}

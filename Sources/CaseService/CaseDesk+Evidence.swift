import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// Uploads a file as evidence for a criterion: stores it (hashed while streaming), then records the upload
    /// event and its metadata row in the same round trip. A file stored but not recorded (a crash in between) is
    /// an orphan that `evidence fsck` finds; it is never visible as evidence.
    ///
    /// The access check comes first; the file must fit the store's `upload.max-bytes` setting.
    ///
    /// With a `requestID` that an earlier attempt already recorded, nothing is stored again: the earlier evidence
    /// record and event are returned, as a ``Outcome/repeated`` outcome.
    ///
    /// The file is stored once. A record that loses a race to another writer of the case is decided again on the
    /// reloaded case (with the next free evidence id), as ``retryPolicy`` says, without reading the file again; if
    /// every attempt loses, the stored file is left unreferenced, for fsck or a retried upload to adopt.
    ///
    /// - Returns: The evidence record and the appended event.
    /// - Throws: ``StoreError`` (`.fileRefused` for a refused file, `.conflict` when every attempt lost a race), or
    ///   ``CaseRefusal``.
    @discardableResult
    public func uploadEvidence(
        _ caseID: String, file path: String, displayName: String? = nil, criterion: String, item: Int? = nil,
        supersedes: String? = nil, by actorID: String, requestID: String? = nil,
        progress: (_ done: Int64, _ total: Int64) -> Void = { _, _ in }
    ) throws -> (EvidenceRecord, Outcome) {
        try uploadEvidence(
            caseID, from: .file(path), displayName: displayName ?? path, criterion: criterion, item: item,
            supersedes: supersedes, by: actorID, requestID: requestID, progress: progress)
    }

    /// ``uploadEvidence(_:file:displayName:criterion:item:supersedes:by:requestID:progress:)`` from a file on this
    /// machine or one already stored while a request streamed in
    /// (``admitUpload(_:criterion:item:supersedes:by:requestID:)`` first). `item` names which of the criterion's
    /// expected evidence items the file is for (1-based).
    @discardableResult
    public func uploadEvidence(
        _ caseID: String, from source: EvidenceSource, displayName: String?, criterion: String, item: Int? = nil,
        supersedes: String? = nil, by actorID: String, requestID: String? = nil,
        progress: (_ done: Int64, _ total: Int64) -> Void = { _, _ in }
    ) throws -> (EvidenceRecord, Outcome) {
        // The workflow's own upload event (acc:action="upload"), whatever it is called.
        let upload = try event(for: .upload, in: caseID, by: actorID)
        var (open, time) = try admitted(actorID, to: caseID, event: upload)
        if let requestID,
            let earlier = try repeatedUpload(
                requestID, in: open, event: upload, by: actorID, criterion: criterion, item: item,
                supersedes: supersedes)
        {
            return earlier
        }
        let actor = try authorisedActor(actorID)
        let blob: StoredBlob
        switch source {
        case .file(let path):
            blob = try blobs.put(
                fileAt: path, maximumSize: try settings.current().maximumUploadBytes, progress: progress)
        case .stored(let stored):
            blob = stored
        }
        let name = EvidenceFileName.sanitise(displayName ?? "evidence")
        return try retrying(caseID, outcome: \.1) { attempt in
            if attempt > 1 {
                (open, time) = try admitted(actorID, to: caseID, event: upload)
                if let requestID,
                    var earlier = try repeatedUpload(
                        requestID, in: open, event: upload, by: actorID, criterion: criterion, item: item,
                        supersedes: supersedes, sha256: blob.sha256)
                {
                    earlier.1.attempts = attempt
                    return earlier
                }
            }
            var record = EvidenceRecord(
                caseID: caseID, evidenceID: "E-\(open.state.record.evidence.count + 1)", criterionID: criterion,
                fileName: name, mediaType: blob.mediaType, mediaMismatch: blob.mediaType.mismatches(fileName: name),
                size: blob.size, sha256: blob.sha256, uploadedBy: actor.id, uploadedAt: time, supersedes: supersedes,
                recordedSeq: open.head.version + 1)
            record.cycle = open.state.record.cycle
            record.item = item
            var outcome = try fire(
                open, event: upload, data: record.eventPayload, by: actorID, at: time, requestID: requestID,
                extraStatements: { seq in
                    record.recordedSeq = seq
                    return EvidenceRegistry.insertStatements(record)
                })
            outcome.attempts = attempt
            // Another attempt with the same request id got in first: report what it recorded.
            if outcome.repeated { return (try recordedEvidence(of: outcome), outcome) }
            record.recordedSeq = outcome.events.last?.envelope.seq ?? record.recordedSeq
            if let recorded = outcome.state.record.evidence[record.evidenceID] { record.item = recorded.item }
            return (record, outcome)
        }
    }

    /// What a server checks before it streams an upload's body: that the actor may upload to the case now (so that
    /// nobody can fill the disk with files they may not upload), and whether the request id was already used.
    ///
    /// - Returns: `.repeated` with the earlier upload when the request id recorded one (nothing need be streamed),
    ///   or `.admitted` with the store's upload limit.
    /// - Throws: ``CaseRefusal`` or ``StoreError``, as the upload itself would.
    public func admitUpload(
        _ caseID: String, criterion: String?, item: Int? = nil, supersedes: String? = nil, by actorID: String,
        requestID: String?
    ) throws -> UploadAdmission {
        let upload = try event(for: .upload, in: caseID, by: actorID)
        let (open, time) = try admitted(actorID, to: caseID, event: upload)
        if let requestID,
            let earlier = try repeatedUpload(
                requestID, in: open, event: upload, by: actorID, criterion: criterion, item: item,
                supersedes: supersedes)
        {
            return .repeated(earlier.0, earlier.1)
        }
        // The upload as it would be recorded, with any file: the pure case machine decides on it now, so that a
        // refused upload (the role, the state, an unknown criterion or superseded item) streams and stores nothing.
        let actor = try authorisedActor(actorID)
        var trial = EvidenceRecord(
            caseID: caseID, evidenceID: "E-\(open.state.record.evidence.count + 1)", criterionID: criterion ?? "",
            fileName: "evidence", mediaType: .unknown, mediaMismatch: false, size: 1,
            sha256: String(repeating: "0", count: 64), uploadedBy: actor.id, uploadedAt: time, supersedes: supersedes,
            recordedSeq: open.head.version + 1)
        trial.item = item
        let command = CaseCommand(name: upload, data: trial.eventPayload, actor: actor.id, roles: actor.roles, at: time)
        if case .failure(let refusal) = open.definitions.machine.decide(command, state: open.state) {
            throw refusal
        }
        return .admitted(maximumBytes: try settings.current().maximumUploadBytes)
    }

    /// The evidence an earlier upload with the same request id recorded, if any.
    ///
    /// A retry must be the same upload: the same criterion, expected item and superseded item, and, once the file is
    /// known, the same content; anything else is refused (`request.reused`).
    private func repeatedUpload(
        _ requestID: String, in open: OpenCase, event upload: String, by actorID: String, criterion: String?,
        item: Int?, supersedes: String?, sha256: String? = nil
    ) throws -> (EvidenceRecord, Outcome)? {
        let record = open.state.record
        // The same expected item: as sent, or as the case resolved it when one side left it implied (a criterion
        // that expects one item, or a replacement of a piece for it).
        func sameItem(_ payload: Value) -> Bool {
            let sent = payload["item"].flatMap { if case .integer(let number) = $0 { Int(number) } else { nil } }
            if sent == item { return true }
            guard case .string(let id)? = payload["evidence"], let resolved = record.evidence[id]?.item else {
                return false
            }
            return (sent ?? resolved) == (item ?? resolved)
        }
        guard
            let outcome = try repeated(
                requestID, in: open, event: upload, by: actorID,
                matching: { payload in
                    (criterion.map { payload["criterion"] == .string($0) } ?? true) && sameItem(payload)
                        && payload["supersedes"] == supersedes.map(Value.string)
                        && (sha256.map { payload["sha256"] == .string($0) } ?? true)
                })
        else { return nil }
        return (try recordedEvidence(of: outcome), outcome)
    }

    /// The evidence row an upload outcome's event recorded.
    private func recordedEvidence(of outcome: Outcome) throws -> EvidenceRecord {
        guard let event = outcome.events.first, case .string(let evidenceID)? = event.envelope.payload["evidence"]
        else {
            throw CaseServiceError(
                code: .uploadUnrecorded, message: "an upload event names no evidence id",
                caseID: outcome.events.first?.envelope.caseID, seq: outcome.events.first?.envelope.seq)
        }
        let row = try evidenceRecords.record(caseID: event.envelope.caseID, evidenceID: evidenceID)
        return Self.withCycles([row], from: try load(event.envelope.caseID).state.record).first ?? row
    }

    /// Accepts or rejects submitted evidence (the reason is required to reject), as an assessor.
    ///
    /// - Throws: ``CaseRefusal`` or ``StoreError``.
    @discardableResult
    public func reviewEvidence(
        _ caseID: String, evidence: String, accept: Bool, reason: String?, by actorID: String,
        requestID: String? = nil
    ) throws -> Outcome {
        var data: [String: Value] = ["evidence": .string(evidence)]
        if let reason { data["reason"] = .string(reason) }
        let status: EvidenceStatus = accept ? .accepted : .rejected
        let name = try event(for: accept ? .accept : .reject, in: caseID, by: actorID)
        return try fire(
            caseID, event: name, data: .object(data), by: actorID, requestID: requestID, expectedVersion: nil,
            extraStatements: { _ in
                [EvidenceRegistry.statusStatement(status, caseID: caseID, evidenceID: evidence, notes: reason)]
            }, recordsEvidence: true)
    }

    /// Reuses, in a renewal, evidence an assessor accepted in an earlier cycle, as the organisation: a new item of the
    /// current cycle (the next evidence id, marked reused) with the same file, its evidence row written with the event
    /// and awaiting review; the earlier item stays as it was. The case rules refuse an item of this cycle, one already
    /// reused in it, one not accepted, and one whose criterion the framework asks new evidence for.
    ///
    /// With a `requestID` that an earlier attempt already recorded, the earlier item and event are returned.
    ///
    /// - Returns: The new item's evidence record and the appended event.
    /// - Throws: ``CaseRefusal`` or ``StoreError``.
    @discardableResult
    public func reuseEvidence(_ caseID: String, evidence from: String, by actorID: String, requestID: String? = nil)
        throws -> (EvidenceRecord, Outcome)
    {
        let name = try event(for: .reuseEvidence, in: caseID, by: actorID)
        return try retrying(caseID, outcome: \.1) { attempt in
            let (open, time) = try admitted(actorID, to: caseID, event: name)
            if let requestID,
                let earlier = try repeated(
                    requestID, in: open, event: name, by: actorID, matching: { $0["from"] == .string(from) })
            {
                return (try recordedEvidence(of: earlier), earlier)
            }
            let actor = try authorisedActor(actorID)
            // The earlier item's row, if the actor may read it (the case rules then judge the reuse).
            let original = try evidenceRecords.records(caseID: caseID).first { $0.evidenceID == from }
            guard let original else {
                throw CaseRefusal(rule: "evidence.unknown", message: "case \(caseID) has no evidence \(from) to reuse")
            }
            var record = EvidenceRecord(
                caseID: caseID, evidenceID: "E-\(open.state.record.evidence.count + 1)",
                criterionID: original.criterionID, fileName: original.fileName, mediaType: original.mediaType,
                mediaMismatch: original.mediaMismatch, size: original.size, sha256: original.sha256,
                uploadedBy: actor.id, uploadedAt: time, recordedSeq: open.head.version + 1)
            var data = record.eventPayload
            if case .object(var fields) = data {
                fields["from"] = .string(from)
                data = .object(fields)
            }
            var outcome = try fire(
                open, event: name, data: data, by: actorID, at: time, requestID: requestID,
                extraStatements: { seq in
                    record.recordedSeq = seq
                    return EvidenceRegistry.insertStatements(record)
                })
            outcome.attempts = attempt
            if outcome.repeated { return (try recordedEvidence(of: outcome), outcome) }
            (record.cycle, record.reusedFrom) = (open.state.record.cycle, from)
            record.recordedSeq = outcome.events.last?.envelope.seq ?? record.recordedSeq
            if let recorded = outcome.state.record.evidence[record.evidenceID] { record.item = recorded.item }
            return (record, outcome)
        }
    }

    /// The evidence of a case that an actor may see.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation` for an applicant of another organisation, `access.not-assigned`
    ///   for an assessor not assigned to the case.
    public func evidence(of caseID: String, for actorID: String) throws -> [EvidenceRecord] {
        let actor = try authorisedActor(actorID)
        let head = try log.head(of: caseID)
        guard try mayRead(actor, head: head) else {
            throw readRefusal(actor, caseID: caseID, organisation: head.organisationID, what: " nor its evidence")
        }
        return try Self.withCycles(evidenceRecords.records(caseID: caseID), from: load(caseID).state.record)
    }

    /// The rows with each item's cycle and reuse from the case record (which the rows do not store).
    static func withCycles(_ rows: [EvidenceRecord], from record: CaseRecord) -> [EvidenceRecord] {
        rows.map { row in
            var row = row
            if let item = record.evidence[row.evidenceID] {
                (row.cycle, row.reusedFrom, row.item) = (item.cycle, item.reusedFrom, item.item)
            }
            return row
        }
    }

    /// One evidence item of a case that an actor may see.
    ///
    /// - Throws: as ``evidence(of:for:)``, and ``StoreError`` `.evidenceNotFound` when the case has no such item.
    public func evidence(_ evidenceID: String, of caseID: String, for actorID: String) throws -> EvidenceRecord {
        guard let record = try evidence(of: caseID, for: actorID).first(where: { $0.evidenceID == evidenceID }) else {
            throw StoreError(
                code: .evidenceNotFound, message: "case \(caseID) has no evidence \(evidenceID)", caseID: caseID,
                evidenceID: evidenceID)
        }
        return record
    }
}

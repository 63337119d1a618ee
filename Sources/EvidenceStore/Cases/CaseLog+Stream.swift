import AccreditEngine
import Statecharts

/// One case as a whole-store read gives it: its head and its events up to its version, or why they cannot be read.
public struct StreamedCase: Sendable {
    /// The case's head and stored projection.
    public var head: CaseHead
    /// Its events with `seq <= version`, in order, or `.corrupt` naming the first unreadable one.
    public var events: Result<[EventEnvelope], StoreError>
}

extension CaseLog {
    /// Calls `body` with every case and its events, in case id order: one query reads the heads and one binary `COPY`
    /// streams every event, so the cost is reading the rows, not a round trip per case. Memory holds the heads and
    /// one case's events at a time. `body` must not use this connection: the COPY is still streaming.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func forEachCase(_ body: (StreamedCase) -> Void) throws(StoreError) {
        let heads = try heads()
        var position: [String: Int] = [:]
        for (index, head) in heads.enumerated() { position[head.caseID] = index }
        var done = [Bool](repeating: false, count: heads.count)
        var current: (index: Int, events: [EventEnvelope], failure: StoreError?)?
        func finish() {
            guard let open = current else { return }
            let head = heads[open.index]
            body(StreamedCase(head: head, events: open.failure.map { .failure($0) } ?? .success(open.events)))
            done[open.index] = true
            current = nil
        }
        var reader = BinaryCopyReader()
        var failure: StoreError?
        // Every event of a case (usually of every case) names the same definitions: decoded once while it repeats.
        var definitionHash = (bytes: [UInt8](), text: "")
        try storeOperation(caseID: nil) {
            try connection.copyOut(
                """
                COPY (SELECT case_id, seq, type, actor_id, occurred_at, payload, definition_hash FROM case_events
                      ORDER BY case_id, seq)
                TO STDOUT (FORMAT binary)
                """
            ) { chunk in
                guard failure == nil else { return }
                do throws(PostgresError) {
                    try reader.feed(chunk) { fields throws(PostgresError) in
                        guard fields.count == 7, let caseField = fields[0], let seqField = fields[1],
                            seqField.count == 8, let type = fields[2], let actor = fields[3], let time = fields[4],
                            time.count == 8, let payload = fields[5], let definition = fields[6]
                        else { throw PostgresError(code: .decoding, message: "unexpected case_events row in a COPY") }
                        let caseID = String(decoding: caseField, as: UTF8.self)
                        if current.map({ heads[$0.index].caseID }) != caseID {
                            finish()
                            guard let index = position[caseID] else { return }
                            current = (index, [], nil)
                        }
                        guard let open = current, open.failure == nil else { return }
                        let seq = Int64(bigEndian: seqField.loadUnaligned(as: Int64.self))
                        guard seq <= heads[open.index].version else { return }
                        if !definition.elementsEqual(definitionHash.bytes) {
                            definitionHash = (Array(definition), String(decoding: definition, as: UTF8.self))
                        }
                        let envelope = Self.envelope(
                            caseID: caseID, seq: seq, type: type, actor: actor,
                            micros: Int64(bigEndian: time.loadUnaligned(as: Int64.self)), payload: payload,
                            definitionHash: definitionHash.text)
                        switch envelope {
                        case .success(let event): current?.events.append(event)
                        case .failure(let error): current?.failure = error
                        }
                    }
                } catch {
                    failure = StoreError.from(error, caseID: nil)
                }
            }
        }
        if let failure { throw failure }
        finish()
        for (index, head) in heads.enumerated() where !done[index] {
            body(StreamedCase(head: head, events: .success([])))
        }
    }

    /// An envelope from raw COPY fields; the payload must parse.
    private static func envelope(
        caseID: String, seq: Int64, type: UnsafeRawBufferPointer, actor: UnsafeRawBufferPointer, micros: Int64,
        payload: UnsafeRawBufferPointer, definitionHash: String
    ) -> Result<EventEnvelope, StoreError> {
        let value: Value
        do {
            value = try CanonicalJSON.parse(Array(payload))
        } catch {
            return .failure(unreadablePayload(seq: seq, caseID: caseID, error))
        }
        return .success(
            EventEnvelope(
                caseID: caseID, seq: seq, type: String(decoding: type, as: UTF8.self),
                actor: String(decoding: actor, as: UTF8.self),
                occurredAt: Instant(microsecondsSinceEpoch: micros + ChainAudit.postgresEpoch), payload: value,
                definitionHash: definitionHash))
    }

    /// Every case's head and projection (or one organisation's), in case id order.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` for an unreadable row.
    public func heads(organisation: String? = nil) throws(StoreError) -> [CaseHead] {
        try storeOperation(caseID: nil) {
            let rows = try connection.query(
                """
                SELECT case_id, organisation_id, workflow_name, workflow_version, framework_name, framework_version,
                       version, head_hash, status, array_to_string(configuration, E'\\x1f') AS configuration,
                       deadlines::text AS deadlines, opened_at, pinned_since
                FROM cases WHERE $1::text IS NULL OR organisation_id = $1 ORDER BY case_id
                """, [organisation.map(PostgresValue.text) ?? .null])
            return try rows.map { row throws(StoreError) in try Self.head(row) }
        }
    }

    /// The workflow and framework versions the cases pin, each pair once.
    ///
    /// - Throws: ``StoreError`` `.environment` when the cases cannot be read.
    public func pinnedDefinitions() throws(StoreError) -> [PinnedDefinitions] {
        do {
            return try connection.query(
                "SELECT DISTINCT workflow_name, workflow_version, framework_name, framework_version FROM cases"
            ).map { row in
                PinnedDefinitions(
                    workflow: DefinitionReference(
                        name: try row["workflow_name"].string(), version: try row["workflow_version"].string()),
                    framework: DefinitionReference(
                        name: try row["framework_name"].string(), version: try row["framework_version"].string()))
            }
        } catch {
            if let lost = error as? PostgresError, lost.code == .connectionLost {
                throw StoreError.from(lost, caseID: nil)
            }
            throw StoreError(code: .environment, message: "cannot list the cases' definitions: \(error)")
        }
    }
}

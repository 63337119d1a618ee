import Statecharts

extension CaseMachine {
    /// The state as one JSON value (the statechart snapshot and the case record), for storing every N events:
    /// format 4, which names the case's participants and appeals (an empty list when it has none), format 5 when
    /// the case has held visits (absent otherwise, so that a state stored before visits existed reads back the same,
    /// and a build that knows nothing of visits replays instead of dropping them), or format 6 when it has a scope,
    /// a scope change or criteria proposed not applicable (`scope`, for the same reasons), format 7 when it has been
    /// renewed (`cycle`, and each evidence item's cycle and whether it was reused), or format 8 when it has
    /// self-assessments or evidence for a named expected item (`selfAssessment`, and each evidence item's `item`).
    public func encode(_ state: CaseState) -> Value {
        guard case .object(var encoded) = encodeLegacy(state) else { return encodeLegacy(state) }
        encoded["format"] = 4
        encoded["participants"] = .array(state.record.participants.sorted().map(Value.string))
        encoded["appeals"] = .object(state.record.appeals.mapValues(Self.encode))
        if !state.record.visits.isEmpty {
            encoded["format"] = 5
            encoded["visits"] = .object(state.record.visits.mapValues(Self.encode))
        }
        if let scope = Self.encodeScope(state.record) {
            encoded["format"] = 6
            encoded["scope"] = scope
        }
        let cycle = Self.encodeCycle(state.record)
        let format8 = Self.needsFormat8(state.record)
        if cycle != nil || format8 {
            encoded["format"] = format8 ? 8 : 7
            if let cycle { encoded["cycle"] = cycle }
            var evidence: [String: Value] = [:]
            for (id, item) in state.record.evidence {
                var fields: [String: Value] = [
                    "criterion": .string(item.criterion), "status": .string(item.status),
                    "uploadedBy": .string(item.uploadedBy), "cycle": .integer(Int64(item.cycle)),
                    "reusedFrom": item.reusedFrom.map(Value.string) ?? .null,
                ]
                if format8 { fields["item"] = item.item.map { .integer(Int64($0)) } ?? .null }
                evidence[id] = .object(fields)
            }
            encoded["evidence"] = .object(evidence)
            if format8 { encoded["selfAssessment"] = Self.encode(state.record.selfAssessments) }
        }
        return .object(encoded)
    }

    /// Whether a record needs format 8: it has self-assessments (in this cycle or the renewed award's), or evidence
    /// for a named expected item.
    private static func needsFormat8(_ record: CaseRecord) -> Bool {
        !record.selfAssessments.isEmpty || record.renewedAward?.selfAssessments.isEmpty == false
            || record.evidence.values.contains { $0.item != nil }
    }

    private static func encode(_ assessments: [String: CaseSelfAssessment]) -> Value {
        .object(
            assessments.mapValues {
                [
                    "rating": .string($0.rating), "narrative": .string($0.narrative), "by": .string($0.by),
                    "at": .integer($0.at.microsecondsSinceEpoch),
                ]
            })
    }

    /// Restores ``encode(_:)``'s self-assessments, or nil when they are malformed.
    private static func decodeSelfAssessments(_ value: Value?) -> [String: CaseSelfAssessment]? {
        guard case .object(let object)? = value else { return nil }
        var assessments: [String: CaseSelfAssessment] = [:]
        for (criterion, item) in object {
            guard case .string(let rating)? = item["rating"], case .string(let narrative)? = item["narrative"],
                case .string(let by)? = item["by"], case .integer(let at)? = item["at"]
            else { return nil }
            assessments[criterion] = CaseSelfAssessment(
                criterion: criterion, rating: rating, narrative: narrative, by: by,
                at: Instant(microsecondsSinceEpoch: at))
        }
        return assessments
    }

    /// The cycle part of a stored state (format 7), or nil for a case in its first cycle: the cycle, and the
    /// renewed award's terms while a renewal is under way (`renewedAward`, null otherwise).
    private static func encodeCycle(_ record: CaseRecord) -> Value? {
        guard record.lastCycle > 1 else { return nil }
        func time(_ instant: Instant?) -> Value { instant.map { .integer($0.microsecondsSinceEpoch) } ?? .null }
        var renewed: Value = .null
        if let terms = record.renewedAward {
            var held = CaseRecord()
            (held.scope, held.applicability) = (terms.scope, terms.applicability)
            var fields: [String: Value] = [
                "ratings": .object(terms.ratings.mapValues(Value.string)), "scope": encodeScope(held) ?? .null,
                "expiresAt": time(terms.expiresAt), "cycle": .integer(Int64(terms.cycle)),
                "startedAt": time(terms.cycleStartedAt), "startedBy": terms.cycleStartedBy.map(Value.string) ?? .null,
            ]
            if !terms.selfAssessments.isEmpty { fields["selfAssessment"] = encode(terms.selfAssessments) }
            renewed = .object(fields)
        }
        return [
            "number": .integer(Int64(record.cycle)), "last": .integer(Int64(record.lastCycle)),
            "startedAt": time(record.cycleStartedAt), "startedBy": record.cycleStartedBy.map(Value.string) ?? .null,
            "renewedAward": renewed,
        ]
    }

    /// An optional time, or nil (the outer optional) when the value is neither a time nor null.
    private static func optionalTime(_ value: Value?) -> Instant?? {
        switch value {
        case .integer(let micros)?: return .some(Instant(microsecondsSinceEpoch: micros))
        case .null?: return .some(nil)
        default: return nil
        }
    }

    /// An optional text, or nil (the outer optional) when the value is neither text nor null.
    private static func optionalText(_ value: Value?) -> String?? {
        switch value {
        case .string(let text)?: return .some(text)
        case .null?: return .some(nil)
        default: return nil
        }
    }

    /// Restores ``encodeCycle(_:)``'s renewed award, or nil when it is malformed or missing (`.some(nil)`: none).
    private static func decodeRenewedAward(_ value: Value?, format: Int64) -> CaseRecord.AwardTerms?? {
        guard let value else { return nil }
        guard value != .null else { return .some(nil) }
        guard case .object(let ratings)? = value["ratings"] else { return nil }
        var levels: [String: String] = [:]
        for (criterion, rating) in ratings {
            guard case .string(let level) = rating else { return nil }
            levels[criterion] = level
        }
        var held = CaseRecord()
        switch value["scope"] {
        case .null?: break
        case let scope?: guard decodeScope(scope, into: &held) else { return nil }
        case nil: return nil
        }
        guard let expiresAt = optionalTime(value["expiresAt"]), case .integer(let cycle)? = value["cycle"],
            cycle >= 1, cycle <= Int64(Int32.max), let startedAt = optionalTime(value["startedAt"]),
            let startedBy = optionalText(value["startedBy"])
        else { return nil }
        var terms = CaseRecord.AwardTerms(
            ratings: levels, applicability: held.applicability, scope: held.scope, expiresAt: expiresAt,
            cycle: Int(cycle), cycleStartedAt: startedAt, cycleStartedBy: startedBy)
        if let stored = value["selfAssessment"] {
            guard format == 8, let assessments = decodeSelfAssessments(stored) else { return nil }
            terms.selfAssessments = assessments
        }
        return .some(terms)
    }

    /// The state as builds before format 4 stored it (formats 1 to 3, without participants or appeals), for the
    /// audit to compare snapshots stored then; nil for a state with appeals or visits, which those builds could not
    /// store.
    /// Never decoded: a state without its participants would let a participant hear an appeal.
    public func legacyEncoding(_ state: CaseState) -> Value? {
        // (A guard, not a conditional expression: there, `nil` would be the JSON null, a `Value`.)
        guard
            state.record.appeals.isEmpty && state.record.visits.isEmpty && Self.encodeScope(state.record) == nil
                && state.record.lastCycle == 1 && !Self.needsFormat8(state.record)
        else { return nil }
        return encodeLegacy(state)
    }

    private func encodeLegacy(_ state: CaseState) -> Value {
        var evidence: [String: Value] = [:]
        for (id, item) in state.record.evidence {
            evidence[id] = [
                "criterion": .string(item.criterion), "status": .string(item.status),
                "uploadedBy": .string(item.uploadedBy),
            ]
        }
        var encoded: [String: Value] = [
            "format": 1,
            "snapshot": state.snapshot.value,
            "ratings": .object(state.record.ratings.mapValues(Value.string)),
            "evidence": .object(evidence),
            "involvement": .object(state.record.involvement.mapValues { .array($0.sorted().map(Value.string)) }),
            "version": .integer(state.record.version),
        ]
        // Absent when the case has none, so that states stored before findings existed read back the same; format 2
        // when present, so that a build that knows nothing of findings replays instead of dropping them.
        if !state.record.findings.isEmpty {
            encoded["format"] = 2
            encoded["findings"] = .object(state.record.findings.mapValues(Self.encode))
        }
        // Format 3 when a team is assigned, for the same reason.
        if !state.record.team.isEmpty {
            encoded["format"] = 3
            encoded["team"] = .object(state.record.team.mapValues(Self.encode))
        }
        return .object(encoded)
    }

    private static func encode(_ member: CaseTeamMember) -> Value {
        [
            "position": .string(member.position.rawValue),
            "foundations": member.foundations.map { .array($0.map(Value.string)) } ?? .null,
            "assignedBy": .string(member.assignedBy),
            "assignedAt": .integer(member.assignedAt.microsecondsSinceEpoch),
        ]
    }

    private static func decodeMember(_ person: String, _ value: Value) -> CaseTeamMember? {
        guard case .string(let position)? = value["position"],
            let place = CaseTeamMember.Position(rawValue: position), case .string(let by)? = value["assignedBy"],
            case .integer(let at)? = value["assignedAt"]
        else { return nil }
        var foundations: [String]?
        switch value["foundations"] {
        case .array(let items)?: foundations = items.compactMap { if case .string(let code) = $0 { code } else { nil } }
        case .null?, nil: foundations = nil
        default: return nil
        }
        return CaseTeamMember(
            person: person, position: place, foundations: foundations, assignedBy: by,
            assignedAt: Instant(microsecondsSinceEpoch: at))
    }

    private static func encode(_ finding: CaseFinding) -> Value {
        [
            "criterion": .string(finding.criterion), "severity": .string(finding.severity),
            "statement": .string(finding.statement), "evidence": .array(finding.evidence.map(Value.string)),
            "raisedBy": .string(finding.raisedBy), "raisedAt": .integer(finding.raisedAt.microsecondsSinceEpoch),
            "due": finding.due.map { .integer($0.microsecondsSinceEpoch) } ?? .null,
            "status": .string(finding.status.rawValue), "responses": .integer(Int64(finding.responses)),
            "response": finding.response.map(Value.string) ?? .null,
            "responseEvidence": .array(finding.responseEvidence.map(Value.string)),
        ]
    }

    private static func decodeFinding(_ id: String, _ value: Value) -> CaseFinding? {
        guard case .string(let criterion)? = value["criterion"], case .string(let severity)? = value["severity"],
            case .string(let statement)? = value["statement"], case .array(let evidence)? = value["evidence"],
            case .string(let raisedBy)? = value["raisedBy"], case .integer(let raisedAt)? = value["raisedAt"],
            case .string(let statusText)? = value["status"], let status = CaseFinding.Status(rawValue: statusText),
            case .integer(let responses)? = value["responses"],
            case .array(let responseEvidence)? = value["responseEvidence"]
        else { return nil }
        let response: String?
        switch value["response"] {
        case .string(let text)?: response = text
        case .null?: response = nil
        default: return nil
        }
        let due: Instant?
        switch value["due"] {
        case .integer(let micros)?: due = Instant(microsecondsSinceEpoch: micros)
        case .null?: due = nil
        default: return nil
        }
        return CaseFinding(
            id: id, criterion: criterion, severity: severity, statement: statement,
            evidence: evidence.compactMap { if case .string(let item) = $0 { item } else { nil } }, raisedBy: raisedBy,
            raisedAt: Instant(microsecondsSinceEpoch: raisedAt), due: due, status: status, responses: Int(responses),
            response: response,
            responseEvidence: responseEvidence.compactMap { if case .string(let item) = $0 { item } else { nil } })
    }

    /// Restores a state stored by ``encode(_:)``, or nil when the value is not a state of this machine, or was
    /// stored in an earlier format (the caller then replays from the start).
    public func decode(_ value: Value) -> CaseState? {
        guard case .integer(let format)? = value["format"], (4...8).contains(format),
            case .array(let participants)? = value["participants"],
            case .object(let appeals)? = value["appeals"], let snapshotValue = value["snapshot"],
            let snapshot = try? interpreter.restore(snapshotValue),
            case .object(let ratings)? = value["ratings"], case .object(let evidence)? = value["evidence"],
            case .object(let involvement)? = value["involvement"], case .integer(let version)? = value["version"]
        else { return nil }
        var record = CaseRecord()
        record.version = version
        // The cycle comes first: the evidence counts are the current cycle's.
        switch (format, value["cycle"]) {
        case (7, let cycle?), (8, let cycle?):
            guard case .integer(let number)? = cycle["number"], case .integer(let last)? = cycle["last"],
                number >= 1, last > 1, number <= last, last <= Int64(Int32.max),
                let at = Self.optionalTime(cycle["startedAt"]), let by = Self.optionalText(cycle["startedBy"]),
                let renewed = Self.decodeRenewedAward(cycle["renewedAward"], format: format)
            else { return nil }
            record.restoreCycle(Int(number), last: Int(last), startedAt: at, by: by)
            record.renewedAward = renewed
        case (4...6, nil), (8, nil): break
        default: return nil
        }
        var expectedItems: [String: Int] = [:]
        if format == 8 {
            guard let assessments = Self.decodeSelfAssessments(value["selfAssessment"]) else { return nil }
            record.selfAssessments = assessments
            for criterion in framework.criteria { expectedItems[criterion.id] = criterion.expectedEvidence.count }
        }
        for (criterion, rating) in ratings {
            guard case .string(let level) = rating else { return nil }
            record.ratings[criterion] = level
        }
        for (id, item) in evidence {
            guard case .string(let criterion)? = item["criterion"], case .string(let status)? = item["status"],
                case .string(let uploader)? = item["uploadedBy"]
            else { return nil }
            var cycle = 1
            var reusedFrom: String?
            var number: Int?
            if format >= 7 {
                guard case .integer(let stored)? = item["cycle"], stored >= 1, stored <= Int64(record.lastCycle),
                    let from = Self.optionalText(item["reusedFrom"])
                else { return nil }
                (cycle, reusedFrom) = (Int(stored), from)
            }
            if format == 8 {
                // An item the criterion expects (a state is never stored with another).
                let expected = expectedItems[criterion] ?? 0
                switch item["item"] {
                case .integer(let stored)? where stored >= 1 && stored <= Int64(expected): number = Int(stored)
                case .null?: break
                default: return nil
                }
            }
            record.setEvidence(
                id,
                CaseRecord.EvidenceItem(
                    criterion: criterion, status: status, uploadedBy: uploader, cycle: cycle, reusedFrom: reusedFrom,
                    item: number))
        }
        for (actor, kinds) in involvement {
            guard case .array(let list) = kinds else { return nil }
            record.involvement[actor] = Set(list.compactMap { if case .string(let kind) = $0 { kind } else { nil } })
        }
        if let stored = value["findings"] {
            guard case .object(let findings) = stored else { return nil }
            for (id, item) in findings {
                guard let finding = Self.decodeFinding(id, item) else { return nil }
                record.setFinding(finding)
            }
        }
        if let stored = value["team"] {
            guard case .object(let team) = stored else { return nil }
            for (person, item) in team {
                guard let member = Self.decodeMember(person, item) else { return nil }
                record.team[person] = member
            }
        }
        for item in participants {
            guard case .string(let person) = item else { return nil }
            record.participants.insert(person)
        }
        for (id, item) in appeals {
            guard let appeal = Self.decodeAppeal(id, item) else { return nil }
            record.appeals[id] = appeal
        }
        // Format 5 holds the visits and no scope; format 6 holds the scope, and the visits when there are any; format
        // 7 holds the cycle, and the visits and the scope when there are any; format 8 holds the self-assessments,
        // and the cycle, the visits and the scope when there are any.
        switch (format, value["visits"]) {
        case (5...8, .object(let visits)?) where !visits.isEmpty:
            for (id, item) in visits {
                guard let visit = Self.decodeVisit(id, item) else { return nil }
                record.visits[id] = visit
            }
        case (4, nil), (6, nil), (7, nil), (8, nil): break
        default: return nil
        }
        switch (format, value["scope"]) {
        case (6, let scope?), (7, let scope?), (8, let scope?):
            guard Self.decodeScope(scope, into: &record) else { return nil }
        case (4, nil), (5, nil), (7, nil), (8, nil): break
        default: return nil
        }
        return CaseState(snapshot: snapshot, record: record)
    }
}

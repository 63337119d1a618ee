import Statecharts

extension CaseMachine {
    /// The state as one JSON value (the statechart snapshot and the case record), for storing every N events.
    public func encode(_ state: CaseState) -> Value {
        var evidence: [String: Value] = [:]
        for (id, item) in state.record.evidence {
            evidence[id] = [
                "criterion": .string(item.criterion), "status": .string(item.status),
                "uploadedBy": .string(item.uploadedBy),
            ]
        }
        return [
            "format": 1,
            "snapshot": state.snapshot.value,
            "ratings": .object(state.record.ratings.mapValues(Value.string)),
            "evidence": .object(evidence),
            "involvement": .object(state.record.involvement.mapValues { .array($0.sorted().map(Value.string)) }),
            "version": .integer(state.record.version),
        ]
    }

    /// Restores a state stored by ``encode(_:)``, or nil when the value is not a state of this machine (the caller
    /// then replays from the start).
    public func decode(_ value: Value) -> CaseState? {
        guard value["format"] == 1, let snapshotValue = value["snapshot"],
            let snapshot = try? interpreter.restore(snapshotValue),
            case .object(let ratings)? = value["ratings"], case .object(let evidence)? = value["evidence"],
            case .object(let involvement)? = value["involvement"], case .integer(let version)? = value["version"]
        else { return nil }
        var record = CaseRecord()
        record.version = version
        for (criterion, rating) in ratings {
            guard case .string(let level) = rating else { return nil }
            record.ratings[criterion] = level
        }
        for (id, item) in evidence {
            guard case .string(let criterion)? = item["criterion"], case .string(let status)? = item["status"],
                case .string(let uploader)? = item["uploadedBy"]
            else { return nil }
            record.setEvidence(id, CaseRecord.EvidenceItem(criterion: criterion, status: status, uploadedBy: uploader))
        }
        for (actor, kinds) in involvement {
            guard case .array(let list) = kinds else { return nil }
            record.involvement[actor] = Set(list.compactMap { if case .string(let kind) = $0 { kind } else { nil } })
        }
        return CaseState(snapshot: snapshot, record: record)
    }
}

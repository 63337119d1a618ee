import Statecharts

extension CaseRules {
    /// The checks of reusing evidence in a renewal (`reuse-evidence`): `from` names an item of an earlier cycle that an
    /// assessor accepted, for a criterion whose evidence the framework lets a renewal reuse, not reused in this cycle
    /// yet; `evidence` is the new item's id. Gives both.
    static func checkReuse(_ value: Value, record: CaseRecord, framework: FrameworkIndex) -> Result<
        (String, String), CaseRefusal
    > {
        guard case .string(let from)? = value["from"], let item = record.evidence[from] else {
            return .failure(
                CaseRefusal(
                    rule: "evidence.unknown", message: "name evidence of an earlier cycle to reuse, such as E-1"))
        }
        guard case .string(let id)? = value["evidence"], !id.isEmpty else {
            return .failure(CaseRefusal(rule: "evidence.unknown", message: "give the reused item an evidence id"))
        }
        if record.evidence[id] != nil {
            return .failure(CaseRefusal(rule: "evidence.duplicate-id", message: "evidence \(id) already exists"))
        }
        guard record.cycle > 1 else {
            return .failure(
                CaseRefusal(
                    rule: "evidence.reuse-cycle",
                    message: "evidence is reused only in a renewal, from an earlier cycle: this is the case's first"))
        }
        guard item.cycle < record.cycle else {
            return .failure(
                CaseRefusal(
                    rule: "evidence.reuse-cycle",
                    message: "evidence \(from) is part of this cycle (cycle \(record.cycle)), not an earlier one"))
        }
        if let earlier = record.reuse(of: from) {
            return .failure(
                CaseRefusal(
                    rule: "evidence.reuse-cycle",
                    message: "evidence \(from) is already reused in this cycle, as \(earlier)"))
        }
        guard item.status == "accepted" else {
            return .failure(
                CaseRefusal(
                    rule: "evidence.reuse-status",
                    message: "evidence \(from) was \(item.status) in cycle \(item.cycle): only evidence an assessor "
                        + "accepted may be reused; upload new evidence for \(item.criterion)"))
        }
        guard framework.framework.criterion(item.criterion)?.reuseEvidence == true else {
            return .failure(
                CaseRefusal(
                    rule: "evidence.reuse-not-allowed",
                    message: "\(framework.framework.id) \(framework.framework.version) asks for new evidence for "
                        + "\(item.criterion) in every cycle (its criterion has no reuse-evidence=\"true\"): upload "
                        + "new evidence instead"))
        }
        return .success((id, from))
    }

    /// `evidence.earlier-cycle`: why an item of an earlier assessment cycle may not be reviewed or replaced in this
    /// one (it counts for nothing here until it is reused), or nil for an item of the current cycle.
    static func earlierCycleRefusal(_ id: String, _ item: CaseRecord.EvidenceItem, record: CaseRecord) -> CaseRefusal? {
        guard item.cycle != record.cycle else { return nil }
        return CaseRefusal(
            rule: "evidence.earlier-cycle",
            message: "evidence \(id) belongs to cycle \(item.cycle) and this is cycle \(record.cycle): the "
                + "organisation reuses it first (where the framework allows) or uploads new evidence")
    }
}

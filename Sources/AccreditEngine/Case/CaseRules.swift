/// The case rules that are not the workflow's: what ratings, evidence events and decisions must satisfy, and how
/// they change the case record.
enum CaseRules {
    /// The first rule a command breaks, or nil.
    static func check(_ command: CaseCommand, record: CaseRecord, framework: FrameworkIndex) -> CaseRefusal? {
        let data = command.data
        switch command.name {
        case "review.rate":
            guard case .string(let criterion)? = data["criterion"], framework.criteria.contains(criterion) else {
                return CaseRefusal(
                    rule: "review.unknown-criterion",
                    message:
                        "rate a criterion of \(framework.framework.id) \(framework.framework.version), such as \(framework.firstCriterion)"
                )
            }
            guard case .string(let rating)? = data["rating"],
                framework.ratingLevels.contains(rating)
            else {
                let levels = framework.framework.ratingScale.levels.map(\.id).joined(separator: ", ")
                return CaseRefusal(rule: "review.unknown-rating", message: "the rating must be one of: \(levels)")
            }
        case "evidence.upload":
            guard case .string(let criterion)? = data["criterion"], framework.criteria.contains(criterion) else {
                return CaseRefusal(
                    rule: "evidence.unknown-criterion",
                    message:
                        "upload evidence against a criterion of \(framework.framework.id) \(framework.framework.version)"
                )
            }
            if case .string(let id)? = data["evidence"], record.evidence[id] != nil {
                return CaseRefusal(rule: "evidence.duplicate-id", message: "evidence \(id) already exists")
            }
            if case .string(let old)? = data["supersedes"] {
                guard let item = record.evidence[old], item.status != "superseded" else {
                    return CaseRefusal(
                        rule: "evidence.supersedes", message: "evidence \(old) does not exist or is already replaced")
                }
            }
        case "evidence.accept", "evidence.reject":
            guard case .string(let id)? = data["evidence"], let item = record.evidence[id] else {
                return CaseRefusal(rule: "evidence.unknown", message: "name existing evidence, such as E-1")
            }
            guard item.status == "submitted" else {
                return CaseRefusal(rule: "evidence.reviewed", message: "evidence \(id) is already \(item.status)")
            }
            if command.name == "evidence.reject", data["reason"] == nil || data["reason"] == .string("") {
                return CaseRefusal(rule: "evidence.reason", message: "give a reason when rejecting evidence")
            }
        default:
            break
        }
        if CaseMachine.impartialEvents.contains(command.name), let roles = record.involvement[command.actor] {
            return CaseRefusal(
                rule: "impartiality.decision-maker",
                message:
                    "\(command.actor) \(roles.sorted().joined(separator: " and ")) in this case and may not decide it "
                    + "(ISO/IEC 17065: the decision maker must not have taken part in the evaluation)")
        }
        return nil
    }

    /// Applies an accepted command's facts to the record.
    static func record(_ command: CaseCommand, into record: inout CaseRecord) {
        let data = command.data
        switch command.name {
        case "review.rate":
            if case .string(let criterion)? = data["criterion"], case .string(let rating)? = data["rating"] {
                record.ratings[criterion] = rating
                record.involvement[command.actor, default: []].insert("rated")
            }
        case "evidence.upload":
            if case .string(let id)? = data["evidence"], case .string(let criterion)? = data["criterion"] {
                record.evidence[id] = CaseRecord.EvidenceItem(
                    criterion: criterion, status: "submitted", uploadedBy: command.actor)
                if case .string(let old)? = data["supersedes"] { record.evidence[old]?.status = "superseded" }
                record.involvement[command.actor, default: []].insert("uploaded")
            }
        case "evidence.accept", "evidence.reject":
            if case .string(let id)? = data["evidence"] {
                record.evidence[id]?.status = command.name == "evidence.accept" ? "accepted" : "rejected"
                record.involvement[command.actor, default: []].insert("reviewed")
            }
        default:
            break
        }
    }
}

/// A framework with its criterion ids and rating levels indexed once, for the per-event rules.
struct FrameworkIndex {
    let framework: Framework
    let criteria: Set<String>
    let ratingLevels: Set<String>
    let firstCriterion: String

    init(_ framework: Framework) {
        self.framework = framework
        let all = framework.criteria
        criteria = Set(all.map(\.id))
        ratingLevels = Set(framework.ratingScale.levels.map(\.id))
        firstCriterion = all.first?.id ?? "SL-1.1"
    }
}

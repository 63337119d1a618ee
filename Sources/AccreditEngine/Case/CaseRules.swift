import Statecharts

/// The case rules that are not the workflow's: what ratings, evidence events and decisions must satisfy, and how
/// they change the case record.
enum CaseRules {
    /// What an accepted command changes in the record, read from its data once by ``check(_:record:framework:)``.
    enum Change {
        /// A criterion is rated.
        case rating(criterion: String, level: String)
        /// Evidence is uploaded for one of the criterion's expected items (nil: none named), possibly replacing an
        /// earlier piece.
        case upload(evidence: String, criterion: String, item: Int?, supersedes: String?)
        /// The organisation assesses itself against a criterion.
        case selfAssessment(CaseSelfAssessment)
        /// Evidence is accepted or rejected (the new status).
        case review(evidence: String, status: String)
        /// A finding is raised, answered, closed or reopened (its new value).
        case finding(CaseFinding, participation: String)
        /// A person joins the case's team.
        case assignment(CaseTeamMember)
        /// A person leaves the case's team.
        case release(person: String)
        /// The sender declares a conflict of interest and so leaves the team.
        case conflictDeclared
        /// An appeal is lodged, given its panel or resolved (its new value).
        case appeal(CaseAppeal)
        /// A planned visit is recorded as held.
        case visit(CaseVisit)
        /// The case's scope is declared.
        case scope(CaseScope)
        /// A change to the scope is asked for.
        case scopeChange(CaseScopeChange)
        /// The pending scope change is approved (the scope then takes effect at `at`) or refused.
        case scopeDecision(approved: Bool, at: Instant)
        /// A criterion is proposed not applicable, or the proposal is reviewed (its new value).
        case applicability(CaseApplicability)
        /// A new assessment cycle begins (a renewal).
        case renewal(at: Instant)
        /// Evidence accepted in an earlier cycle is reused in the current one, as a new item.
        case reuse(evidence: String, from: String)
        /// The sender decides the case (like every sender, they take part in it, so may not hear its appeals).
        case decision
        /// Another act of evaluation: only the sender's part is noted.
        case evaluation
        /// Nothing beyond the statechart.
        case none
    }

    /// The change an event makes, or the first rule it breaks, by the action the workflow declares for it (never by
    /// its name); the parts of a command, so that replay need not build one.
    static func check(
        _ name: String, action: TransitionAction?, data value: Value, actor: String, record: CaseRecord,
        framework: FrameworkIndex, at time: Instant, appeal terms: () -> AppealTerms,
        inAward: () -> Bool = { false }
    ) -> Result<Change, CaseRefusal> {
        let change: Change
        switch action {
        case .rate?:
            guard case .object(let data) = value, case .string(let criterion)? = field(data, "criterion"),
                framework.criteria.contains(criterion)
            else {
                return .failure(
                    CaseRefusal(
                        rule: "review.unknown-criterion",
                        message:
                            "rate a criterion of \(framework.framework.id) \(framework.framework.version), such as \(framework.firstCriterion)"
                    ))
            }
            guard case .string(let rating)? = field(data, "rating"), framework.ratingLevelList.contains(rating) else {
                let levels = framework.framework.ratingScale.levels.map(\.id).joined(separator: ", ")
                return .failure(
                    CaseRefusal(rule: "review.unknown-rating", message: "the rating must be one of: \(levels)"))
            }
            if let refusal = coverageRefusal(actor, criterion: criterion, record: record, framework: framework)
                ?? notApplicableRefusal(criterion, record: record, framework: framework)
            {
                return .failure(refusal)
            }
            change = .rating(criterion: criterion, level: rating)
        case .upload?:
            switch checkUpload(value, record: record, framework: framework) {
            case .success(let upload): change = upload
            case .failure(let refusal): return .failure(refusal)
            }
        case .accept?, .reject?:
            let data = value
            guard case .string(let id)? = data["evidence"], let item = record.evidence[id] else {
                return .failure(CaseRefusal(rule: "evidence.unknown", message: "name existing evidence, such as E-1"))
            }
            guard item.status == "submitted" else {
                return .failure(
                    CaseRefusal(rule: "evidence.reviewed", message: "evidence \(id) is already \(item.status)"))
            }
            if action == .reject, data["reason"] == nil || data["reason"] == .string("") {
                return .failure(CaseRefusal(rule: "evidence.reason", message: "give a reason when rejecting evidence"))
            }
            if let refusal = earlierCycleRefusal(id, item, record: record)
                ?? coverageRefusal(actor, criterion: item.criterion, record: record, framework: framework)
            {
                return .failure(refusal)
            }
            change = .review(evidence: id, status: action == .accept ? "accepted" : "rejected")
        case .evaluate?:
            change = .evaluation
        case .decide?:
            if case .string(let outcome)? = value["outcome"],
                framework.framework.outcome(AwardOutcome(rawValue: outcome)) == nil
            {
                let declared = framework.framework.outcomes.map(\.id.rawValue).joined(separator: ", ")
                return .failure(
                    CaseRefusal(
                        rule: "decision.unknown-outcome",
                        message: "'\(outcome)' is not an outcome of \(framework.framework.id) "
                            + "\(framework.framework.version): record one of \(declared)"))
            }
            change = .decision
        case .raiseFinding?, .respondFinding?, .closeFinding?, .reopenFinding?:
            guard let action else { return .success(.none) }
            switch checkFinding(action, value, record: record, framework: framework, actor: actor, at: time) {
            case .success(let finding):
                if action == .raiseFinding || action == .reopenFinding,
                    let refusal = notApplicableRefusal(finding.criterion, record: record, framework: framework)
                {
                    return .failure(refusal)
                }
                if action != .respondFinding,
                    let refusal = coverageRefusal(
                        actor, criterion: finding.criterion, record: record, framework: framework)
                {
                    return .failure(refusal)
                }
                change = .finding(finding, participation: action.participation)
            case .failure(let refusal): return .failure(refusal)
            }
        case .assign?:
            switch checkAssignment(value, record: record, framework: framework, actor: actor, at: time) {
            case .success(let member): change = .assignment(member)
            case .failure(let refusal): return .failure(refusal)
            }
        case .release?:
            switch checkRelease(value, record: record) {
            case .success(let person): change = .release(person: person)
            case .failure(let refusal): return .failure(refusal)
            }
        case .declareConflict?:
            if let given = value["reason"], given != .null {
                guard case .string(let reason) = given, !reason.allSatisfy(\.isWhitespace),
                    reason.unicodeScalars.count <= 2000,
                    !reason.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
                else {
                    return .failure(
                        CaseRefusal(
                            rule: "conflict.reason",
                            message: "the reason for a conflict of interest is text of 1 to 2,000 characters"))
                }
            }
            change = .conflictDeclared
        case .lodgeAppeal?:
            switch checkLodge(value, record: record, terms: terms(), actor: actor, at: time) {
            case .success(let appeal): change = .appeal(appeal)
            case .failure(let refusal): return .failure(refusal)
            }
        case .appointPanel?:
            switch checkPanel(value, record: record, actor: actor) {
            case .success(let appeal): change = .appeal(appeal)
            case .failure(let refusal): return .failure(refusal)
            }
        case .upholdAppeal?, .dismissAppeal?:
            let outcome: CaseAppeal.Outcome = action == .upholdAppeal ? .upheld : .dismissed
            switch checkResolution(
                outcome, value, record: record, framework: framework.framework, actor: actor, at: time)
            {
            case .success(let appeal): change = .appeal(appeal)
            case .failure(let refusal): return .failure(refusal)
            }
        case .holdVisit?:
            switch checkVisit(value, record: record, actor: actor, at: time) {
            case .success(let visit): change = .visit(visit)
            case .failure(let refusal): return .failure(refusal)
            }
        case .declareScope?:
            switch checkDeclaration(value, record: record, framework: framework, actor: actor, at: time) {
            case .success(let scope): change = .scope(scope)
            case .failure(let refusal): return .failure(refusal)
            }
        case .requestScopeChange?:
            switch checkScopeRequest(value, record: record, framework: framework, actor: actor, at: time) {
            case .success(let request): change = .scopeChange(request)
            case .failure(let refusal): return .failure(refusal)
            }
        case .decideScopeChange?:
            switch checkScopeDecision(value, record: record) {
            case .success(let approved): change = .scopeDecision(approved: approved, at: time)
            case .failure(let refusal): return .failure(refusal)
            }
        case .proposeNotApplicable?:
            if record.scopeChange == nil, inAward() { return .failure(awardApplicability()) }
            switch checkProposal(value, record: record, framework: framework, actor: actor, at: time) {
            case .success(let proposal): change = .applicability(proposal)
            case .failure(let refusal): return .failure(refusal)
            }
        case .reviewNotApplicable?:
            if record.scopeChange == nil, value["decision"] == .string("accept"), inAward() {
                return .failure(awardApplicability())
            }
            switch checkApplicabilityReview(value, record: record, framework: framework, actor: actor, at: time) {
            case .success(let proposal):
                if let refusal = coverageRefusal(
                    actor, criterion: proposal.criterion, record: record, framework: framework)
                {
                    return .failure(refusal)
                }
                change = .applicability(proposal)
            case .failure(let refusal): return .failure(refusal)
            }
        case .renew?:
            change = .renewal(at: time)
        case .reuseEvidence?:
            switch checkReuse(value, record: record, framework: framework) {
            case .success(let (id, from)): change = .reuse(evidence: id, from: from)
            case .failure(let refusal): return .failure(refusal)
            }
        case .selfAssess?:
            switch checkSelfAssessment(value, framework: framework, actor: actor, at: time) {
            case .success(let assessment):
                if let refusal = notApplicableRefusal(assessment.criterion, record: record, framework: framework) {
                    return .failure(refusal)
                }
                change = .selfAssessment(assessment)
            case .failure(let refusal): return .failure(refusal)
            }
        case nil:
            change = .none
        }
        if action == .decide || action == .decideScopeChange, let refusal = decisionRefusal(actor, record: record) {
            return .failure(refusal)
        }
        return .success(change)
    }

    /// The checks of an upload: a criterion of the framework, a new evidence id, and an existing item it replaces.
    private static func checkUpload(_ data: Value, record: CaseRecord, framework: FrameworkIndex) -> Result<
        Change, CaseRefusal
    > {
        guard case .string(let criterion)? = data["criterion"], framework.criteria.contains(criterion) else {
            return .failure(
                CaseRefusal(
                    rule: "evidence.unknown-criterion",
                    message:
                        "upload evidence against a criterion of \(framework.framework.id) \(framework.framework.version)"
                ))
        }
        let id: String?
        if case .string(let given)? = data["evidence"] {
            if record.evidence[given] != nil {
                return .failure(CaseRefusal(rule: "evidence.duplicate-id", message: "evidence \(given) already exists"))
            }
            id = given
        } else {
            id = nil
        }
        var supersedes: String?
        var replacedItem: Int?
        if case .string(let old)? = data["supersedes"] {
            guard let item = record.evidence[old], item.status != "superseded" else {
                return .failure(
                    CaseRefusal(
                        rule: "evidence.supersedes", message: "evidence \(old) does not exist or is already replaced"))
            }
            if let refusal = earlierCycleRefusal(old, item, record: record) { return .failure(refusal) }
            supersedes = old
            if item.criterion == criterion { replacedItem = item.item }
        }
        let item: Int?
        switch expectedItem(data["item"], criterion: criterion, replacing: replacedItem, framework: framework) {
        case .success(let number): item = number
        case .failure(let refusal): return .failure(refusal)
        }
        guard let id else { return .success(.none) }
        return .success(.upload(evidence: id, criterion: criterion, item: item, supersedes: supersedes))
    }

    /// `impartiality.decision-maker`: why `actor` may not decide the case, having taken part in its evaluation, or nil.
    static func decisionRefusal(_ actor: String, record: CaseRecord) -> CaseRefusal? {
        guard let roles = record.involvement[actor] else { return nil }
        return CaseRefusal(
            rule: "impartiality.decision-maker",
            message: "\(actor) \(Self.list(roles.sorted())) in this case and may not decide it "
                + "(ISO/IEC 17065: the decision maker must not have taken part in the evaluation)")
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Applies an accepted command's change to the record.
    static func record(_ change: Change, by actor: String, into record: inout CaseRecord) {
        switch change {
        case .rating(let criterion, let level):
            record.ratings[criterion] = level
            if record.scopeChange != nil { record.scopeChange?.rated.insert(criterion) }
            involve(actor, "rated", in: &record)
        case .upload(let id, let criterion, let item, let supersedes):
            record.setEvidence(
                id,
                CaseRecord.EvidenceItem(
                    criterion: criterion, status: "submitted", uploadedBy: actor, cycle: record.cycle, item: item))
            if let supersedes { setStatus("superseded", of: supersedes, in: &record) }
            involve(actor, "uploaded", in: &record)
        case .review(let id, let status):
            setStatus(status, of: id, in: &record)
            involve(actor, "reviewed", in: &record)
        case .finding(let finding, let participation):
            record.setFinding(finding)
            involve(actor, participation, in: &record)
        case .evaluation:
            involve(actor, "evaluated", in: &record)
        case .assignment(let member):
            record.team[member.person] = member
            record.participants.insert(member.person)
        case .release(let person):
            record.team[person] = nil
        case .conflictDeclared:
            if record.team[actor] != nil { record.team[actor] = nil }
        case .appeal(let appeal):
            record.appeals[appeal.id] = appeal
        case .visit(let visit):
            record.visits[visit.id] = visit
            involve(actor, "visited", in: &record)
            // The visitors join the team (the planner assigned them) and took part in the evaluation.
            for person in visit.visitors {
                if record.team[person] == nil {
                    record.team[person] = CaseTeamMember(
                        person: person, position: .member, foundations: nil, assignedBy: visit.plannedBy,
                        assignedAt: visit.heldAt)
                }
                record.participants.insert(person)
                involve(person, "visited", in: &record)
            }
        case .scope(let scope):
            // Declaring what is assessed is not evaluating it: the secretariat may declare it and still decide.
            record.scope = scope
        case .scopeChange(let request):
            record.scopeChange = request
        case .scopeDecision(let approved, let time):
            if approved, let request = record.scopeChange {
                record.scope = CaseScope(
                    services: request.services, declaredBy: request.requestedBy, declaredAt: time,
                    history: record.scope?.history ?? [])
            }
            record.scopeChange = nil
        case .applicability(let proposal):
            record.applicability[proposal.criterion] = proposal
            involve(
                actor, proposal.status == .proposed ? "proposed a criterion not applicable" : "reviewed", in: &record)
        case .renewal(let time):
            record.beginCycle(at: time, by: actor)
        case .reuse(let id, let from):
            if let original = record.evidence[from] {
                record.setEvidence(
                    id,
                    CaseRecord.EvidenceItem(
                        criterion: original.criterion, status: "submitted", uploadedBy: actor, cycle: record.cycle,
                        reusedFrom: from, item: original.item))
            }
            involve(actor, "uploaded", in: &record)
        case .selfAssessment(let assessment):
            record.selfAssessments[assessment.criterion] = assessment
            involve(actor, "self-assessed", in: &record)
        case .decision, .none:
            break
        }
        // Everyone who sent an event took part in the case (the system's deadlines aside): not one of them may hear
        // its appeals.
        if actor != WorkflowExtension.systemRole, !record.participants.contains(actor) {
            record.participants.insert(actor)
        }
    }

    /// Records the open appeal as lapsed when the case has left the state that holds the decision (its scope) by
    /// `event` before the panel resolved it: a suspension, say, or the award's expiry, overtook it.
    static func lapseOvertakenAppeal(
        in record: inout CaseRecord, configuration: () -> [String], event: String, at time: Instant
    ) {
        guard var open = record.openAppeal, !configuration().contains(open.scope) else { return }
        open.outcome = .lapsed
        open.reasons = "overtaken: \(event) took the case out of \(open.scope) before the panel resolved the appeal"
        open.resolvedAt = time
        record.appeals[open.id] = open
    }

    /// Changes an evidence item's status, if it exists.
    private static func setStatus(_ status: String, of id: String, in record: inout CaseRecord) {
        guard var item = record.evidence[id] else { return }
        item.status = status
        record.setEvidence(id, item)
    }

    /// Notes how an actor took part, without touching the record when it already says so (the set holds at most
    /// three words, so it is scanned rather than hashed).
    private static func involve(_ actor: String, _ how: String, in record: inout CaseRecord) {
        if record.involvement[actor]?.contains(where: { $0 == how }) == true { return }
        record.involvement[actor, default: []].insert(how)
    }

    /// A member of an event's data: small objects (every event's data in practice) are scanned, which is cheaper
    /// than hashing the key.
    private static func field(_ data: [String: Value], _ key: String) -> Value? {
        guard data.count <= 8 else { return data[key] }
        for (name, value) in data where name == key { return value }
        return nil
    }
}

/// A framework with its criterion ids and rating levels indexed once, for the per-event rules.
struct FrameworkIndex {
    let framework: Framework
    let criteria: Set<String>
    /// The rating level ids in scale order (a handful, so scanned rather than hashed per event).
    let ratingLevelList: [String]
    let firstCriterion: String
    /// Each criterion's foundation code.
    let foundationOf: [String: String]
    /// Each criterion's expected evidence items' descriptions.
    let expectedEvidence: [String: [String]]

    init(_ framework: Framework) {
        self.framework = framework
        var foundationOf: [String: String] = [:]
        var expectedEvidence: [String: [String]] = [:]
        for foundation in framework.foundations {
            for standard in foundation.standards {
                for criterion in standard.criteria {
                    foundationOf[criterion.id] = foundation.id
                    expectedEvidence[criterion.id] = criterion.expectedEvidence.map(\.description)
                }
            }
        }
        self.foundationOf = foundationOf
        self.expectedEvidence = expectedEvidence
        let all = framework.criteria
        criteria = Set(all.map(\.id))
        ratingLevelList = framework.ratingScale.levels.map(\.id)
        firstCriterion = all.first?.id ?? "SL-1.1"
    }
}

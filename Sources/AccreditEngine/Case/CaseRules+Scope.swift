import Statecharts

/// The rules of a case's scope and of criteria found not applicable to it. Rules: `scope.services` (1 to 64
/// distinct services, each complete), `scope.kind` (a kind the framework declares), `scope.undeclared`,
/// `scope.change-pending`, `scope.unchanged`, `scope.no-change`, `scope.decision`, `scope.reason`;
/// `applicability.unknown-criterion`, `applicability.never` (the framework never lets the criterion be found not
/// applicable), `applicability.in-scope` (it applies to a kind of service in the scope), `applicability.pending`,
/// `applicability.accepted`, `applicability.rejected`, `applicability.rated`, `applicability.finding`,
/// `applicability.stale`, `applicability.lead`, `applicability.award`, `applicability.none`, `applicability.decision`,
/// `applicability.justification`, `applicability.reason`, and `applicability.not-applicable` (a criterion left out is
/// neither rated nor found against). That each service is the directory's is the desk's to check.
extension CaseRules {
    /// The longest justification or reason, in characters.
    static let maximumScopeText = 2000

    /// The services a `declare-scope` or `request-scope-change` event names, or the first rule they break.
    static func checkServices(_ value: Value, framework: FrameworkIndex) -> Result<[CaseScope.Service], CaseRefusal> {
        let shape = CaseRefusal(
            rule: "scope.services",
            message: "name 1 to \(CaseScope.maximumServices) distinct services of the organisation from the "
                + "directory, as {\"services\": [\"code\", ...]}")
        guard case .array(let items)? = value["services"], (1...CaseScope.maximumServices).contains(items.count)
        else { return .failure(shape) }
        var services: [CaseScope.Service] = []
        for item in items {
            guard case .string(let code)? = item["service"], CaseScope.isCode(code),
                !services.contains(where: { $0.code == code }),
                case .string(let name)? = item["name"], isText(name, limit: 500),
                case .string(let kind)? = item["kind"], CaseScope.isCode(kind),
                case .string(let site)? = item["site"], CaseScope.isCode(site),
                case .string(let siteName)? = item["siteName"], isText(siteName, limit: 500)
            else { return .failure(shape) }
            let kinds = framework.framework.serviceKinds
            if !kinds.isEmpty, framework.framework.serviceKind(kind) == nil {
                return .failure(
                    CaseRefusal(
                        rule: "scope.kind",
                        message: "service \(code) is of kind '\(kind)', which \(framework.framework.id) "
                            + "\(framework.framework.version) does not assess: its kinds are "
                            + kinds.map(\.id).joined(separator: ", ")))
            }
            services.append(CaseScope.Service(code: code, name: name, kind: kind, site: site, siteName: siteName))
        }
        return .success(services)
    }

    /// The scope a `declare-scope` event gives the case, or the first rule it breaks.
    static func checkDeclaration(
        _ value: Value, record: CaseRecord, framework: FrameworkIndex, actor: String, at time: Instant
    ) -> Result<CaseScope, CaseRefusal> {
        if let pending = record.scopeChange {
            return .failure(changePending(pending))
        }
        return checkServices(value, framework: framework).map {
            CaseScope(services: $0, declaredBy: actor, declaredAt: time, history: record.scope?.history ?? [])
        }
    }

    /// The change a `request-scope-change` event asks for, or the first rule it breaks.
    static func checkScopeRequest(
        _ value: Value, record: CaseRecord, framework: FrameworkIndex, actor: String, at time: Instant
    ) -> Result<CaseScopeChange, CaseRefusal> {
        guard let scope = record.scope else { return .failure(undeclared()) }
        if let pending = record.scopeChange { return .failure(changePending(pending)) }
        let services: [CaseScope.Service]
        switch checkServices(value, framework: framework) {
        case .success(let named): services = named
        case .failure(let refusal): return .failure(refusal)
        }
        guard Set(services) != Set(scope.services) else {
            return .failure(
                CaseRefusal(
                    rule: "scope.unchanged",
                    message: "the scope already holds exactly these services: add or remove at least one"))
        }
        guard case .string(let reason)? = value["reason"], isText(reason, limit: maximumScopeText) else {
            return .failure(reasonRefusal("say why the scope should change"))
        }
        var change = CaseScopeChange(services: services, reason: reason, requestedBy: actor, requestedAt: time)
        var after = record
        after.scopeChange = change
        if let scopeAfter = after.scopeAfterChange {
            let now = record.notApplicable(in: framework.framework)
            let then = CaseRecord.notApplicable(record.applicability, scope: scopeAfter, framework: framework.framework)
            change.bringsIn = now.subtracting(then).sorted()
        }
        return .success(change)
    }

    /// Whether a `decide-scope-change` event approves the pending change, or the first rule it breaks.
    static func checkScopeDecision(_ value: Value, record: CaseRecord) -> Result<Bool, CaseRefusal> {
        guard record.scopeChange != nil else {
            return .failure(CaseRefusal(rule: "scope.no-change", message: "no scope change is waiting for a decision"))
        }
        guard case .string(let decision)? = value["decision"], decision == "approve" || decision == "refuse" else {
            return .failure(
                CaseRefusal(rule: "scope.decision", message: "the decision on a scope change is approve or refuse"))
        }
        guard case .string(let reason)? = value["reason"], isText(reason, limit: maximumScopeText) else {
            return .failure(reasonRefusal("give the reasons for the decision"))
        }
        return .success(decision == "approve")
    }

    /// The proposal a `propose-not-applicable` event makes, or the first rule it breaks: once per criterion for the
    /// scope under review (one rejected for it stays rejected), before the criterion is rated (or for a change of
    /// scope), and not while a finding against it is outstanding.
    static func checkProposal(
        _ value: Value, record: CaseRecord, framework: FrameworkIndex, actor: String, at time: Instant
    ) -> Result<CaseApplicability, CaseRefusal> {
        let criterion: Criterion
        switch applicableCriterion(value, record: record, framework: framework) {
        case .success(let found): criterion = found
        case .failure(let refusal): return .failure(refusal)
        }
        let codes = record.codesUnderReview
        if let earlier = record.applicability[criterion.id], earlier.forServices == codes {
            switch earlier.status {
            case .proposed:
                return .failure(
                    CaseRefusal(
                        rule: "applicability.pending",
                        message: "\(criterion.id) is already proposed not applicable and awaits an assessor's review"))
            case .accepted:
                return .failure(
                    CaseRefusal(
                        rule: "applicability.accepted",
                        message: "\(criterion.id) is already accepted as not applicable"))
            case .rejected:
                return .failure(
                    CaseRefusal(
                        rule: "applicability.rejected",
                        message: "\(earlier.reviewedBy ?? "an assessor") rejected \(criterion.id) as not applicable to "
                            + "this scope (\(earlier.reason ?? "")): it is assessed"))
            }
        }
        if record.scopeChange == nil, let rating = record.ratings[criterion.id] {
            return .failure(
                CaseRefusal(
                    rule: "applicability.rated",
                    message:
                        "\(criterion.id) is already rated \(rating): a criterion is proposed not applicable before "
                        + "it is assessed"))
        }
        if let refusal = findingRefusal(criterion.id, record: record) { return .failure(refusal) }
        guard case .string(let justification)? = value["justification"],
            isText(justification, limit: maximumScopeText)
        else {
            return .failure(
                CaseRefusal(
                    rule: "applicability.justification",
                    message: "justify why \(criterion.id) does not apply to the case's scope: text of 1 to 2,000 "
                        + "characters"))
        }
        return .success(
            CaseApplicability(
                criterion: criterion.id, forServices: codes, justification: justification, proposedBy: actor,
                proposedAt: time))
    }

    /// The proposal as a `review-not-applicable` event leaves it, or the first rule it breaks. Accepting needs a
    /// proposal for the scope under review, no outstanding finding against the criterion and, for a mandatory
    /// criterion, the lead assessor; rejecting also reverses an acceptance.
    static func checkApplicabilityReview(
        _ value: Value, record: CaseRecord, framework: FrameworkIndex, actor: String, at time: Instant
    ) -> Result<CaseApplicability, CaseRefusal> {
        guard case .string(let id)? = value["criterion"], var proposal = record.applicability[id],
            proposal.status != .rejected
        else {
            return .failure(
                CaseRefusal(
                    rule: "applicability.none",
                    message: "name a criterion proposed not applicable (or accepted as such) in this case"))
        }
        guard case .string(let decision)? = value["decision"], decision == "accept" || decision == "reject" else {
            return .failure(
                CaseRefusal(rule: "applicability.decision", message: "the review's decision is accept or reject"))
        }
        if decision == "accept" {
            let codes = record.codesUnderReview
            guard proposal.forServices == codes else {
                return .failure(
                    CaseRefusal(
                        rule: "applicability.stale",
                        message: "\(id) was proposed not applicable for another scope than the one under review: the "
                            + "organisation proposes it again for this one"))
            }
            if proposal.status == .accepted {
                return .failure(
                    CaseRefusal(rule: "applicability.accepted", message: "\(id) is already accepted as not applicable"))
            }
            if case .failure(let refusal) = applicableCriterion(value, record: record, framework: framework) {
                return .failure(refusal)
            }
            if let refusal = findingRefusal(id, record: record) { return .failure(refusal) }
            if framework.framework.criterion(id)?.mandatory == true, record.team[actor]?.position != .lead {
                return .failure(
                    CaseRefusal(
                        rule: "applicability.lead",
                        message: "\(id) is mandatory: only the lead assessor accepts it as not applicable"))
            }
        }
        guard case .string(let reason)? = value["reason"], isText(reason, limit: maximumScopeText) else {
            return .failure(
                CaseRefusal(
                    rule: "applicability.reason",
                    message: "give the reason for the review: text of 1 to 2,000 characters"))
        }
        proposal.status = decision == "accept" ? .accepted : .rejected
        proposal.reviewedBy = actor
        proposal.reviewedAt = time
        proposal.reason = reason
        return .success(proposal)
    }

    /// `applicability.finding`: why a criterion with an outstanding finding may not be left out, or nil.
    private static func findingRefusal(_ criterion: String, record: CaseRecord) -> CaseRefusal? {
        guard
            let finding = record.findingsInOrder.first(where: {
                $0.criterion == criterion && $0.status.isOutstanding
            })
        else { return nil }
        return CaseRefusal(
            rule: "applicability.finding",
            message: "finding \(finding.id) against \(criterion) is outstanding: it is corrected and closed first")
    }

    /// `applicability.award`: during an award, criteria are left out only as part of a change of scope.
    static func awardApplicability() -> CaseRefusal {
        CaseRefusal(
            rule: "applicability.award",
            message: "during an award a criterion is found not applicable only as part of a change of scope: ask "
                + "for the change first")
    }

    /// `applicability.not-applicable`: why `criterion` may not be rated or found against, being left out of the
    /// case (and of the scope a pending change asks for), or nil.
    static func notApplicableRefusal(_ criterion: String, record: CaseRecord, framework: FrameworkIndex)
        -> CaseRefusal?
    {
        guard record.applicability[criterion]?.status == .accepted,
            record.notApplicable(in: framework.framework).contains(criterion)
        else { return nil }
        // A criterion that a pending scope change brings back into the assessment is assessed for the change.
        if let after = record.scopeAfterChange,
            !CaseRecord.notApplicable(record.applicability, scope: after, framework: framework.framework)
                .contains(criterion)
        {
            return nil
        }
        return CaseRefusal(
            rule: "applicability.not-applicable",
            message: "\(criterion) was accepted as not applicable to the case's scope: an assessor reverses that "
                + "(a review that rejects it) before it is assessed")
    }

    /// The criterion an applicability event names, if the framework lets it be found not applicable to the scope
    /// the case has, or is asked to have.
    private static func applicableCriterion(_ value: Value, record: CaseRecord, framework: FrameworkIndex)
        -> Result<Criterion, CaseRefusal>
    {
        guard case .string(let id)? = value["criterion"], let criterion = framework.framework.criterion(id) else {
            return .failure(
                CaseRefusal(
                    rule: "applicability.unknown-criterion",
                    message: "name a criterion of \(framework.framework.id) \(framework.framework.version), such as "
                        + framework.firstCriterion))
        }
        guard let kinds = record.scopeChange?.kinds ?? record.scope?.kinds else { return .failure(undeclared()) }
        guard criterion.notApplicable == .justified || !criterion.appliesTo.isEmpty else {
            return .failure(
                CaseRefusal(
                    rule: "applicability.never",
                    message: "\(framework.framework.id) assesses \(id) in every scope: it cannot be found not "
                        + "applicable"))
        }
        guard criterion.mayBeNotApplicable(toKinds: kinds) else {
            let kinds = criterion.appliesTo.filter(kinds.contains)
            return .failure(
                CaseRefusal(
                    rule: "applicability.in-scope",
                    message: "\(id) applies to \(list(kinds)) services, and the case's scope holds one: it is "
                        + "assessed"))
        }
        return .success(criterion)
    }

    private static func undeclared() -> CaseRefusal {
        CaseRefusal(rule: "scope.undeclared", message: "the case has no declared scope: declare its services first")
    }

    private static func changePending(_ pending: CaseScopeChange) -> CaseRefusal {
        CaseRefusal(
            rule: "scope.change-pending",
            message: "a scope change asked for by \(pending.requestedBy) on \(pending.requestedAt.iso8601) awaits a "
                + "decision")
    }

    private static func reasonRefusal(_ what: String) -> CaseRefusal {
        CaseRefusal(rule: "scope.reason", message: "\(what): text of 1 to 2,000 characters")
    }
}

extension CaseScope {
    /// Whether a string is a directory code for a site, a service or a kind: a letter or digit, then letters,
    /// digits, `.`, `_` or `-`; at most 64.
    public static func isCode(_ code: String) -> Bool {
        CaseRules.isActorID(code) && !code.utf8.contains(0x40)
    }
}

import Statecharts

/// What taking a transition does in the accreditation domain, declared with `acc:action` so that the case rules
/// follow the transition, whatever its event is called.
public enum TransitionAction: String, CaseIterable, Hashable, Sendable {
    /// Uploads evidence: data `{"evidence", "criterion", "supersedes"?}`; the uploader takes part in the case.
    case upload
    /// Accepts submitted evidence: data `{"evidence"}`; the reviewer takes part in the evaluation.
    case accept
    /// Rejects submitted evidence: data `{"evidence", "reason"}`; the reviewer takes part in the evaluation.
    case reject
    /// Rates a criterion: data `{"criterion", "rating"}`; the rater takes part in the evaluation.
    case rate
    /// Any other act of evaluation (a visit, findings, a recommendation, closing conditions, surveillance): the
    /// sender takes part in the evaluation.
    case evaluate
    /// Decides the case or hears its appeal: refused to anyone who took part in the evaluation.
    case decide
    /// Declares a conflict of interest in the case: the one act a conflicted evaluator or decider may still send.
    case declareConflict = "declare-conflict"
    /// Raises a finding: data `{"finding", "criterion", "severity", "statement", "evidence"?, "respondWithin"?}`
    /// (the desk fills in the next finding id and the severity's time to respond when they are left out).
    case raiseFinding = "raise-finding"
    /// The organisation's corrective action on an open finding: data `{"finding", "response", "evidence"?}`.
    case respondFinding = "respond-finding"
    /// An assessor verifies a finding's corrective action and closes it: data `{"finding", "note"?}`.
    case closeFinding = "close-finding"
    /// An assessor asks again for an outstanding finding's corrective action (an answer found wanting, or none by the
    /// date), with a new date: data `{"finding", "reason", "respondWithin"?}`.
    case reopenFinding = "reopen-finding"
    /// The secretariat assigns a person to evaluate the case: data `{"person", "position"?: "lead"|"member",
    /// "foundations"?: [codes]}`. The person must hold an evaluation role, have no conflict of interest with the
    /// organisation (nor one ended within two years) and a current competence record for the framework's foundations.
    case assign
    /// The secretariat takes a person off the case's team: data `{"person", "reason"}`.
    case release
    /// The organisation appeals the decision the case's current state holds (`acc:appeal` on the state): data
    /// `{"grounds"}`. One appeal is heard at a time.
    case lodgeAppeal = "lodge-appeal"
    /// The secretariat appoints the panel that hears the open appeal: data `{"panel": [actor ids]}`. Each member
    /// holds a deciding role, took no part in the case (evaluation, decision, team) and has no conflict of interest
    /// with the organisation.
    case appointPanel = "appoint-panel"
    /// A member of the panel records that it upholds the open appeal: data `{"reasons"}`.
    case upholdAppeal = "uphold-appeal"
    /// A member of the panel records that it dismisses the open appeal: data `{"reasons"}`.
    case dismissAppeal = "dismiss-appeal"
    /// A member of the team records a planned visit as held (one the organisation was not told of: unannounced, or
    /// for cause after complaints): data `{"visit", "kind", "plannedBy", "plannedAt", "complaints"?: [{"complaint",
    /// "summary"}], "report"}` (the desk fills in the plan's details from the store's plan).
    case holdVisit = "hold-visit"
    /// The organisation (or the secretariat for it) declares what the case assesses: data `{"services": [{"service",
    /// "name", "kind", "site", "siteName"}]}` (the desk fills in each service's details from the directory when only
    /// its code is given). A new declaration replaces the last.
    case declareScope = "declare-scope"
    /// The organisation asks to extend or reduce an awarded case's scope: data `{"services": [...], "reason"}`, as
    /// for `declare-scope`. One change is pending at a time.
    case requestScopeChange = "request-scope-change"
    /// A decision maker approves or refuses the pending scope change: data `{"decision": "approve"|"refuse",
    /// "reason"}`. Refused to anyone who took part in the evaluation; an approval gives the scope (and so the
    /// certificate) the change's services.
    case decideScopeChange = "decide-scope-change"
    /// The organisation proposes that a criterion does not apply to the case's scope: data `{"criterion",
    /// "justification"}`. Only for a criterion the framework lets be found not applicable to that scope.
    case proposeNotApplicable = "propose-not-applicable"
    /// An assessor accepts or rejects a proposal that a criterion is not applicable (or reverses an accepted one):
    /// data `{"criterion", "decision": "accept"|"reject", "reason"}`.
    case reviewNotApplicable = "review-not-applicable"
    /// The organisation applies to renew its award: a new assessment cycle begins (``CaseRecord/beginCycle(at:by:)``),
    /// with no ratings, evidence or proposals carried over, while the award runs on until the renewal's decision or
    /// its expiry. Data `{}`. Only offered inside an award state (a static check).
    case renew
    /// The organisation reuses, in a renewal, evidence an assessor accepted in an earlier cycle, where the framework
    /// allows it for the criterion (`reuse-evidence`): data `{"evidence"}`. It is submitted again, marked reused, for
    /// the team to review afresh.
    case reuseEvidence = "reuse-evidence"
    /// The organisation assesses itself against a criterion before it submits: data `{"criterion", "rating",
    /// "narrative"}`, the rating a level of the framework's scale and the narrative 1 to 4,000 characters. A new
    /// self-assessment of the criterion replaces the last; renewal begins without any.
    case selfAssess = "self-assess"

    /// The actions that evaluate the case: only its assigned team may send them (administrators excepted).
    public static let evaluating: Set<TransitionAction> = [
        .accept, .reject, .rate, .evaluate, .raiseFinding, .closeFinding, .reopenFinding, .holdVisit,
        .reviewNotApplicable,
    ]

    /// Whether the sender takes part in the case's evaluation, which bars them from deciding it.
    public var involves: Bool {
        switch self {
        case .upload, .accept, .reject, .rate, .evaluate, .raiseFinding, .respondFinding, .closeFinding,
            .reopenFinding, .holdVisit, .declareScope, .requestScopeChange, .proposeNotApplicable, .reviewNotApplicable,
            .reuseEvidence, .selfAssess:
            true
        case .decide, .declareConflict, .assign, .release, .lodgeAppeal, .appointPanel, .upholdAppeal, .dismissAppeal,
            .decideScopeChange, .renew:
            false
        }
    }

    /// How the record notes the sender's part ("rated", "reviewed", …).
    public var participation: String {
        switch self {
        case .upload: "uploaded"
        case .accept, .reject: "reviewed"
        case .rate: "rated"
        case .evaluate: "evaluated"
        case .decide: "decided"
        case .declareConflict: "declared a conflict"
        case .raiseFinding, .closeFinding, .reopenFinding: "evaluated"
        case .respondFinding: "responded"
        case .assign: "assigned"
        case .release: "released"
        case .lodgeAppeal: "appealed"
        case .appointPanel: "appointed a panel"
        case .upholdAppeal, .dismissAppeal: "heard an appeal"
        case .holdVisit: "visited"
        case .declareScope: "declared the scope"
        case .requestScopeChange: "asked for a scope change"
        case .decideScopeChange: "decided a scope change"
        case .proposeNotApplicable: "proposed a criterion not applicable"
        case .reviewNotApplicable: "reviewed"
        case .renew: "applied for renewal"
        case .reuseEvidence: "uploaded"
        case .selfAssess: "self-assessed"
        }
    }
}

extension Transition {
    /// The action in `acc:action`, or nil when the attribute is absent or names no action (the static checks refuse
    /// an unknown one).
    public var declaredAction: TransitionAction? {
        extensions.first { $0.namespace == WorkflowExtension.namespace && $0.name == "action" }
            .flatMap { TransitionAction(rawValue: $0.value) }
    }

    /// The raw `acc:action` attribute, if present.
    public var actionAttribute: String? {
        extensions.first { $0.namespace == WorkflowExtension.namespace && $0.name == "action" }?.value
    }
}

extension Document {
    /// The event names that transitions declare with `action` (exact descriptors), sorted: what a command such as
    /// "upload evidence" sends in this workflow, whatever the event is called.
    public func eventNames(for action: TransitionAction) -> [String] {
        var names: Set<String> = []
        func visit(_ nodes: [StateNode]) {
            for node in nodes {
                for transition in node.transitions where transition.declaredAction == action {
                    for descriptor in transition.descriptors where !descriptor.isWildcard && !descriptor.name.isEmpty {
                        names.insert(descriptor.name)
                    }
                }
                visit(node.children)
            }
        }
        visit(children)
        return names.sorted()
    }
}

import AccreditEngine

/// The events a person may send to a case now (from the same rules as `case next`), split into those a button
/// sends, those with a form of their own (uploading, reviewing, rating, deciding), and those blocked, with why.
struct CaseActions {
    /// The events the person's roles may send from the case's states.
    let events: [AcceptedEvent]
    /// The workflow's declared action of each event name.
    let action: (String) -> TransitionAction?

    /// The actions that need a form with data rather than a button.
    static let withForms: Set<TransitionAction> = [
        .upload, .accept, .reject, .rate, .raiseFinding, .respondFinding, .closeFinding, .reopenFinding, .assign,
        .release, .lodgeAppeal, .appointPanel, .upholdAppeal, .dismissAppeal, .declareScope, .proposeNotApplicable,
        .reviewNotApplicable, .requestScopeChange, .decideScopeChange, .reuseEvidence, .selfAssess,
    ]

    /// Decisions that take an outcome (their guards read `_event.data.outcome`): sent from the decision page. Their
    /// guards hold only with the outcome in the data, so they are listed whether or not they are enabled without it.
    var decisions: [AcceptedEvent] {
        events.filter { action($0.name) == .decide && $0.guards.contains { $0.contains("_event.data.outcome") } }
    }

    /// Events a button sends: `{event, label}`.
    var buttons: [[String: Any]] {
        events.filter { $0.enabled && !needsForm($0.name) }.map {
            ["event": $0.name, "label": PortalLinks.words($0.name), "noteLink": "/send/" + PortalLinks.escape($0.name)]
        }
    }

    /// Events blocked by a guard: `{label, reason}` (decisions, whose guards need the form's outcome, and the findings'
    /// events, are not).
    var blocked: [[String: Any]] {
        let decisions = Set(self.decisions.map(\.name))
        // Findings and appeals have sections of their own, which show what can be done to each; reuse is offered
        // on each earlier cycle's item in the checklist, and the self-assessment on its own page.
        let findings: Set<TransitionAction> = [
            .raiseFinding, .respondFinding, .closeFinding, .reopenFinding, .upholdAppeal, .dismissAppeal,
            .reuseEvidence, .selfAssess,
        ]
        return events.filter { event in
            !event.enabled && !decisions.contains(event.name) && !(action(event.name).map(findings.contains) ?? false)
                // A change of scope's steps wait for the change, which the scope section offers.
                && !event.guards.contains { $0.contains("scopeChangePending()") }
        }.map { event in
            ["label": PortalLinks.words(event.name), "reason": event.guards.map(Self.reason).joined(separator: "; ")]
        }
    }

    /// Whether the person may do an action (some enabled event carries it).
    func may(_ wanted: TransitionAction) -> Bool {
        events.contains { $0.enabled && action($0.name) == wanted }
    }

    /// Whether the event's action needs a form.
    func needsForm(_ event: String) -> Bool {
        (action(event).map { Self.withForms.contains($0) } ?? false) || decisions.contains { $0.name == event }
    }

    /// Why a guard blocks, in words: what each of the case functions it calls needs, joined; anything else is
    /// quoted. (Which part fails is not known here, so every requirement of the guard is listed.)
    static func reason(_ guardText: String) -> String {
        var needs: [String] = []
        if guardText.contains("missingEvidence()") {
            needs.append("every mandatory criterion needs evidence for each expected item first")
        }
        if guardText.contains("selfAssessmentMissing()") {
            needs.append("every criterion needs your self-assessment first")
        }
        if guardText.contains("unratedCriteria()") { needs.append("every criterion must be rated first") }
        if guardText.contains("daysToExpiry()") { needs.append("only possible as the award nears its expiry date") }
        if guardText.contains("assigned(") { needs.append("a lead assessor must be assigned first") }
        if guardText.contains("scopeServices()") { needs.append("the scope must be declared first") }
        if guardText.contains("pendingNotApplicable()") {
            needs.append("every criterion proposed not applicable must be reviewed first")
        }
        if guardText.contains("scopeChangeUnrated()") {
            needs.append("every criterion the change of scope brings in must be rated first")
        }
        if guardText.contains("scopeChangePending()") { needs.append("a change of scope must be asked for") }
        if guardText.contains("openFindings(") {
            needs.append(
                guardText.contains("> 0")
                    ? "a finding that must be corrected before the decision has to be open"
                    : "every finding that must be corrected first has to be closed")
        }
        return needs.isEmpty
            ? "the workflow's condition \(guardText) does not hold yet" : needs.joined(separator: ", and ")
    }
}

import Statecharts

/// The rules of appeals that the record alone decides: what lodging one, appointing its panel and resolving it must
/// say, and that the panel had no part in the case. Rules: `appeal.nothing-to-appeal`, `appeal.late`,
/// `appeal.already-open`, `appeal.grounds`, `appeal.none-open`, `appeal.panel`, `appeal.panel-involved`,
/// `appeal.no-panel`, `appeal.not-on-panel`, `appeal.reasons`, `appeal.outcome`. Who may sit on a panel at all (roles, conflicts) is
/// ``CaseAccess``'s.
extension CaseRules {
    /// The most people a panel may have.
    static let maximumPanel = 9

    /// What the workflow says about an appeal lodged now: what the case's current state lets be appealed
    /// (`acc:appeal`, nil where nothing may be), and how long the panel has to resolve it.
    struct AppealTerms {
        /// The kind of decision that may be appealed in the case's current state.
        var against: String?
        /// The state that holds it.
        var scope: String?
        /// `acc:appeal-resolve-within`, if declared.
        var resolveWithin: Delay?
        /// When the time to appeal ended, if it has by the event's time: a deadline of the appealable state (one
        /// only the system sends) fell due and has not been delivered yet.
        var closedAt: Instant?
    }

    /// The appeal a `lodge-appeal` event opens, or the first rule it breaks.
    static func checkLodge(_ value: Value, record: CaseRecord, terms: AppealTerms, actor: String, at time: Instant)
        -> Result<CaseAppeal, CaseRefusal>
    {
        guard let against = terms.against, let scope = terms.scope else {
            return .failure(
                CaseRefusal(
                    rule: "appeal.nothing-to-appeal",
                    message: "the case's current state holds no decision that may be appealed"))
        }
        if let closedAt = terms.closedAt {
            return .failure(
                CaseRefusal(
                    rule: "appeal.late",
                    message: "the time to appeal the \(against) ended \(closedAt.iso8601); the appeal cannot be lodged")
            )
        }
        if let open = record.openAppeal {
            return .failure(
                CaseRefusal(
                    rule: "appeal.already-open",
                    message: "appeal \(open.id) against the \(open.against) is still being heard; it is resolved "
                        + "before another is lodged"))
        }
        if let refusal = appealText(value, "grounds", "say why the decision should be set aside") {
            return .failure(refusal)
        }
        guard case .string(let grounds)? = value["grounds"] else { return .failure(appealShape()) }
        return .success(
            CaseAppeal(
                id: "A-\(record.appeals.count + 1)", against: against, scope: scope, grounds: grounds, lodgedBy: actor,
                lodgedAt: time, due: terms.resolveWithin?.after(time)))
    }

    /// The open appeal with the panel an `appoint-panel` event names, or the first rule it breaks. The panel replaces
    /// any earlier one (a member who falls ill is replaced by appointing the panel again).
    static func checkPanel(_ value: Value, record: CaseRecord, actor: String) -> Result<CaseAppeal, CaseRefusal> {
        guard var appeal = record.openAppeal else { return .failure(noneOpen()) }
        guard case .array(let items)? = value["panel"], (1...maximumPanel).contains(items.count) else {
            return .failure(
                CaseRefusal(
                    rule: "appeal.panel",
                    message: "name the panel as a list of 1 to \(maximumPanel) actor ids, such as [\"pat\", \"quinn\", "
                        + "\"rosa\"]"))
        }
        var panel: [String] = []
        for item in items {
            if case .string(let person) = item, person == actor {
                return .failure(
                    CaseRefusal(
                        rule: "appeal.panel-involved",
                        message: "\(actor) appoints the panel and cannot sit on it"))
            }
            guard case .string(let person) = item, isActorID(person), !panel.contains(person) else {
                return .failure(
                    CaseRefusal(
                        rule: "appeal.panel",
                        message: "\(item) is not an actor id, or is named twice: name each member once"))
            }
            if let refusal = involvedRefusal(person, record: record, since: false) { return .failure(refusal) }
            panel.append(person)
        }
        appeal.panel = panel
        appeal.panelBy = actor
        return .success(appeal)
    }

    /// The open appeal as an `uphold-appeal` or `dismiss-appeal` event resolves it, or the first rule it breaks.
    static func checkResolution(
        _ outcome: CaseAppeal.Outcome, _ value: Value, record: CaseRecord, framework: Framework, actor: String,
        at time: Instant
    ) -> Result<CaseAppeal, CaseRefusal> {
        guard var appeal = record.openAppeal else { return .failure(noneOpen()) }
        guard !appeal.panel.isEmpty else {
            return .failure(
                CaseRefusal(
                    rule: "appeal.no-panel",
                    message: "appeal \(appeal.id) has no panel yet: the secretariat appoints one first"))
        }
        guard appeal.panel.contains(actor) else {
            return .failure(
                CaseRefusal(
                    rule: "appeal.not-on-panel",
                    message: "\(actor) is not on the panel hearing appeal \(appeal.id) ("
                        + appeal.panel.joined(separator: ", ") + "); only its members record its resolution"))
        }
        // A member who acted in the case since being appointed (assigned, declared a conflict, …) is no longer
        // independent: the whole panel is checked again.
        for member in appeal.panel {
            if let refusal = involvedRefusal(member, record: record, since: true) { return .failure(refusal) }
        }
        if let refusal = appealText(value, "reasons", "give the panel's reasons") { return .failure(refusal) }
        guard case .string(let reasons)? = value["reasons"] else { return .failure(appealShape()) }
        if let given = value["outcome"], given != .null {
            let declared = framework.outcomes.map(\.id.rawValue)
            guard outcome == .upheld, case .string(let id) = given, declared.contains(id) else {
                return .failure(
                    CaseRefusal(
                        rule: "appeal.outcome",
                        message: outcome == .upheld
                            ? "the outcome the panel substitutes must be one of \(framework.id)'s: "
                                + declared.joined(separator: ", ")
                            : "a dismissal leaves the decision as it was: send no outcome"))
            }
            appeal.substitutedOutcome = id
        }
        appeal.outcome = outcome
        appeal.reasons = reasons
        appeal.resolvedBy = actor
        appeal.resolvedAt = time
        return .success(appeal)
    }

    /// How a person took part in the case, if they did: sent any event in it (evaluated, decided, uploaded,
    /// administered, heard an earlier appeal, …), or was ever assigned to its team.
    static func part(of person: String, in record: CaseRecord) -> String? {
        if let how = record.involvement[person], !how.isEmpty { return list(how.sorted()) }
        if record.team[person] != nil { return "is on the team" }
        if record.participants.contains(person) { return "took part" }
        return nil
    }

    /// `appeal.panel-involved`: why `person` may not sit on the panel, having taken part in the case (`since`: since
    /// being appointed, checked again when the panel resolves), or nil.
    private static func involvedRefusal(_ person: String, record: CaseRecord, since: Bool) -> CaseRefusal? {
        guard let part = part(of: person, in: record) else { return nil }
        return CaseRefusal(
            rule: "appeal.panel-involved",
            message: "\(person) \(part) in this case\(since ? " since being appointed to its appeal panel" : "") and "
                + "cannot hear its appeal (ISO/IEC 17065 7.13: appeals are heard by people not involved in the "
                + "decision or the evaluation)" + (since ? "; the secretariat appoints the panel again" : ""))
    }

    private static func noneOpen() -> CaseRefusal {
        CaseRefusal(rule: "appeal.none-open", message: "the case has no appeal being heard")
    }

    private static func appealShape() -> CaseRefusal {
        CaseRefusal(rule: "appeal.grounds", message: "send the appeal's fields as an object")
    }

    /// `appeal.grounds` or `appeal.reasons`: the field is text of 1 to ``maximumFindingText`` scalars, without
    /// control characters other than line breaks and tabs.
    private static func appealText(_ value: Value, _ key: String, _ purpose: String) -> CaseRefusal? {
        guard case .string(let text)? = value[key], !text.allSatisfy(\.isWhitespace),
            text.unicodeScalars.count <= maximumFindingText,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        else {
            return CaseRefusal(
                rule: "appeal.\(key)",
                message: "give the \(key) (\(purpose)): text of 1 to \(maximumFindingText) characters")
        }
        return nil
    }
}

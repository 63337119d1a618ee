import Statecharts

/// Who is reminded of a deadline, and when: a workflow's `<acc:reminder>` declaration.
///
/// ```xml
/// <acc:reminder event="deadline.evidence" to="organisation" before="P30D P7D"/>
/// <acc:reminder deadline="findings" to="organisation" before="P14D P3D" overdue="organisation evaluator"
///     verify="evaluator"/>
/// <acc:reminder deadline="appeals" to="administrator decider" before="P7D" overdue="administrator decider"/>
/// ```
///
/// A timer's deadline is reminded of while the timer is pending, at each lead time before it is due; the case's own
/// dates (a finding's corrective action, an open appeal's resolution) also once they have passed (`overdue`), since
/// they outlive any timer. A finding the organisation has answered awaits the team's verification, and its date
/// still counts: those reminders go to `verify`. The audiences are role kinds: the organisation's people, the
/// administrators, the case's team (evaluators) and an open appeal's panel (deciders).
public struct ReminderRule: Hashable, Sendable {
    /// What the deadline is.
    public enum Subject: Hashable, Sendable {
        /// A timer the workflow sends, by its event name (`event`).
        case timer(String)
        /// Each open or answered finding's date for its corrective action (`deadline="findings"`).
        case findings
        /// The open appeal's date for its resolution (`deadline="appeals"`).
        case appeals
    }

    /// What the deadline is.
    public var subject: Subject
    /// Who is reminded before it (`to`).
    public var audience: [RoleKind]
    /// How long before the deadline each reminder goes, longest first (`before`).
    public var before: [Delay]
    /// Who is reminded once a case's own date has passed (`overdue`); empty for none (and for a timer).
    public var overdue: [RoleKind]
    /// Who is reminded of an answered finding awaiting verification, before and after its date (`verify`, findings
    /// only); empty for none.
    public var verify: [RoleKind] = []
    /// What the deadline is, in words for the people reminded (`label`, such as `Evidence submission`), if given.
    public var label: String?
    /// The declaration's line.
    public var line: Int

    /// Creates a rule.
    public init(subject: Subject, audience: [RoleKind], before: [Delay], overdue: [RoleKind] = [], line: Int = 0) {
        self.subject = subject
        self.audience = audience
        self.before = before
        self.overdue = overdue
        self.line = line
    }
}

extension Document {
    /// The reminders the workflow declares (`<acc:reminder>`), in document order; a declaration whose parts do not
    /// parse is left out (the static checks report it: `workflow.reminder`).
    public var reminderRules: [ReminderRule] {
        extensions.compactMap { node in
            guard node.namespace == WorkflowExtension.namespace, node.name == "reminder" else { return nil }
            return ReminderRule.parse(node.attributes, line: node.line)
        }
    }
}

extension ReminderRule {
    /// The rule an `<acc:reminder>` element's attributes declare, or nil when any part is malformed.
    static func parse(_ attributes: [String: String], line: Int) -> ReminderRule? {
        let subject: Subject
        switch (attributes["event"], attributes["deadline"]) {
        case (let event?, nil) where !event.isEmpty: subject = .timer(event)
        case (nil, "findings"?): subject = .findings
        case (nil, "appeals"?): subject = .appeals
        default: return nil
        }
        guard Set(attributes.keys).isSubset(of: Self.attributes), let audience = kinds(attributes["to"]),
            !audience.isEmpty, let overdue = kinds(attributes["overdue"] ?? ""),
            let verify = kinds(attributes["verify"] ?? ""), let before = leadTimes(attributes["before"])
        else { return nil }
        if case .timer = subject, attributes["overdue"] != nil { return nil }
        if subject != .findings, attributes["verify"] != nil { return nil }
        if let label = attributes["label"], !isLabel(label) { return nil }
        var rule = ReminderRule(subject: subject, audience: audience, before: before, overdue: overdue, line: line)
        rule.verify = verify
        rule.label = attributes["label"]
        return rule
    }

    /// The attributes an `<acc:reminder>` may have.
    public static let attributes: Set<String> = ["event", "deadline", "to", "before", "overdue", "verify", "label"]

    /// Whether a label is 1 to 120 characters of one line, with a letter or digit in it.
    public static func isLabel(_ text: String) -> Bool {
        (1...120).contains(text.count) && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
            && text.contains { $0.isLetter || $0.isNumber }
    }

    /// Space-separated role kinds (people's: never `system`), or nil when one is not a kind.
    public static func kinds(_ text: String?) -> [RoleKind]? {
        guard let text else { return nil }
        var kinds: [RoleKind] = []
        for token in text.split(whereSeparator: \.isWhitespace) {
            guard let kind = RoleKind(rawValue: String(token)), kind != .system, kind != .auditor else { return nil }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    /// Space-separated positive durations, longest first, or nil when one is not (or none is given).
    public static func leadTimes(_ text: String?) -> [Delay]? {
        guard let text else { return nil }
        var delays: [Delay] = []
        let anchor = Instant(microsecondsSinceEpoch: 1_767_225_600_000_000)
        for token in text.split(whereSeparator: \.isWhitespace) {
            guard let delay = Delay(parsing: String(token)), !delay.isZero, delay.years >= 0, delay.months >= 0,
                delay.days >= 0, delay.microseconds >= 0
            else { return nil }
            delays.append(delay)
        }
        guard !delays.isEmpty else { return nil }
        // Longest first, measured from one fixed time (a month's length depends on when it starts).
        return delays.sorted { $0.after(anchor) > $1.after(anchor) }
    }
}

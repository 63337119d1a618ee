import Statecharts

/// The host functions workflow guards may call about a case's evidence, ratings, outcome and award dates.
///
/// | function | result |
/// |---|---|
/// | `missingEvidence()`, `missingEvidence('SL')` | mandatory criteria (of a foundation) without submitted evidence (for every expected item, when the framework covers evidence by item) |
/// | `selfAssessmentMissing()`, `selfAssessmentMissing('SL')` | criteria (of a foundation) the organisation has not assessed itself against in this cycle |
/// | `selfRating('SL-1.1')` | the rating level id the organisation gave itself for the criterion, or null |
/// | `unratedCriteria()`, `unratedCriteria('SL')` | criteria (of a foundation) without a rating |
/// | `outcome()` | the framework's computed outcome id, such as `accredited-with-conditions` |
/// | `outcomeRule()` | the id of the award rule that decided it |
/// | `daysToExpiry()` | whole days from the event to the award's expiry (negative after it), null without an award |
/// | `evidenceCount('SL-1.1')` | submitted evidence items for a criterion |
/// | `acceptedEvidenceCount('SL-1.1')` | accepted evidence items for a criterion |
/// | `rating('SL-1.1')` | the criterion's rating level id, or null |
/// | `openFindings()`, `openFindings('major')` | findings (of a severity) open or awaiting verification |
/// | `overdueFindings()`, `overdueFindings('major')` | findings (of a severity) whose corrective action is late |
/// | `assigned()`, `assigned('lead')` | people on the case's team (in a position: `lead` or `member`) |
/// | `openAppeals()` | appeals being heard (0 or 1) |
/// | `appealPanel()` | members of the panel hearing the open appeal (0 without one) |
/// | `appealAgainst()` | what the open appeal is against (its state's `acc:appeal`, such as `refusal`), or null |
/// | `scopeServices()` | services in the case's declared scope (0 before it is declared) |
/// | `scopeChangePending()` | scope changes awaiting a decision (0 or 1) |
/// | `pendingNotApplicable()` | proposals for the scope under review (a pending change's, or the case's) awaiting review |
/// | `scopeChangeUnrated()` | criteria the pending scope change would assess without a rating, or that it brings back and have not been rated again since it was asked for |
/// | `cycle()` | the assessment cycle: 1 for the first application, one more for each renewal |
/// | `awardTerm('P3Y', 'P6M')` | the delay until an award granted now ends: in a renewal, the term from the renewed award's expiry (even once passed, within the optional restoration window), else from now |
/// | `daysToDeadline('surveillance.overdue')` | whole days from the event to the earliest pending timer of that event (negative after it), null without one |
/// | `dueAt('surveillance.overdue')` | when the earliest pending timer of that event is due (UTC text), null without one: a deadline kept in the datamodel |
/// | `delayUntil(time)` | the delay (for a `<send delayexpr>`) from the event to a time `dueAt()` gave, zero once it has passed |
///
/// Criteria found not applicable to the case's scope count in none of `missingEvidence`, `unratedCriteria` and
/// `selfAssessmentMissing`.
public enum CaseHostFunctions {
    /// Every function name, for the static checker.
    public static let names: [String] = [
        "missingEvidence", "unratedCriteria", "outcome", "outcomeRule", "daysToExpiry", "evidenceCount",
        "acceptedEvidenceCount", "rating", "openFindings", "overdueFindings", "assigned", "openAppeals",
        "appealPanel", "appealAgainst", "scopeServices", "scopeChangePending", "pendingNotApplicable",
        "scopeChangeUnrated", "cycle", "awardTerm", "daysToDeadline", "dueAt",
        "delayUntil", "selfAssessmentMissing", "selfRating",
    ]

    /// The functions whose optional string argument is a finding severity id.
    public static let severityFunctions: Set<String> = ["openFindings", "overdueFindings"]

    /// The functions whose string argument is a criterion id.
    public static let criterionFunctions: Set<String> = [
        "evidenceCount", "acceptedEvidenceCount", "rating", "selfRating",
    ]

    /// The functions whose optional string argument is a foundation code.
    public static let foundationFunctions: Set<String> = [
        "missingEvidence", "unratedCriteria", "selfAssessmentMissing",
    ]

    /// The number of arguments each function accepts.
    public static let arity: [String: ClosedRange<Int>] = [
        "missingEvidence": 0...1, "unratedCriteria": 0...1, "outcome": 0...0, "outcomeRule": 0...0,
        "daysToExpiry": 0...0, "evidenceCount": 1...1, "acceptedEvidenceCount": 1...1, "rating": 1...1,
        "openFindings": 0...1, "overdueFindings": 0...1, "assigned": 0...1, "openAppeals": 0...0,
        "appealPanel": 0...0, "appealAgainst": 0...0, "scopeServices": 0...0, "scopeChangePending": 0...0,
        "pendingNotApplicable": 0...0, "scopeChangeUnrated": 0...0, "cycle": 0...0, "awardTerm": 1...2,
        "daysToDeadline": 1...1, "dueAt": 1...1, "delayUntil": 1...1, "selfAssessmentMissing": 0...1,
        "selfRating": 1...1,
    ]

    /// Calls one function by name, answering from `facts`.
    /// - Throws: ``ExpressionError`` for an unknown function or bad arguments.
    public static func call(_ name: String, _ arguments: [Value], facts: CaseFacts) throws(ExpressionError) -> Value {
        switch name {
        case "missingEvidence":
            let foundations = try foundations("missingEvidence", arguments, facts)
            let excluded = facts.notApplicable()
            return count(foundations) {
                $0.mandatory && facts.submittedCoverage[$0.id, default: 0] < facts.framework.requiredEvidence($0)
                    && !excluded.contains($0.id)
            }
        case "selfAssessmentMissing":
            let foundations = try foundations("selfAssessmentMissing", arguments, facts)
            let excluded = facts.notApplicable()
            return count(foundations) { facts.selfRatings[$0.id] == nil && !excluded.contains($0.id) }
        case "selfRating":
            let id = try criterion("selfRating", arguments, facts)
            return facts.selfRatings[id].map(Value.string) ?? .null
        case "unratedCriteria":
            let foundations = try foundations("unratedCriteria", arguments, facts)
            let excluded = facts.notApplicable()
            return count(foundations) { facts.ratings[$0.id] == nil && !excluded.contains($0.id) }
        case "outcome":
            try noArguments("outcome", arguments)
            return .string(try decision(facts).outcome.rawValue)
        case "outcomeRule":
            try noArguments("outcomeRule", arguments)
            return .string(try decision(facts).ruleID)
        case "daysToExpiry":
            try noArguments("daysToExpiry", arguments)
            return days(to: facts.awardExpiry, from: facts.now)
        case "daysToDeadline":
            guard arguments.count == 1, case .string(let event) = arguments[0] else {
                throw .host("daysToDeadline() takes one event name, as in daysToDeadline('surveillance.overdue')")
            }
            return days(to: facts.deadlines[event], from: facts.now)
        case "dueAt":
            guard arguments.count == 1, case .string(let event) = arguments[0] else {
                throw .host("dueAt() takes one event name, as in dueAt('surveillance.overdue')")
            }
            return facts.deadlines[event].map { .string($0.iso8601) } ?? .null
        case "delayUntil":
            guard arguments.count == 1, case .string(let text) = arguments[0], let time = Instant(iso8601: text) else {
                throw .host("delayUntil() takes one time, as dueAt() gives it")
            }
            let left = time.microsecondsSinceEpoch - facts.now.microsecondsSinceEpoch
            return .string(Delay(microseconds: max(0, left)).iso8601)
        case "evidenceCount":
            let id = try criterion("evidenceCount", arguments, facts)
            return .integer(Int64(facts.submittedEvidence[id, default: 0]))
        case "acceptedEvidenceCount":
            let id = try criterion("acceptedEvidenceCount", arguments, facts)
            return .integer(Int64(facts.acceptedEvidence[id, default: 0]))
        case "rating":
            let id = try criterion("rating", arguments, facts)
            return facts.ratings[id].map(Value.string) ?? .null
        case "openFindings":
            let severity = try severity("openFindings", arguments, facts)
            guard let severity else { return .integer(Int64(facts.outstandingFindings.values.reduce(0, +))) }
            return .integer(Int64(facts.outstandingFindings[severity, default: 0]))
        case "overdueFindings":
            let severity = try severity("overdueFindings", arguments, facts)
            let late = facts.findings.values.filter {
                (severity == nil || $0.severity == severity) && $0.isOverdue(at: facts.now)
            }
            return .integer(Int64(late.count))
        case "assigned":
            switch arguments.first {
            case nil:
                return .integer(Int64(facts.team.count))
            case .string(let name)? where arguments.count == 1:
                guard let position = CaseTeamMember.Position(rawValue: name) else {
                    throw .host("assigned('\(name)'): a position is lead or member")
                }
                return .integer(Int64(facts.team.values.filter { $0.position == position }.count))
            default:
                throw .host("assigned() takes nothing or one position, as in assigned('lead')")
            }
        case "openAppeals":
            try noArguments("openAppeals", arguments)
            return .integer(facts.openAppeal == nil ? 0 : 1)
        case "appealPanel":
            try noArguments("appealPanel", arguments)
            return .integer(Int64(facts.openAppeal?.panel.count ?? 0))
        case "appealAgainst":
            try noArguments("appealAgainst", arguments)
            return facts.openAppeal.map { .string($0.against) } ?? .null
        case "scopeServices":
            try noArguments("scopeServices", arguments)
            return .integer(Int64(facts.scope?.services.count ?? 0))
        case "scopeChangePending":
            try noArguments("scopeChangePending", arguments)
            return .integer(facts.scopeChange == nil ? 0 : 1)
        case "pendingNotApplicable":
            try noArguments("pendingNotApplicable", arguments)
            let codes = facts.scopeChange?.codes ?? facts.scope?.codes ?? []
            return .integer(Int64(CaseRecord.pending(facts.applicability, for: codes)))
        case "scopeChangeUnrated":
            try noArguments("scopeChangeUnrated", arguments)
            guard let change = facts.scopeChange else { return .integer(0) }
            let excluded = facts.notApplicable(scope: change.scope(after: facts.scope))
            let again = Set(change.bringsIn).subtracting(change.rated)
            return count(facts.framework.foundations) {
                !excluded.contains($0.id) && (facts.ratings[$0.id] == nil || again.contains($0.id))
            }
        case "cycle":
            try noArguments("cycle", arguments)
            return .integer(Int64(facts.cycle))
        case "awardTerm":
            func duration(_ value: Value) -> Delay? {
                guard case .string(let text) = value, let delay = Delay(parsing: text), !delay.isZero,
                    delay.years >= 0, delay.months >= 0, delay.days >= 0, delay.microseconds >= 0
                else { return nil }
                return delay
            }
            guard (1...2).contains(arguments.count), let term = duration(arguments[0]),
                arguments.count == 1 || duration(arguments[1]) != nil
            else {
                throw .host(
                    "awardTerm() takes the term and, optionally, how long after the expiry a renewal may still "
                        + "restore the award, as positive durations: awardTerm('P3Y') or awardTerm('P3Y', 'P6M')")
            }
            // A renewal's award continues the one it renews: the new term counts from the old expiry, even once it
            // has passed, when the renewal is decided within the window (ISO/IEC 17021-1 9.6.3: certification
            // restored within six months keeps the prior cycle's expiry); later, or with no award renewed, from now.
            var start = facts.now
            if let expiry = facts.renewedAwardExpiry {
                let window = arguments.count == 2 ? duration(arguments[1]) : nil
                if expiry >= facts.now || window.map({ $0.after(expiry) >= facts.now }) ?? true { start = expiry }
            }
            var end = term.after(start)
            if end <= facts.now { end = term.after(facts.now) }
            return .string(Delay(microseconds: end.microsecondsSinceEpoch - facts.now.microsecondsSinceEpoch).iso8601)
        default:
            throw ExpressionError(kind: .unknownFunction, column: 0, message: "no host function \(name)")
        }
    }

    /// Whole days from `now` to `time` (negative after it, counting a part day as a day), or null without a time.
    private static func days(to time: Instant?, from now: Instant) -> Value {
        guard let time else { return .null }
        let difference = time.microsecondsSinceEpoch - now.microsecondsSinceEpoch
        let day: Int64 = 86_400_000_000
        return .integer(difference >= 0 ? difference / day : -((-difference + day - 1) / day))
    }

    /// The number of criteria of `foundations` that satisfy `test`, counted without flattening them.
    private static func count(_ foundations: [FrameworkFoundation], where test: (Criterion) -> Bool) -> Value {
        var total: Int64 = 0
        for foundation in foundations {
            for standard in foundation.standards {
                for criterion in standard.criteria where test(criterion) { total += 1 }
            }
        }
        return .integer(total)
    }

    /// The optional severity argument, checked against the framework's severities.
    private static func severity(_ name: String, _ arguments: [Value], _ facts: CaseFacts) throws(ExpressionError)
        -> String?
    {
        switch arguments.first {
        case nil:
            return nil
        case .string(let id)? where arguments.count == 1:
            guard facts.framework.findingSeverity(id) != nil else {
                throw .host(
                    "\(name)('\(id)'): \(facts.framework.id) has no finding severity '\(id)': use one of "
                        + facts.framework.findingSeverities.map(\.id).joined(separator: ", "))
            }
            return id
        default:
            throw .host("\(name)() takes nothing or one severity, as in \(name)('major')")
        }
    }

    private static func noArguments(_ name: String, _ arguments: [Value]) throws(ExpressionError) {
        guard arguments.isEmpty else { throw .host("\(name)() takes no arguments") }
    }

    /// The foundation named by the optional argument, or all foundations.
    private static func foundations(
        _ name: String, _ arguments: [Value], _ facts: CaseFacts
    ) throws(ExpressionError) -> [FrameworkFoundation] {
        switch arguments.first {
        case nil:
            return facts.framework.foundations
        case .string(let code)? where arguments.count == 1:
            guard let foundation = facts.framework.foundations.first(where: { $0.id == code }) else {
                throw .host(
                    "\(name)('\(code)'): \(facts.framework.id) has no foundation '\(code)': use one of "
                        + facts.framework.foundations.map(\.id).joined(separator: ", "))
            }
            return [foundation]
        default:
            throw .host("\(name)() takes nothing or one foundation code, as in \(name)('SL')")
        }
    }

    /// The criterion id argument, checked against the framework.
    private static func criterion(_ name: String, _ arguments: [Value], _ facts: CaseFacts) throws(ExpressionError)
        -> String
    {
        guard arguments.count == 1, case .string(let id) = arguments[0] else {
            throw .host("\(name)() takes one criterion id, as in \(name)('SL-1.1')")
        }
        guard facts.framework.criterion(id) != nil else {
            throw .host(
                "\(name)('\(id)'): \(facts.framework.id) version \(facts.framework.version) has no such criterion")
        }
        return id
    }

    private static func decision(_ facts: CaseFacts) throws(ExpressionError) -> AwardDecision {
        do {
            return try FrameworkAssessment(
                framework: facts.framework, ratings: facts.ratings, evidenceCounts: facts.acceptedCoverage,
                outstandingFindings: facts.outstandingFindings, notApplicable: facts.notApplicable()
            ).decision
        } catch {
            throw .host("outcome(): \(error)")
        }
    }
}

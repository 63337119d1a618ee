import AccreditEngine
import Statecharts

/// Reads the facts a simulated case has (`workflow simulate --facts FILE`): a JSON object with the evidence, ratings
/// and award expiry that guards' host functions answer from, checked against the framework.
///
/// ```json
/// {"submittedEvidence": {"SL-1.1": 2}, "acceptedEvidence": {"SL-1.1": 1},
///  "ratings": {"SL-1.1": "met"}, "selfRatings": {"SL-1.1": "met"}, "awardExpiry": "2029-03-01",
///  "findings": [{"severity": "major", "status": "open", "due": "2027-03-01"}]}
/// ```
///
/// Every member is optional; absent counts are 0, absent ratings are unrated, and without `awardExpiry` the case
/// holds no award. Each piece of evidence counts as one of its criterion's expected items (`missingEvidence()` of a
/// framework that covers evidence by item wants as many as the criterion expects). The event's time is the
/// simulated clock.
public enum SimulationFacts {
    /// The members a facts file may have.
    public static let members = [
        "submittedEvidence", "acceptedEvidence", "ratings", "selfRatings", "awardExpiry", "findings",
    ]

    /// Why a facts file cannot be used.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The member at fault (`ratings.SL-1.1`, say), or empty for the whole file.
        public var member: String
        /// What is wrong and what to write instead.
        public var reason: String

        /// `member: reason`, or the reason alone.
        public var description: String { member.isEmpty ? reason : "\(member): \(reason)" }
    }

    /// What a facts file says, before it is given the time of an event.
    public struct Facts: Hashable, Sendable {
        /// Rating level ids by criterion id.
        public var ratings: [String: String] = [:]
        /// The organisation's own rating level ids by criterion id.
        public var selfRatings: [String: String] = [:]
        /// Submitted evidence counts by criterion id (accepted ones included).
        public var submittedEvidence: [String: Int] = [:]
        /// Accepted evidence counts by criterion id.
        public var acceptedEvidence: [String: Int] = [:]
        /// When the award expires, if the case holds one.
        public var awardExpiry: Instant?
        /// The case's findings (ids `F-1`, `F-2`, … in the file's order).
        public var findings: [String: CaseFinding] = [:]

        /// Facts of a case with no evidence, no ratings and no award.
        public init() {}

        /// The case facts at an event's time, for the guards' host functions, with the pending deadlines of the
        /// simulated machine (`daysToDeadline()`, `dueAt()`), if given, and its award timer's due time
        /// (`awardTimer`, the workflow's `acc:award-expiry`) as the award's expiry while it is pending.
        public func at(
            _ time: Instant, framework: Framework, in snapshot: Snapshot? = nil, awardTimer: String? = nil
        ) -> CaseFacts {
            var outstanding: [String: Int] = [:]
            for finding in findings.values where finding.status.isOutstanding {
                outstanding[finding.severity, default: 0] += 1
            }
            var facts = CaseFacts(
                framework: framework, ratings: ratings, submittedEvidence: submittedEvidence,
                acceptedEvidence: acceptedEvidence, findings: findings, outstandingFindings: outstanding,
                awardExpiry: awardExpiry, now: time)
            facts.deadlines = snapshot?.earliestDueByEvent ?? [:]
            facts.selfRatings = selfRatings
            if let awardTimer, let due = snapshot?.earliestDue(sendID: awardTimer) { facts.awardExpiry = due }
            return facts
        }
    }

    /// Parses and checks a facts file against the framework the workflow is simulated with.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes: one JSON object.
    ///   - framework: The framework whose criteria and rating levels the facts must name.
    /// - Returns: The facts.
    /// - Throws: ``ParseError`` naming the member at fault and what to write.
    public static func parse(_ bytes: [UInt8], framework: Framework) throws(ParseError) -> Facts {
        let value: Value
        do {
            value = try CanonicalJSON.parse(bytes)
        } catch {
            throw ParseError(member: "", reason: "not JSON (\(error)); write one object such as \(example)")
        }
        guard case .object(let object) = value else {
            throw ParseError(member: "", reason: "the facts must be one JSON object, such as \(example)")
        }
        if let unknown = object.keys.sorted().first(where: { !members.contains($0) }) {
            throw ParseError(member: unknown, reason: "not a fact; use " + members.joined(separator: ", "))
        }
        var facts = Facts()
        facts.submittedEvidence = try counts("submittedEvidence", object["submittedEvidence"], framework)
        facts.acceptedEvidence = try counts("acceptedEvidence", object["acceptedEvidence"], framework)
        for (criterion, accepted) in facts.acceptedEvidence.sorted(by: { $0.key < $1.key })
        where accepted > facts.submittedEvidence[criterion, default: 0] {
            throw ParseError(
                member: "acceptedEvidence.\(criterion)",
                reason: "\(accepted) accepted but \(facts.submittedEvidence[criterion, default: 0]) submitted; "
                    + "submittedEvidence counts accepted items too, so give at least \(accepted) there")
        }
        facts.ratings = try ratings(object["ratings"], framework)
        facts.selfRatings = try ratings(object["selfRatings"], framework, member: "selfRatings")
        switch object["awardExpiry"] {
        case nil, .null?:
            break
        case .string(let text)? where Instant(iso8601: text) != nil:
            facts.awardExpiry = Instant(iso8601: text)
        default:
            throw ParseError(
                member: "awardExpiry", reason: "give a date or UTC time, such as \"2029-03-01\", or null for no award")
        }
        facts.findings = try findings(object["findings"], framework)
        return facts
    }

    /// The `findings` member: `[{"severity", "status"?, "due"?}]`, each a severity of the framework, a status
    /// (`open` by default) and, for a severity that asks for corrective action, a due date.
    private static func findings(_ value: Value?, _ framework: Framework) throws(ParseError) -> [String: CaseFinding] {
        guard let value, value != .null else { return [:] }
        guard case .array(let items) = value, items.count <= 1000 else {
            throw ParseError(
                member: "findings",
                reason: "give a list of findings, such as [{\"severity\": \"major\", \"due\": \"2027-03-01\"}]")
        }
        var findings: [String: CaseFinding] = [:]
        for (index, item) in items.enumerated() {
            let member = "findings[\(index)]"
            guard case .string(let severity)? = item["severity"], let grade = framework.findingSeverity(severity) else {
                throw ParseError(
                    member: member + ".severity",
                    reason: "use one of the framework's severities: "
                        + framework.findingSeverities.map(\.id).joined(separator: ", "))
            }
            var status: CaseFinding.Status = grade.needsCorrectiveAction ? .open : .noted
            if case .string(let text)? = item["status"] {
                guard let given = CaseFinding.Status(rawValue: text) else {
                    throw ParseError(member: member + ".status", reason: "use open, responded, closed or noted")
                }
                status = given
            }
            var due: Instant?
            switch item["due"] {
            case nil, .null?: break
            case .string(let text)? where Instant(iso8601: text) != nil: due = Instant(iso8601: text)
            default:
                throw ParseError(member: member + ".due", reason: "give a date or UTC time, such as \"2027-03-01\"")
            }
            let id = "F-\(index + 1)"
            findings[id] = CaseFinding(
                id: id, criterion: framework.criteria.first?.id ?? "", severity: severity, statement: "simulated",
                evidence: [], raisedBy: "simulation", raisedAt: .epoch, due: due, status: status)
        }
        return findings
    }

    private static let example = #"{"submittedEvidence": {"SL-1.1": 1}, "ratings": {"SL-1.1": "met"}}"#

    /// A member mapping criterion ids to counts of at least 0.
    private static func counts(_ member: String, _ value: Value?, _ framework: Framework) throws(ParseError)
        -> [String: Int]
    {
        let entries = try criterionObject(member, value, framework)
        var counts: [String: Int] = [:]
        for (criterion, count) in entries {
            guard case .integer(let number) = count, number >= 0, number <= Int64(Int32.max) else {
                throw ParseError(member: "\(member).\(criterion)", reason: "give a whole number of items, 0 or more")
            }
            counts[criterion] = Int(number)
        }
        return counts
    }

    /// The `ratings` member: criterion ids to level ids of the framework's scale.
    private static func ratings(_ value: Value?, _ framework: Framework, member: String = "ratings")
        throws(ParseError) -> [String: String]
    {
        let levels = framework.ratingScale.levels.map(\.id)
        var ratings: [String: String] = [:]
        for (criterion, rating) in try criterionObject(member, value, framework) {
            guard case .string(let level) = rating, framework.ratingScale.level(level) != nil else {
                throw ParseError(
                    member: "\(member).\(criterion)",
                    reason: "not a level of \(framework.id)'s rating scale; use one of "
                        + levels.joined(separator: ", "))
            }
            ratings[criterion] = level
        }
        return ratings
    }

    /// A member that must be an object keyed by the framework's criterion ids, sorted by key.
    private static func criterionObject(_ member: String, _ value: Value?, _ framework: Framework)
        throws(ParseError) -> [(String, Value)]
    {
        guard let value, value != .null else { return [] }
        guard case .object(let object) = value else {
            throw ParseError(member: member, reason: "give an object keyed by criterion id, such as {\"SL-1.1\": 1}")
        }
        let entries = object.sorted { $0.key < $1.key }
        for (criterion, _) in entries where framework.criterion(criterion) == nil {
            throw ParseError(
                member: "\(member).\(criterion)",
                reason: "framework \(framework.id) version \(framework.version) has no such criterion")
        }
        return entries.map { ($0.key, $0.value) }
    }
}

/// The host functions workflow guards may call about a case's evidence, ratings, outcome and award dates.
///
/// | function | result |
/// |---|---|
/// | `missingEvidence()`, `missingEvidence('SL')` | mandatory criteria (of a foundation) with no submitted evidence |
/// | `unratedCriteria()`, `unratedCriteria('SL')` | criteria (of a foundation) without a rating |
/// | `outcome()` | the framework's computed outcome id, such as `accredited-with-conditions` |
/// | `outcomeRule()` | the id of the award rule that decided it |
/// | `daysToExpiry()` | whole days from the event to the award's expiry (negative after it), null without an award |
/// | `evidenceCount('SL-1.1')` | submitted evidence items for a criterion |
/// | `acceptedEvidenceCount('SL-1.1')` | accepted evidence items for a criterion |
/// | `rating('SL-1.1')` | the criterion's rating level id, or null |
public enum CaseHostFunctions {
    /// Every function name, for the static checker.
    public static let names: [String] = [
        "missingEvidence", "unratedCriteria", "outcome", "outcomeRule", "daysToExpiry", "evidenceCount",
        "acceptedEvidenceCount", "rating",
    ]

    /// The functions whose string argument is a criterion id.
    public static let criterionFunctions: Set<String> = ["evidenceCount", "acceptedEvidenceCount", "rating"]

    /// The functions whose optional string argument is a foundation code.
    public static let foundationFunctions: Set<String> = ["missingEvidence", "unratedCriteria"]

    /// The number of arguments each function accepts.
    public static let arity: [String: ClosedRange<Int>] = [
        "missingEvidence": 0...1, "unratedCriteria": 0...1, "outcome": 0...0, "outcomeRule": 0...0,
        "daysToExpiry": 0...0, "evidenceCount": 1...1, "acceptedEvidenceCount": 1...1, "rating": 1...1,
    ]

    /// Builds the function table for one case at one moment.
    /// - Parameter facts: The case's framework, ratings, evidence, award expiry and the event's time.
    /// - Returns: Pure functions answering from `facts`.
    public static func make(facts: CaseFacts) -> HostFunctions {
        let functions: [String: HostFunctions.Function] = [
            "missingEvidence": { arguments throws(ExpressionError) in
                let criteria = try foundationCriteria("missingEvidence", arguments, facts)
                return count(criteria.filter { $0.mandatory && facts.submittedEvidence[$0.id, default: 0] == 0 })
            },
            "unratedCriteria": { arguments throws(ExpressionError) in
                let criteria = try foundationCriteria("unratedCriteria", arguments, facts)
                return count(criteria.filter { facts.ratings[$0.id] == nil })
            },
            "outcome": { arguments throws(ExpressionError) in
                try noArguments("outcome", arguments)
                return .string(try decision(facts).outcome.rawValue)
            },
            "outcomeRule": { arguments throws(ExpressionError) in
                try noArguments("outcomeRule", arguments)
                return .string(try decision(facts).ruleID)
            },
            "daysToExpiry": { arguments throws(ExpressionError) in
                try noArguments("daysToExpiry", arguments)
                guard let expiry = facts.awardExpiry else { return .null }
                let difference = expiry.microsecondsSinceEpoch - facts.now.microsecondsSinceEpoch
                let day: Int64 = 86_400_000_000
                let days = difference >= 0 ? difference / day : -((-difference + day - 1) / day)
                return .integer(days)
            },
            "evidenceCount": { arguments throws(ExpressionError) in
                let id = try criterion("evidenceCount", arguments, facts)
                return .integer(Int64(facts.submittedEvidence[id, default: 0]))
            },
            "acceptedEvidenceCount": { arguments throws(ExpressionError) in
                let id = try criterion("acceptedEvidenceCount", arguments, facts)
                return .integer(Int64(facts.acceptedEvidence[id, default: 0]))
            },
            "rating": { arguments throws(ExpressionError) in
                let id = try criterion("rating", arguments, facts)
                return facts.ratings[id].map(Value.string) ?? .null
            },
        ]
        return HostFunctions(functions)
    }

    private static func count(_ criteria: [Criterion]) -> Value { .integer(Int64(criteria.count)) }

    private static func noArguments(_ name: String, _ arguments: [Value]) throws(ExpressionError) {
        guard arguments.isEmpty else { throw .host("\(name)() takes no arguments") }
    }

    /// The criteria of the foundation named by the optional argument, or all criteria.
    private static func foundationCriteria(
        _ name: String, _ arguments: [Value], _ facts: CaseFacts
    ) throws(ExpressionError) -> [Criterion] {
        switch arguments.first {
        case nil:
            return facts.framework.criteria
        case .string(let code)? where arguments.count == 1:
            guard let foundation = facts.framework.foundations.first(where: { $0.id == code }) else {
                throw .host(
                    "\(name)('\(code)'): \(facts.framework.id) has no foundation '\(code)': use one of "
                        + facts.framework.foundations.map(\.id).joined(separator: ", "))
            }
            return foundation.criteria
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
                framework: facts.framework, ratings: facts.ratings, evidenceCounts: facts.acceptedEvidence
            ).decision
        } catch {
            throw .host("outcome(): \(error)")
        }
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How a case's assessment is shown: coverage per foundation, ratings, and the outcome the award rules give.
enum AssessmentView {
    /// The JSON fields `coverage`, `ratings` and `outcome` (`{outcome, rule, explanation}`, or `{error}` when the
    /// rules cannot decide).
    static func fields(_ open: OpenCase) -> [String: Value] {
        var fields: [String: Value] = [
            "ratings": .object(open.state.record.ratings.mapValues(Value.string))
        ]
        do {
            let assessment = try open.definitions.machine.assessment(of: open.state)
            fields["coverage"] = .array(
                assessment.foundations.map { foundation in
                    [
                        "foundation": .string(foundation.id), "criteria": .integer(Int64(foundation.criteria)),
                        "withEvidence": .integer(Int64(foundation.criteriaWithEvidence)),
                        "mandatoryWithoutEvidence": .array(foundation.mandatoryWithoutEvidence.map(Value.string)),
                        "rated": .integer(Int64(foundation.rated)), "score": .integer(Int64(foundation.score)),
                        "maximumScore": .integer(Int64(foundation.maximumScore)),
                    ]
                })
            fields["outcome"] = [
                "outcome": .string(assessment.decision.outcome.rawValue), "rule": .string(assessment.decision.ruleID),
                "explanation": .string(assessment.decision.explanation),
            ]
        } catch {
            fields["coverage"] = .array([])
            fields["outcome"] = ["error": .string(error.description)]
        }
        return fields
    }

    /// Prints the assessment as one JSON object with `fields` added, or the `heading` lines and then the
    /// assessment for people.
    static func print(_ open: OpenCase, json: Bool, fields: [String: Value], heading: [String]) {
        if json {
            Output.json(.object(self.fields(open).merging(fields) { _, added in added }))
        } else {
            for line in heading { Output.line(line) }
            print(open)
        }
    }

    /// Prints coverage, ratings and the outcome for people.
    static func print(_ open: OpenCase) {
        let ratings = open.state.record.ratings
        do {
            let assessment = try open.definitions.machine.assessment(of: open.state)
            Output.line("Evidence coverage and scores:")
            Output.table(
                ["  FOUNDATION", "WITH EVIDENCE", "RATED", "SCORE", "MANDATORY WITHOUT EVIDENCE"],
                assessment.foundations.map { foundation in
                    [
                        "  " + foundation.id, "\(foundation.criteriaWithEvidence)/\(foundation.criteria)",
                        "\(foundation.rated)/\(foundation.criteria)", "\(foundation.score)/\(foundation.maximumScore)",
                        foundation.mandatoryWithoutEvidence.isEmpty
                            ? "-" : foundation.mandatoryWithoutEvidence.joined(separator: ","),
                    ]
                })
            Output.line()
            Output.line("Ratings: \(ratings.isEmpty ? "none yet" : "\(ratings.count)")")
            for (criterion, level) in ratings.sorted(by: { $0.key < $1.key }) {
                Output.line("  \(criterion)  \(level)")
            }
            Output.line()
            Output.line("Outcome: \(assessment.decision.outcome.rawValue) (rule \(assessment.decision.ruleID))")
            Output.line("  \(assessment.decision.explanation)")
        } catch {
            Output.line("Outcome: cannot be computed: \(error.description)")
        }
    }
}

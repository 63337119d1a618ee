import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How a case's assessment is shown to people: coverage per foundation, ratings, and the outcome the award rules
/// give, from the JSON the API answers (``CaseViews``), so that direct and client mode print the same.
enum AssessmentView {
    /// The JSON fields `coverage`, `ratings` and `outcome`.
    static func fields(_ open: OpenCase) -> [String: Value] {
        CaseViews.assessment(open)
    }

    /// Prints the assessment as one JSON object with `fields` added, or the `heading` lines and then the
    /// assessment for people.
    static func print(_ open: OpenCase, json: Bool, fields: [String: Value], heading: [String]) {
        let value = Value.object(self.fields(open).merging(fields) { _, added in added })
        if json {
            Output.json(value)
        } else {
            for line in heading { Output.line(line) }
            print(value)
        }
    }

    /// Prints coverage, ratings and the outcome for people.
    static func print(_ open: OpenCase) {
        print(.object(fields(open)))
    }

    /// Prints coverage, ratings (with the organisation's own beside them) and the outcome for people, from the API's
    /// `coverage`, `ratings`, `selfAssessments` and `outcome`.
    static func print(_ value: Value) {
        let outcome = value["outcome"] ?? .null
        if let error = outcome["error"]?.stringValue {
            Output.line("Outcome: cannot be computed: \(error)")
            return
        }
        func number(_ field: Value?) -> String {
            if case .integer(let number)? = field { return String(number) }
            return "?"
        }
        Output.line("Evidence coverage and scores:")
        Output.table(
            ["  FOUNDATION", "WITH EVIDENCE", "RATED", "SCORE", "MANDATORY WITHOUT EVIDENCE"],
            (value["coverage"]?.arrayValue ?? []).map { foundation in
                let missing = (foundation["mandatoryWithoutEvidence"]?.arrayValue ?? []).compactMap(\.stringValue)
                return [
                    "  " + (foundation["foundation"]?.stringValue ?? ""),
                    "\(number(foundation["withEvidence"]))/\(number(foundation["criteria"]))",
                    "\(number(foundation["rated"]))/\(number(foundation["criteria"]))",
                    "\(number(foundation["score"]))/\(number(foundation["maximumScore"]))",
                    missing.isEmpty ? "-" : missing.joined(separator: ","),
                ]
            })
        Output.line()
        var ratings: [(String, String)] = []
        if case .object(let given)? = value["ratings"] {
            ratings = given.compactMap { key, level in level.stringValue.map { (key, $0) } }.sorted { $0.0 < $1.0 }
        }
        Output.line("Ratings: \(ratings.isEmpty ? "none yet" : "\(ratings.count)")")
        // The organisation's own rating beside each, where it gave one.
        let selfRatings = (value["selfAssessments"]?.objectValue ?? [:]).compactMapValues { $0["rating"]?.stringValue }
        for (criterion, level) in ratings {
            Output.line("  \(criterion)  \(level)" + (selfRatings[criterion].map { "  (self: \($0))" } ?? ""))
        }
        Output.line()
        Output.line(
            "Outcome: \(outcome["outcome"]?.stringValue ?? "?") (rule \(outcome["rule"]?.stringValue ?? "?"))")
        Output.line("  \(outcome["explanation"]?.stringValue ?? "")")
    }
}

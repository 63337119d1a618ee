import AccreditEngine
import Statecharts

/// A small framework built in code: two foundations, four criteria (two mandatory), scale 1-4, shipped-style rules.
enum FrameworkFixtures {
    static func rule(_ id: String, _ outcome: AwardOutcome, _ condition: String) -> AwardRule {
        do {
            return AwardRule(id: id, outcome: outcome, condition: try Expression(condition), explanation: id)
        } catch {
            preconditionFailure("fixture condition \(condition) does not parse: \(error)")
        }
    }

    static let scale = RatingScale(
        levels: [
            RatingLevel(id: "not-met", label: "Not met", score: 1),
            RatingLevel(id: "partially-met", label: "Partially met", score: 2),
            RatingLevel(id: "met", label: "Met", score: 3),
            RatingLevel(id: "exceeded", label: "Exceeded", score: 4),
        ], metLevelID: "met")

    static let framework = Framework(
        id: "mini", version: "1", title: "Mini", ratingScale: scale,
        foundations: [
            FrameworkFoundation(
                id: "SL", title: "Shared learning",
                standards: [
                    Standard(
                        id: "SL-1", title: "Reporting",
                        criteria: [
                            Criterion(id: "SL-1.1", text: "Report", mandatory: true),
                            Criterion(id: "SL-1.2", text: "Review"),
                        ])
                ]),
            FrameworkFoundation(
                id: "CU", title: "Culture",
                standards: [
                    Standard(
                        id: "CU-1", title: "Just culture",
                        criteria: [
                            Criterion(id: "CU-1.1", text: "Guide", mandatory: true),
                            Criterion(id: "CU-1.2", text: "Support"),
                        ])
                ]),
        ],
        awardRules: [
            rule("incomplete", .incomplete, "unrated > 0"),
            rule("mandatory-not-met", "not-accredited", "mandatoryNotMet > 0"),
            rule("score-low", "not-accredited", "scorePercent < 63"),
            rule("mandatory-partial", "accredited-with-conditions", "mandatoryPartiallyMet > 0"),
            rule("culture-weak", "accredited-with-conditions", "foundationScorePercent('CU') < 75"),
            rule("accredited", "accredited", "true"),
        ])
}

import AccreditEngine
import Statecharts
import Testing

struct FrameworkAssessmentTests {
    let framework = FrameworkFixtures.framework

    func ratings(_ levels: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(["SL-1.1", "SL-1.2", "CU-1.1", "CU-1.2"], levels).map { ($0, $1) })
    }

    @Test func coverageCountsCriteriaWithEvidenceAndMandatoryMissing() throws {
        let assessment = try FrameworkAssessment(
            framework: framework, ratings: [:], evidenceCounts: ["SL-1.2": 2, "CU-1.1": 1, "CU-1.2": 0])
        let sl = try #require(assessment.foundations.first)
        #expect(sl.criteria == 2)
        #expect(sl.criteriaWithEvidence == 1)
        #expect(sl.mandatoryWithoutEvidence == ["SL-1.1"])
        #expect(sl.coverage == 0.5)
        #expect(assessment.foundations[1].mandatoryWithoutEvidence == [])
        #expect(assessment.figures.criteriaWithoutEvidence == 2)
        #expect(assessment.figures.mandatoryWithoutEvidence == 1)
    }

    @Test func unratedCriteriaMakeTheAssessmentIncomplete() throws {
        let assessment = try FrameworkAssessment(framework: framework, ratings: ["SL-1.1": "met"])
        #expect(assessment.decision.outcome == .incomplete)
        #expect(assessment.decision.ruleID == "incomplete")
        #expect(assessment.decision.figures.unrated == 3)
        #expect(assessment.figures.mandatoryUnrated == 1)
    }

    @Test(arguments: [
        (["met", "met", "met", "met"], "accredited", AwardOutcome("accredited"), 75.0),
        (["not-met", "exceeded", "exceeded", "exceeded"], "mandatory-not-met", "not-accredited", 81.25),
        (["partially-met", "partially-met", "met", "partially-met"], "score-low", "not-accredited", 56.25),
        (["partially-met", "exceeded", "met", "met"], "mandatory-partial", "accredited-with-conditions", 75.0),
        (["exceeded", "exceeded", "met", "partially-met"], "culture-weak", "accredited-with-conditions", 81.25),
    ])
    func firstMatchingRuleDecides(levels: [String], rule: String, outcome: AwardOutcome, percent: Double) throws {
        let assessment = try FrameworkAssessment(framework: framework, ratings: ratings(levels))
        #expect(assessment.decision.ruleID == rule)
        #expect(assessment.decision.outcome == outcome)
        #expect(assessment.decision.explanation == rule)
        #expect(assessment.figures.scorePercent == percent)
    }

    @Test func perFoundationScoresAndCountsAreExposed() throws {
        let assessment = try FrameworkAssessment(
            framework: framework, ratings: ratings(["exceeded", "exceeded", "met", "partially-met"]))
        #expect(assessment.foundations.map(\.scorePercent) == [100, 62.5])
        #expect(assessment.figures.ratedByLevel == ["exceeded": 2, "met": 1, "partially-met": 1])
        let scope = AwardScope(figures: assessment.figures, foundations: assessment.foundations)
        #expect(try scope.call(function: "countRated", arguments: ["exceeded"]) == 2)
        #expect(try scope.call(function: "foundationUnrated", arguments: ["CU"]) == 0)
        #expect(throws: ExpressionError.self) { try scope.call(function: "foundationScorePercent", arguments: ["XX"]) }
        #expect(throws: ExpressionError.self) { try scope.call(function: "nope", arguments: []) }
        #expect(Set(assessment.figures.variables.keys) == Set(AssessmentFigures.variableNames))
    }

    @Test func unknownCriteriaAndLevelsAreRefused() {
        let unknownCriterion = #expect(throws: FrameworkAssessmentError.self) {
            try FrameworkAssessment(framework: framework, ratings: ["XX-1.1": "met"])
        }
        #expect(unknownCriterion?.code == .unknownCriterion)
        let unknownLevel = #expect(throws: FrameworkAssessmentError.self) {
            try FrameworkAssessment(framework: framework, ratings: ["SL-1.1": "superb"])
        }
        #expect(unknownLevel?.code == .unknownRatingLevel)
    }

    @Test func noMatchingRuleAndFailingRulesAreReported() {
        var noDefault = framework
        noDefault.awardRules = [FrameworkFixtures.rule("never", "accredited", "false")]
        let none = #expect(throws: FrameworkAssessmentError.self) {
            try FrameworkAssessment(framework: noDefault, ratings: [:])
        }
        #expect(none?.code == .noRuleMatched)
        var failing = framework
        failing.awardRules = [FrameworkFixtures.rule("bad", "accredited", "unrated")]
        let bad = #expect(throws: FrameworkAssessmentError.self) {
            try FrameworkAssessment(framework: failing, ratings: [:])
        }
        #expect(bad?.code == .ruleFailed)
    }

    @Test func bandsFollowTheMetLevel() {
        let scale = FrameworkFixtures.scale
        #expect(scale.levels.map(scale.band) == [.notMet, .partiallyMet, .met, .met])
        #expect(scale.maximumScore == 4)
        #expect(scale.minimumScore == 1)
    }
}

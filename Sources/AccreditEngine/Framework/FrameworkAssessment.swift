import Statecharts

/// A pure assessment of a case against a framework: coverage, scores and the award decision.
///
/// Scores follow CQC's method: the sum of the rated criteria's scores as a percentage of the highest possible sum
/// for those criteria. Unrated criteria count towards neither; the `unrated` variable lets rules refuse to decide.
public struct FrameworkAssessment: Hashable, Sendable {
    /// Coverage and score per foundation, in document order.
    public var foundations: [FoundationResult]
    /// The overall figures.
    public var figures: AssessmentFigures
    /// The outcome, the rule that decided it and why.
    public var decision: AwardDecision

    /// Assesses ratings and evidence against a framework.
    ///
    /// - Parameters:
    ///   - framework: The framework version the case is pinned to.
    ///   - ratings: The rating level id given to each rated criterion, keyed by criterion id.
    ///   - evidenceCounts: How many of each criterion's expected evidence items have evidence, keyed by criterion id
    ///     (absent means 0): a criterion has evidence when this reaches ``Framework/requiredEvidence(_:)`` (so, for a
    ///     framework that covers by criterion, a count of pieces of evidence will do).
    ///   - outstandingFindings: Findings still open or awaiting verification, per severity id; absent means 0.
    ///   - notApplicable: The criteria found not applicable to the case's scope: left out of every figure (they are
    ///     neither criteria, nor rated, nor missing evidence), and a foundation left with none drops out of
    ///     `foundations()`.
    /// - Throws: ``FrameworkAssessmentError`` when an input names an unknown criterion or level, a rule's condition
    ///   fails to evaluate, or no rule matches.
    public init(
        framework: Framework, ratings: [String: String], evidenceCounts: [String: Int] = [:],
        outstandingFindings: [String: Int] = [:], notApplicable: Set<String> = []
    ) throws(FrameworkAssessmentError) {
        let known = Set(framework.criteria.map(\.id))
        for id in Set(ratings.keys).union(evidenceCounts.keys).sorted() where !known.contains(id) {
            throw FrameworkAssessmentError(
                code: .unknownCriterion,
                message: "criterion '\(id)' is not in \(framework.id) version \(framework.version): "
                    + "carry the case over with the crosswalk, or remove the rating")
        }
        var tally = Tally(framework: framework, notApplicable: notApplicable)
        var results: [FoundationResult] = []
        for foundation in framework.foundations {
            results.append(try tally.add(foundation, ratings: ratings, evidenceCounts: evidenceCounts))
        }
        self.foundations = results
        self.figures = tally.figures
        self.decision = try Self.decide(
            framework.awardRules,
            scope: AwardScope(
                figures: figures, foundations: results, outstandingFindings: outstandingFindings,
                severityIDs: Set(framework.findingSeverities.map(\.id)),
                foundationCodes: results.filter { $0.criteria > 0 }.map(\.id)))
    }

    /// Evaluates the rules in document order; the first whose condition holds decides.
    ///
    /// - Parameters:
    ///   - rules: The award rules.
    ///   - scope: The figures and functions the conditions see.
    /// - Returns: The decision.
    /// - Throws: ``FrameworkAssessmentError`` when a condition fails to evaluate or no rule matches.
    public static func decide(_ rules: [AwardRule], scope: AwardScope) throws(FrameworkAssessmentError) -> AwardDecision
    {
        for rule in rules {
            let holds: Bool
            do {
                holds = try rule.condition.evaluateCondition(in: scope)
            } catch {
                throw FrameworkAssessmentError(
                    code: .ruleFailed, message: "award rule '\(rule.id)' failed: \(error): fix the framework's rule")
            }
            if holds {
                return AwardDecision(
                    outcome: rule.outcome, ruleID: rule.id, explanation: rule.explanation, figures: scope.figures)
            }
        }
        throw FrameworkAssessmentError(
            code: .noRuleMatched,
            message: "no award rule matched: add a last rule with when=\"true\" so every assessment gets an outcome")
    }
}

/// Accumulates the overall figures while foundations are assessed.
private struct Tally {
    let scale: RatingScale
    let framework: Framework
    let notApplicable: Set<String>
    var figures = AssessmentFigures(
        criteria: 0, rated: 0, mandatoryNotMet: 0, mandatoryPartiallyMet: 0, mandatoryUnrated: 0,
        criteriaWithoutEvidence: 0, mandatoryWithoutEvidence: 0, score: 0, maximumScore: 0, ratedByLevel: [:])

    init(framework: Framework, notApplicable: Set<String>) {
        self.scale = framework.ratingScale
        self.framework = framework
        self.notApplicable = notApplicable
    }

    mutating func add(
        _ foundation: FrameworkFoundation, ratings: [String: String], evidenceCounts: [String: Int]
    ) throws(FrameworkAssessmentError) -> FoundationResult {
        var result = FoundationResult(
            id: foundation.id, criteria: 0, criteriaWithEvidence: 0, mandatoryWithoutEvidence: [], rated: 0, score: 0,
            maximumScore: 0)
        for criterion in foundation.criteria {
            if !notApplicable.isEmpty, notApplicable.contains(criterion.id) {
                figures.notApplicable += 1
                continue
            }
            result.criteria += 1
            figures.criteria += 1
            if evidenceCounts[criterion.id, default: 0] >= framework.requiredEvidence(criterion) {
                result.criteriaWithEvidence += 1
            } else {
                figures.criteriaWithoutEvidence += 1
                if criterion.mandatory {
                    figures.mandatoryWithoutEvidence += 1
                    result.mandatoryWithoutEvidence.append(criterion.id)
                }
            }
            guard let levelID = ratings[criterion.id] else {
                if criterion.mandatory { figures.mandatoryUnrated += 1 }
                continue
            }
            guard let level = scale.level(levelID) else {
                throw FrameworkAssessmentError(
                    code: .unknownRatingLevel,
                    message: "criterion '\(criterion.id)' is rated '\(levelID)', which is not on the rating scale: "
                        + "use one of \(scale.levels.map(\.id).joined(separator: ", "))")
            }
            result.rated += 1
            result.score += level.score
            result.maximumScore += scale.maximumScore
            figures.rated += 1
            figures.score += level.score
            figures.maximumScore += scale.maximumScore
            figures.ratedByLevel[level.id, default: 0] += 1
            switch scale.band(of: level) {
            case .notMet:
                figures.notMet += 1
                if criterion.mandatory { figures.mandatoryNotMet += 1 }
            case .partiallyMet:
                figures.partiallyMet += 1
                if criterion.mandatory { figures.mandatoryPartiallyMet += 1 }
            case .met: break
            }
        }
        return result
    }
}

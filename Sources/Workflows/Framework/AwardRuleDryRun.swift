import AccreditEngine
import Statecharts

/// Evaluates every award rule against synthetic assessments, so a rule that would fail on a real case
/// (a type error, or a foundation code the framework lacks) is reported at load time.
///
/// Rule: `framework.condition-evaluation`. The synthetic assessments are "nothing rated" and "every criterion rated
/// at each level of the scale in turn"; each rule is evaluated on its own, not first-match.
enum AwardRuleDryRun {
    /// The diagnostics for the rules that fail, one per rule, at the rule's line.
    static func check(_ framework: Framework, root: XMLElement, file: String) -> [XMLDiagnostic] {
        let ruleElements = root.elements.filter { $0.name == "award-rules" }.flatMap(\.elements)
        let lines = Dictionary(
            ruleElements.map { ($0.attribute("id") ?? "", $0.line) }, uniquingKeysWith: { first, _ in first })
        var inputs: [[String: String]] = [[:]]
        for level in framework.ratingScale.levels {
            inputs.append(Dictionary(uniqueKeysWithValues: framework.criteria.map { ($0.id, level.id) }))
        }
        var failed: [String: ExpressionError] = [:]
        for ratings in inputs {
            guard let scope = scope(framework, ratings) else { continue }
            for rule in framework.awardRules where failed[rule.id] == nil {
                do {
                    _ = try rule.condition.evaluateCondition(in: scope)
                } catch {
                    failed[rule.id] = error
                }
            }
        }
        return framework.awardRules.compactMap { rule in
            failed[rule.id].map { error in
                XMLDiagnostic(
                    file: file, line: lines[rule.id] ?? 0, rule: "framework.condition-evaluation",
                    message: "award rule '\(rule.id)' fails when evaluated (\(error.kind.rawValue) at column "
                        + "\(error.column)): \(error.message)")
            }
        }
    }

    /// The scope the rules would see for these ratings, with no evidence.
    private static func scope(_ framework: Framework, _ ratings: [String: String]) -> AwardScope? {
        var none = framework
        none.awardRules = [
            AwardRule(id: "dry-run", outcome: .incomplete, condition: alwaysTrue, explanation: "dry run")
        ]
        guard let assessment = try? FrameworkAssessment(framework: none, ratings: ratings) else { return nil }
        return AwardScope(figures: assessment.figures, foundations: assessment.foundations)
    }

    private static let alwaysTrue: Expression = {
        do {
            return try Expression("true")
        } catch {
            preconditionFailure("the literal 'true' always parses: \(error)")
        }
    }()
}

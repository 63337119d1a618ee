import AccreditEngine
import Statecharts
import Workflows

/// Formats a loaded framework as a readable outline or as canonical JSON.
enum FrameworkOutline {
    /// The outline: identity, rating scale, foundations with standards and criteria, award rules.
    static func text(_ loaded: LoadedFramework) -> String {
        let framework = loaded.framework
        var lines = [
            "\(framework.title) (\(framework.id) version \(framework.version))",
            "sha256 \(loaded.identity.sha256)", "",
            "Rating scale (met at '\(framework.ratingScale.metLevelID)'):",
        ]
        for level in framework.ratingScale.levels { lines.append("  \(level.score)  \(level.id)  \(level.label)") }
        lines.append("")
        for foundation in framework.foundations {
            lines.append("\(foundation.id)  \(foundation.title)")
            for standard in foundation.standards {
                lines.append("  \(standard.id)  \(standard.title)")
                for criterion in standard.criteria {
                    let marker = criterion.mandatory ? "*" : " "
                    let count = criterion.expectedEvidence.count
                    lines.append(
                        "   \(marker)\(criterion.id)  [\(count) evidence item\(count == 1 ? "" : "s")]  \(criterion.text)"
                    )
                }
            }
        }
        lines += ["", "* mandatory", "", "Award rules (first match wins):"]
        for (index, rule) in framework.awardRules.enumerated() {
            lines.append("  \(index + 1). \(rule.id) -> \(rule.outcome.rawValue) when \(rule.condition.source)")
            lines.append("     \(rule.explanation)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The framework and its identity as canonical JSON.
    static func json(_ loaded: LoadedFramework) -> String {
        let framework = loaded.framework
        let scale = framework.ratingScale
        let value: Value = .object([
            "id": .string(framework.id), "version": .string(framework.version), "title": .string(framework.title),
            "sha256": .string(loaded.identity.sha256),
            "ratingScale": .object([
                "metLevel": .string(scale.metLevelID),
                "levels": .array(
                    scale.levels.map {
                        .object(["id": .string($0.id), "label": .string($0.label), "score": .integer(Int64($0.score))])
                    }),
            ]),
            "foundations": .array(framework.foundations.map(foundation)),
            "awardRules": .array(
                framework.awardRules.map {
                    .object([
                        "id": .string($0.id), "outcome": .string($0.outcome.rawValue),
                        "when": .string($0.condition.source), "explanation": .string($0.explanation),
                    ])
                }),
        ])
        return CanonicalJSON.encode(value) + "\n"
    }

    private static func foundation(_ foundation: FrameworkFoundation) -> Value {
        .object([
            "id": .string(foundation.id), "title": .string(foundation.title), "summary": .string(foundation.summary),
            "standards": .array(
                foundation.standards.map { standard in
                    .object([
                        "id": .string(standard.id), "title": .string(standard.title),
                        "criteria": .array(standard.criteria.map(criterion)),
                    ])
                }),
        ])
    }

    private static func criterion(_ criterion: Criterion) -> Value {
        .object([
            "id": .string(criterion.id), "text": .string(criterion.text), "guidance": .string(criterion.guidance),
            "mandatory": .bool(criterion.mandatory),
            "expectedEvidence": .array(
                criterion.expectedEvidence.map {
                    .object([
                        "description": .string($0.description), "mediaHints": .array($0.mediaHints.map(Value.string)),
                    ])
                }),
        ])
    }
}

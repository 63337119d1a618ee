import AccreditEngine
import Statecharts

/// Builds a ``Framework`` from a schema-valid document; total on such documents (the checks report what is wrong).
enum FrameworkBuilder {
    /// Builds the framework; award rules whose condition does not parse are left out (the checks report them).
    static func build(_ root: XMLElement) -> Framework {
        let scaleElement = root.elements.first { $0.name == "rating-scale" }
        let levels = (scaleElement?.elements ?? []).map { level in
            RatingLevel(
                id: level.attribute("id") ?? "", label: level.attribute("label") ?? "",
                score: Int(level.attribute("score") ?? "") ?? 0)
        }
        let scale = RatingScale(levels: levels, metLevelID: scaleElement?.attribute("met-level") ?? "")
        let foundations = root.elements.filter { $0.name == "foundation" }.map(foundation)
        let rules = root.elements.filter { $0.name == "award-rules" }.flatMap(\.elements).compactMap(rule)
        let declared = root.elements.first { $0.name == "outcomes" }.map { element in
            element.elements.map { outcome in
                FrameworkOutcome(
                    id: AwardOutcome(rawValue: outcome.attribute("id") ?? ""), label: outcome.attribute("label") ?? "",
                    isAward: flag(outcome.attribute("award")), withConditions: flag(outcome.attribute("conditions")))
            }
        }
        let severities = root.elements.filter { $0.name == "finding-severities" }.flatMap(\.elements).map {
            severity in
            FindingSeverity(
                id: severity.attribute("id") ?? "", label: severity.attribute("label") ?? "",
                respondWithin: severity.attribute("respond-within").flatMap(Delay.init(parsing:)))
        }
        let kinds = root.elements.filter { $0.name == "service-kinds" }.flatMap(\.elements).map { kind in
            ServiceKind(id: kind.attribute("id") ?? "", label: kind.attribute("label") ?? "")
        }
        return Framework(
            id: root.attribute("id") ?? "", version: root.attribute("version") ?? "",
            title: root.attribute("title") ?? "", ratingScale: scale, foundations: foundations, awardRules: rules,
            outcomes: declared ?? FrameworkOutcome.defaults, findingSeverities: severities,
            serviceKinds: kinds,
            evidenceCoverage: root.attribute("evidence-coverage") == "item" ? .item : .criterion)
    }

    /// An `xs:boolean` attribute; absent is false.
    private static func flag(_ value: String?) -> Bool { value == "true" || value == "1" }

    private static func foundation(_ element: XMLElement) -> FrameworkFoundation {
        FrameworkFoundation(
            id: element.attribute("id") ?? "", title: element.attribute("title") ?? "",
            summary: child(element, "summary"),
            standards: element.elements.filter { $0.name == "standard" }.map(standard))
    }

    private static func standard(_ element: XMLElement) -> Standard {
        Standard(
            id: element.attribute("id") ?? "", title: element.attribute("title") ?? "",
            criteria: element.elements.filter { $0.name == "criterion" }.map(criterion))
    }

    private static func criterion(_ element: XMLElement) -> Criterion {
        let evidence = element.elements.filter { $0.name == "evidence" }.map { item in
            ExpectedEvidence(
                description: normalized(item.text),
                mediaHints: (item.attribute("media") ?? "").split(separator: " ").map(String.init))
        }
        return Criterion(
            id: element.attribute("id") ?? "", text: child(element, "text"), guidance: child(element, "guidance"),
            expectedEvidence: evidence, mandatory: flag(element.attribute("mandatory")),
            notApplicable: element.attribute("not-applicable") == "justified" ? .justified : .never,
            appliesTo: (element.attribute("applies-to") ?? "").split(separator: " ").map(String.init),
            reuseEvidence: flag(element.attribute("reuse-evidence")))
    }

    private static func rule(_ element: XMLElement) -> AwardRule? {
        guard let condition = try? Expression(element.attribute("when") ?? "") else { return nil }
        return AwardRule(
            id: element.attribute("id") ?? "",
            outcome: AwardOutcome(rawValue: element.attribute("outcome") ?? ""),
            condition: condition, explanation: child(element, "explanation"))
    }

    private static func child(_ element: XMLElement, _ name: String) -> String {
        normalized(element.elements.first { $0.name == name }?.text ?? "")
    }

    /// Collapses runs of whitespace (including the line breaks of indented XML) to single spaces.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

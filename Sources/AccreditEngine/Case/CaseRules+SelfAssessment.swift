import Statecharts

extension CaseRules {
    /// The checks of a self-assessment (`self-assess`): a criterion of the framework, a level of its rating scale, and
    /// a narrative of 1 to 4,000 characters with some letters or digits in it.
    static func checkSelfAssessment(_ value: Value, framework: FrameworkIndex, actor: String, at time: Instant)
        -> Result<CaseSelfAssessment, CaseRefusal>
    {
        let named = "\(framework.framework.id) \(framework.framework.version)"
        guard case .string(let criterion)? = value["criterion"], framework.criteria.contains(criterion) else {
            return .failure(
                CaseRefusal(
                    rule: "self-assessment.unknown-criterion",
                    message: "assess yourself against a criterion of \(named), such as \(framework.firstCriterion)"))
        }
        guard case .string(let rating)? = value["rating"], framework.ratingLevelList.contains(rating) else {
            return .failure(
                CaseRefusal(
                    rule: "self-assessment.unknown-rating",
                    message: "rate yourself on the framework's scale: one of "
                        + framework.ratingLevelList.joined(separator: ", ")))
        }
        // Words, not just characters that show nothing (a zero-width space is not whitespace).
        guard case .string(let narrative)? = value["narrative"],
            FreeText.isValid(narrative, limit: CaseSelfAssessment.narrativeLimit),
            narrative.contains(where: { $0.isLetter || $0.isNumber })
        else {
            return .failure(
                CaseRefusal(
                    rule: "self-assessment.narrative",
                    message: "say how the organisation meets \(criterion) in a narrative of 1 to 4,000 characters"))
        }
        return .success(
            CaseSelfAssessment(criterion: criterion, rating: rating, narrative: narrative, by: actor, at: time))
    }

    /// The expected evidence item an upload is for (`item`: 1-based, in the order of the criterion's `<evidence>`):
    /// the one named; else the one the replaced piece was for; else, when the criterion expects exactly one, that one;
    /// else none, which a framework that covers evidence by item refuses (`evidence.item-required`).
    static func expectedItem(_ given: Value?, criterion id: String, replacing: Int?, framework: FrameworkIndex)
        -> Result<Int?, CaseRefusal>
    {
        guard let descriptions = framework.expectedEvidence[id] else { return .success(nil) }
        let expected = descriptions.count
        switch given {
        case .integer(let number)?:
            guard number >= 1, number <= Int64(expected) else {
                let range = expected == 0 ? "none: leave item out" : expected == 1 ? "1" : "1 to \(expected)"
                return .failure(
                    CaseRefusal(
                        rule: "evidence.unknown-item",
                        message: "\(id) expects \(expected) evidence item\(expected == 1 ? "" : "s"); item \(number) "
                            + "is not one of them (give \(range))"))
            }
            return .success(Int(number))
        case nil, .null?:
            if let replacing { return .success(replacing) }
            if expected == 1, framework.framework.evidenceCoverage == .item { return .success(1) }
            guard framework.framework.evidenceCoverage == .item, expected > 1 else { return .success(nil) }
            let choices = descriptions.enumerated().map { "\($0.offset + 1): \($0.element)" }
            return .failure(
                CaseRefusal(
                    rule: "evidence.item-required",
                    message: "\(id) expects \(expected) evidence items; name the one this is for ("
                        + choices.joined(separator: "; ") + ")"))
        default:
            return .failure(
                CaseRefusal(
                    rule: "evidence.unknown-item",
                    message: "item is the number of the criterion's expected evidence item, such as 1"))
        }
    }
}

import AccreditEngine
import Statecharts

/// The static checks on a schema-valid framework document; every problem is reported, not only the first.
///
/// Rules: `framework.duplicate-id`, `framework.id-prefix`, `framework.rating-scale-levels`,
/// `framework.rating-scale-duplicate-score`, `framework.met-level`, `framework.condition-syntax`,
/// `framework.condition-unknown-name`, `framework.condition-unknown-level`, `framework.condition-unknown-foundation`,
/// `framework.outcome`, `framework.finding-severity`, `framework.condition-unknown-severity`, `framework.service-kind`
/// and the warning
/// `framework.no-default-rule`; ``AwardRuleDryRun`` adds
/// `framework.condition-evaluation` once the model is built.
struct FrameworkChecker {
    /// Every rule the checks apply, with the award rules' dry run (``AwardRuleDryRun``).
    static let rules = [
        "framework.duplicate-id", "framework.id-prefix", "framework.rating-scale-levels",
        "framework.rating-scale-duplicate-score", "framework.met-level", "framework.condition-syntax",
        "framework.condition-unknown-name", "framework.condition-unknown-level",
        "framework.condition-unknown-foundation", "framework.outcome", "framework.no-default-rule",
        "framework.condition-evaluation", "framework.finding-severity", "framework.condition-unknown-severity",
        "framework.service-kind",
    ]

    let file: String
    private(set) var diagnostics: [XMLDiagnostic] = []

    init(file: String) { self.file = file }

    /// Runs every check on the document's root element.
    static func check(_ root: XMLElement, file: String) -> [XMLDiagnostic] {
        var checker = FrameworkChecker(file: file)
        checker.checkRatingScale(root.elements.first { $0.name == "rating-scale" })
        checker.checkStructure(root)
        let levels =
            root.elements.first { $0.name == "rating-scale" }?.elements.filter { $0.name == "level" }
            .compactMap { $0.attribute("id") } ?? []
        let foundations = root.elements.filter { $0.name == "foundation" }.compactMap { $0.attribute("id") }
        let rules = root.elements.first { $0.name == "award-rules" }?.elements ?? []
        let severities = checker.checkSeverities(root.elements.first { $0.name == "finding-severities" })
        checker.checkRules(rules, levels: levels, foundations: foundations, severities: severities)
        checker.checkOutcomes(root.elements.first { $0.name == "outcomes" }, rules: rules)
        checker.checkServiceKinds(root)
        return checker.diagnostics
    }

    private mutating func report(
        _ element: XMLElement, _ rule: String, _ message: String, severity: XMLDiagnostic.Severity = .error
    ) {
        diagnostics.append(
            XMLDiagnostic(file: file, line: element.line, severity: severity, rule: rule, message: message))
    }

    private mutating func checkRatingScale(_ scale: XMLElement?) {
        guard let scale else { return }
        let levels = scale.elements.filter { $0.name == "level" }
        if levels.count < 2 {
            report(
                scale, "framework.rating-scale-levels",
                "the rating scale has \(levels.count) level: an ordinal scale needs at least 2, such as not met and met"
            )
        }
        var ids: [String: Int] = [:]
        var scores: [String: (id: String, line: Int)] = [:]
        for level in levels {
            let id = level.attribute("id") ?? ""
            if let first = ids[id] {
                report(
                    level, "framework.duplicate-id",
                    "rating level '\(id)' is declared twice (first at line \(first)): give each level its own id")
            } else {
                ids[id] = level.line
            }
            let score = level.attribute("score") ?? ""
            if let first = scores[score] {
                report(
                    level, "framework.rating-scale-duplicate-score",
                    "rating level '\(id)' has score \(score), like '\(first.id)' at line \(first.line): "
                        + "an ordinal scale needs a different score per level")
            } else {
                scores[score] = (id, level.line)
            }
        }
        let metLevel = scale.attribute("met-level") ?? ""
        if ids[metLevel] == nil {
            report(
                scale, "framework.met-level",
                "met-level '\(metLevel)' names no level of the scale: use one of "
                    + levels.compactMap { $0.attribute("id") }.joined(separator: ", "))
        }
    }

    /// `framework.outcome`: declared outcomes are unique and never `incomplete` (built in), and every award rule
    /// gives a declared outcome or `incomplete`.
    private mutating func checkOutcomes(_ outcomes: XMLElement?, rules: [XMLElement]) {
        var declared: [String] = []
        for outcome in outcomes?.elements ?? [] {
            let id = outcome.attribute("id") ?? ""
            if id == AwardOutcome.incomplete.rawValue {
                report(
                    outcome, "framework.outcome",
                    "'incomplete' is built in (an assessment not complete enough to decide): remove its <outcome>")
            } else if declared.contains(id) {
                report(outcome, "framework.duplicate-id", "outcome '\(id)' is declared twice: declare it once")
            } else {
                declared.append(id)
            }
        }
        let known = outcomes == nil ? FrameworkOutcome.defaults.map(\.id.rawValue) : declared
        for rule in rules {
            let outcome = rule.attribute("outcome") ?? ""
            guard outcome != AwardOutcome.incomplete.rawValue, !known.contains(outcome) else { continue }
            report(
                rule, "framework.outcome",
                "award rule '\(rule.attribute("id") ?? "")' gives outcome '\(outcome)', which the framework does not "
                    + "declare: use one of \((known + [AwardOutcome.incomplete.rawValue]).joined(separator: ", ")), or "
                    + "declare it in <outcomes>")
        }
    }

    private mutating func checkStructure(_ root: XMLElement) {
        var seen: [String: (kind: String, line: Int)] = [:]
        func declare(_ element: XMLElement, kind: String, prefix: String?, checker: inout FrameworkChecker) {
            let id = element.attribute("id") ?? ""
            if let first = seen[id] {
                checker.report(
                    element, "framework.duplicate-id",
                    "\(kind) '\(id)' is already declared as a \(first.kind) at line \(first.line): ids must be unique")
            } else {
                seen[id] = (kind, element.line)
            }
            if let prefix, !id.hasPrefix(prefix + "-") {
                checker.report(
                    element, "framework.id-prefix",
                    "\(kind) '\(id)' is in foundation '\(prefix)', so its id must start with '\(prefix)-'")
            }
        }
        for foundation in root.elements where foundation.name == "foundation" {
            declare(foundation, kind: "foundation", prefix: nil, checker: &self)
            let code = foundation.attribute("id") ?? ""
            for standard in foundation.elements where standard.name == "standard" {
                declare(standard, kind: "standard", prefix: code, checker: &self)
                for criterion in standard.elements where criterion.name == "criterion" {
                    declare(criterion, kind: "criterion", prefix: code, checker: &self)
                }
            }
        }
    }

    /// `framework.service-kind`: service kind ids are unique, and every criterion's `applies-to` names declared kinds
    /// (a kind the scope can never hold would make the criterion not applicable to every case).
    private mutating func checkServiceKinds(_ root: XMLElement) {
        var kinds: Set<String> = []
        for kind in root.elements.filter({ $0.name == "service-kinds" }).flatMap(\.elements) {
            let id = kind.attribute("id") ?? ""
            if !kinds.insert(id).inserted {
                report(kind, "framework.duplicate-id", "service kind '\(id)' is declared twice: declare it once")
            }
        }
        let criteria = root.elements.filter { $0.name == "foundation" }.flatMap(\.elements)
            .filter { $0.name == "standard" }.flatMap(\.elements).filter { $0.name == "criterion" }
        for criterion in criteria {
            let id = criterion.attribute("id") ?? ""
            for kind in (criterion.attribute("applies-to") ?? "").split(separator: " ").map(String.init)
            where !kinds.contains(kind) {
                report(
                    criterion, "framework.service-kind",
                    "criterion '\(id)' applies to service kind '\(kind)', which <service-kinds> does not declare: "
                        + (kinds.isEmpty
                            ? "declare the framework's service kinds"
                            : NameSuggestion.hint(for: kind, in: kinds.sorted())))
            }
        }
    }

    /// `framework.finding-severity`: severity ids are unique, and a `respond-within` is a delay the engine can
    /// schedule (a positive ISO 8601 duration, at most 10,000 years). Returns the declared ids.
    private mutating func checkSeverities(_ element: XMLElement?) -> [String] {
        var ids: [String] = []
        for severity in element?.elements.filter({ $0.name == "severity" }) ?? [] {
            let id = severity.attribute("id") ?? ""
            if ids.contains(id) {
                report(
                    severity, "framework.duplicate-id", "finding severity '\(id)' is declared twice: declare it once")
            } else {
                ids.append(id)
            }
            guard let text = severity.attribute("respond-within") else { continue }
            guard let delay = Delay(parsing: text), !delay.isZero else {
                report(
                    severity, "framework.finding-severity",
                    "finding severity '\(id)': respond-within '\(text)' is not a positive duration the engine can "
                        + "schedule: write one such as P3D, P60D or P12M (or leave it out for an observation)")
                continue
            }
        }
        return ids
    }

    private mutating func checkRules(
        _ rules: [XMLElement], levels: [String], foundations: [String], severities: [String]
    ) {
        let variables = Set(AssessmentFigures.variableNames)
        let functions = Set(AwardScope.functionNames)
        for rule in rules {
            let id = rule.attribute("id") ?? ""
            let source = rule.attribute("when") ?? ""
            let expression: Expression
            do {
                expression = try Expression(source)
            } catch {
                report(
                    rule, "framework.condition-syntax",
                    "award rule '\(id)': the condition does not parse at column \(error.column): \(error.message)")
                continue
            }
            for name in expression.referencedIdentifiers.subtracting(variables).sorted() {
                report(
                    rule, "framework.condition-unknown-name",
                    "award rule '\(id)' reads '\(name)', which is not an assessment variable: use one of "
                        + AssessmentFigures.variableNames.joined(separator: ", "))
            }
            for name in expression.calledFunctions.subtracting(functions).subtracting(Expression.builtinFunctions)
                .sorted()
            {
                report(
                    rule, "framework.condition-unknown-name",
                    "award rule '\(id)' calls '\(name)()', which award rules cannot call: use one of "
                        + (AwardScope.functionNames + Expression.builtinFunctions.sorted()).joined(separator: ", "))
            }
            checkArguments(of: rule, id: id, expression, levels: levels, foundations: foundations)
            for (severity, column) in expression.stringArguments(passedTo: "openFindings")
            where !severities.contains(severity) {
                report(
                    rule, "framework.condition-unknown-severity",
                    "award rule '\(id)' counts open findings of severity '\(severity)' (column \(column)), which "
                        + "<finding-severities> does not declare: "
                        + (severities.isEmpty
                            ? "declare the framework's finding severities"
                            : NameSuggestion.hint(for: severity, in: severities)))
            }
        }
        if let last = rules.last, FrameworkBuilder.normalized(last.attribute("when") ?? "") != "true" {
            report(
                last, "framework.no-default-rule",
                "the last award rule is not when=\"true\": some assessments may match no rule and get no outcome",
                severity: .warning)
        }
    }

    /// Rating levels named in `countRated('…')` must be levels of the scale, and foundation codes named in
    /// `foundationScorePercent('…')` and `foundationUnrated('…')` foundations of the framework, compared exactly.
    private mutating func checkArguments(
        of rule: XMLElement, id: String, _ expression: Expression, levels: [String], foundations: [String]
    ) {
        for (level, column) in expression.stringArguments(passedTo: "countRated") where !levels.contains(level) {
            report(
                rule, "framework.condition-unknown-level",
                "award rule '\(id)' counts ratings at '\(level)' (column \(column)), which is not a level of the "
                    + "rating scale (levels are compared exactly): "
                    + NameSuggestion.hint(for: level, in: levels))
        }
        for function in ["foundationScorePercent", "foundationUnrated"] {
            for (code, column) in expression.stringArguments(passedTo: function) where !foundations.contains(code) {
                report(
                    rule, "framework.condition-unknown-foundation",
                    "award rule '\(id)' calls \(function)('\(code)') (column \(column)), but the framework has no "
                        + "foundation '\(code)' (codes are compared exactly): "
                        + NameSuggestion.hint(for: code, in: foundations))
            }
        }
    }
}

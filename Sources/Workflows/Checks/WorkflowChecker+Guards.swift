import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.guard-syntax`, `workflow.unknown-function`, `workflow.guard-arguments` and
    /// `workflow.undeclared-criterion` for every `cond` (transitions, `<if>`, `<elseif>`).
    mutating func checkGuards() {
        let dialect: ExpressionDialect = document.datamodel == .null ? .null : .accredit
        for (source, line) in conditions {
            let expression: Expression
            do {
                expression = try Expression(source, dialect: dialect)
            } catch {
                report(
                    line, "workflow.guard-syntax",
                    "the condition '\(source)' does not parse at column \(error.column): \(error.message)",
                    column: error.column)
                continue
            }
            checkCalls(expression, line: line)
        }
    }

    private mutating func checkCalls(_ expression: Expression, line: Int) {
        let known = Set(CaseHostFunctions.names)
        for call in expression.literalCalls {
            guard known.contains(call.function) else {
                report(
                    line, "workflow.unknown-function",
                    "'\(call.function)()' in '\(expression.source)' is not a host function: use one of In, "
                        + CaseHostFunctions.names.joined(separator: ", "),
                    column: call.column)
                continue
            }
            if let arity = CaseHostFunctions.arity[call.function], !arity.contains(call.argumentCount) {
                report(
                    line, "workflow.guard-arguments",
                    "'\(call.function)()' is called with \(call.argumentCount) argument(s): write it as "
                        + Self.example(call.function),
                    column: call.column)
            }
            if call.function == "assigned", let position = call.arguments.first,
                CaseTeamMember.Position(rawValue: position) == nil
            {
                report(
                    line, "workflow.guard-arguments",
                    "'\(position)' is not a team position: write assigned(), assigned('lead') or assigned('member')",
                    column: call.column)
            }
            guard let framework else { continue }
            for argument in call.arguments {
                if CaseHostFunctions.criterionFunctions.contains(call.function), framework.criterion(argument) == nil {
                    report(
                        line, "workflow.undeclared-criterion",
                        "criterion '\(argument)' is not in framework \(framework.id) version \(framework.version)",
                        column: call.column)
                }
                if CaseHostFunctions.foundationFunctions.contains(call.function),
                    !framework.foundations.contains(where: { $0.id == argument })
                {
                    report(
                        line, "workflow.undeclared-criterion",
                        "foundation '\(argument)' is not in framework \(framework.id) version \(framework.version): "
                            + "use one of " + framework.foundations.map(\.id).joined(separator: ", "),
                        column: call.column)
                }
                if CaseHostFunctions.severityFunctions.contains(call.function),
                    framework.findingSeverity(argument) == nil
                {
                    report(
                        line, "workflow.undeclared-criterion",
                        "finding severity '\(argument)' is not declared by framework \(framework.id) version "
                            + "\(framework.version)"
                            + (framework.findingSeverities.isEmpty
                                ? ", which declares none"
                                : ": use one of " + framework.findingSeverities.map(\.id).joined(separator: ", ")),
                        column: call.column)
                }
            }
        }
    }

    private static func example(_ function: String) -> String {
        if CaseHostFunctions.criterionFunctions.contains(function) { return "\(function)('SL-1.1')" }
        if CaseHostFunctions.foundationFunctions.contains(function) { return "\(function)() or \(function)('SL')" }
        if CaseHostFunctions.severityFunctions.contains(function) { return "\(function)() or \(function)('major')" }
        if function == "assigned" { return "assigned() or assigned('lead')" }
        return "\(function)()"
    }
}

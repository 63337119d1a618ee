import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// Every `cond` of the document (transitions, `<if>`, `<elseif>`) with its line.
    var conditions: [(source: String, line: Int)] {
        var conditions: [(source: String, line: Int)] = edges.compactMap { edge in
            edge.transition.cond.map { ($0, edge.transition.line) }
        }
        for block in executableBlocks {
            Self.visit(block) { item in
                if case .if(let branches) = item.kind {
                    conditions += branches.compactMap { branch in branch.cond.map { ($0, item.line) } }
                }
            }
        }
        return conditions
    }

    /// The case host functions (``CaseHostFunctions/names``) that the document's conditions call, sorted.
    var hostFunctionsCalled: [String] {
        let dialect: ExpressionDialect = document.datamodel == .null ? .null : .accredit
        let known = Set(CaseHostFunctions.names)
        var called: Set<String> = []
        for (source, _) in conditions {
            guard let expression = try? Expression(source, dialect: dialect) else { continue }
            called.formUnion(expression.literalCalls.map(\.function).filter(known.contains))
        }
        return called.sorted()
    }
}

extension WorkflowReader {
    /// The case host functions a document's conditions call (`missingEvidence`, `outcome`, …), sorted: the guards
    /// that need a case's facts to be evaluated.
    public static func hostFunctionsCalled(by document: Document) -> [String] {
        WorkflowChecker(document: document, file: document.file, framework: nil).hostFunctionsCalled
    }
}

import AccreditEngine
import Statecharts

extension SCXMLBuilder {
    /// Builds an `<invoke>`, loading its child document from `src` or inline `<content>`.
    mutating func invoke(_ element: XMLElement) -> Invoke {
        checkAttributes(
            element, allowed: ["type", "typeexpr", "src", "srcexpr", "id", "idlocation", "namelist", "autoforward"])
        var invoke = Invoke(
            type: element.attribute("type"), typeExpr: element.attribute("typeexpr"), id: element.attribute("id"),
            idLocation: element.attribute("idlocation"), src: element.attribute("src"),
            srcExpr: element.attribute("srcexpr"), autoforward: element.attribute("autoforward") == "true",
            namelist: tokens(element.attribute("namelist")), line: element.line)
        if let src = invoke.src {
            if case .document(let document)? = resolve(src, element.line) {
                invoke.document = IndirectDocument(document)
            }
        }
        for child in element.elements where isSCXML(child) {
            switch child.name {
            case "param": if let param = param(child) { invoke.params.append(param) }
            case "finalize": invoke.finalize = executableBlock(child)
            case "content":
                if let expr = child.attribute("expr") {
                    invoke.contentExpr = expr
                    if keepsMarkup, !child.contentMarkup.isEmpty {
                        error(child.line, "scxml.content", "<content> may have an expr or children, not both")
                    }
                } else if let root = child.elements.first(where: { $0.name == "scxml" }) {
                    var nested = SCXMLBuilder(file: file, resolve: resolve)
                    nested.generatedIDs = generatedIDs
                    nested.keepsMarkup = keepsMarkup
                    let document = nested.document(root)
                    generatedIDs = nested.generatedIDs
                    diagnostics += nested.diagnostics
                    invoke.document = IndirectDocument(document)
                } else {
                    error(child.line, "scxml.invoke", "<content> of <invoke> must hold an <scxml> document")
                }
            default: error(child.line, "scxml.element", "<\(child.name)> is not allowed in <invoke>")
            }
        }
        if invoke.src != nil && invoke.srcExpr != nil {
            error(element.line, "scxml.invoke", "<invoke> may not have both src and srcexpr")
        }
        if (invoke.src != nil || invoke.srcExpr != nil)
            && element.elements.contains(where: { isSCXML($0) && $0.name == "content" })
        {
            error(element.line, "scxml.invoke", "<invoke> may have src, srcexpr or <content>, only one of them")
        }
        if invoke.id != nil && invoke.idLocation != nil {
            error(element.line, "scxml.invoke", "<invoke> may not have both id and idlocation")
        }
        return invoke
    }
}

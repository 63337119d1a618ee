import AccreditEngine
import Statecharts

extension SCXMLBuilder {
    /// The executable content children of an element (`<onentry>`, `<transition>`, `<finalize>` …).
    mutating func executableBlock(_ element: XMLElement) -> [Executable] {
        element.elements.compactMap { executable($0) }
    }

    /// One executable content element; nil (with a diagnostic) when it is not executable content.
    mutating func executable(_ element: XMLElement) -> Executable? {
        guard isSCXML(element) else { return Executable(.foreign(foreign(element)), line: element.line) }
        let line = element.line
        switch element.name {
        case "raise":
            checkAttributes(element, allowed: ["event"])
            guard let event = element.attribute("event") else {
                error(line, "scxml.raise", "<raise> needs an event")
                return nil
            }
            return Executable(.raise(event: event), line: line)
        case "send":
            return Executable(.send(send(element)), line: line)
        case "cancel":
            checkAttributes(element, allowed: ["sendid", "sendidexpr"])
            let sendID = element.attribute("sendid")
            let sendIDExpr = element.attribute("sendidexpr")
            if (sendID == nil) == (sendIDExpr == nil) {
                error(line, "scxml.cancel", "<cancel> needs exactly one of sendid and sendidexpr")
            }
            return Executable(.cancel(sendID: sendID, sendIDExpr: sendIDExpr), line: line)
        case "assign":
            checkAttributes(element, allowed: ["location", "expr"])
            guard let location = element.attribute("location") else {
                error(line, "scxml.assign", "<assign> needs a location")
                return nil
            }
            let text = written(element)
            return Executable(
                .assign(location: location, expr: element.attribute("expr"), content: text.isEmpty ? nil : text),
                line: line)
        case "log":
            checkAttributes(element, allowed: ["label", "expr"])
            return Executable(.log(label: element.attribute("label"), expr: element.attribute("expr")), line: line)
        case "if":
            return Executable(.if(branches: branches(element)), line: line)
        case "foreach":
            checkAttributes(element, allowed: ["array", "item", "index"])
            guard let array = element.attribute("array"), let item = element.attribute("item") else {
                error(line, "scxml.foreach", "<foreach> needs array and item")
                return nil
            }
            return Executable(
                .foreach(array: array, item: item, index: element.attribute("index"), body: executableBlock(element)),
                line: line)
        case "script":
            rejectScript(element)
            return nil
        default:
            error(line, "scxml.element", "<\(element.name)> is not executable content")
            return nil
        }
    }

    /// Splits an `<if>` into branches at its `<elseif>` and `<else>` markers.
    mutating func branches(_ element: XMLElement) -> [IfBranch] {
        checkAttributes(element, allowed: ["cond"])
        var branches = [IfBranch(cond: element.attribute("cond") ?? "false", body: [])]
        if element.attribute("cond") == nil { error(element.line, "scxml.if", "<if> needs a cond") }
        for child in element.elements {
            if isSCXML(child), child.name == "elseif" {
                if branches.last?.cond == nil { error(child.line, "scxml.if", "<elseif> after <else>") }
                branches.append(IfBranch(cond: child.attribute("cond") ?? "false", body: []))
            } else if isSCXML(child), child.name == "else" {
                branches.append(IfBranch(cond: nil, body: []))
            } else if let step = executable(child) {
                branches[branches.count - 1].body.append(step)
            }
        }
        return branches
    }

    /// Builds a `<send>`.
    mutating func send(_ element: XMLElement) -> Send {
        checkAttributes(
            element,
            allowed: [
                "event", "eventexpr", "target", "targetexpr", "type", "typeexpr", "id", "idlocation", "delay",
                "delayexpr", "namelist",
            ])
        var send = Send(
            event: element.attribute("event"), eventExpr: element.attribute("eventexpr"),
            target: element.attribute("target"), targetExpr: element.attribute("targetexpr"),
            type: element.attribute("type"), typeExpr: element.attribute("typeexpr"), id: element.attribute("id"),
            idLocation: element.attribute("idlocation"), delay: element.attribute("delay"),
            delayExpr: element.attribute("delayexpr"), namelist: tokens(element.attribute("namelist")))
        for child in element.elements where isSCXML(child) {
            switch child.name {
            case "param": if let param = param(child) { send.params.append(param) }
            case "content": send.content = content(child)
            default: error(child.line, "scxml.element", "<\(child.name)> is not allowed in <send>")
            }
        }
        if send.event != nil && send.eventExpr != nil {
            error(element.line, "scxml.send", "<send> may not have both event and eventexpr")
        }
        if send.event == nil && send.eventExpr == nil && send.content == nil {
            error(element.line, "scxml.send", "<send> needs event, eventexpr or <content>")
        }
        if send.content != nil && (!send.params.isEmpty || !send.namelist.isEmpty) {
            error(element.line, "scxml.send", "<send> with <content> may not have namelist or <param>")
        }
        return send
    }

    /// Builds a `<param>`; `location` is read as an expression.
    mutating func param(_ element: XMLElement) -> Param? {
        checkAttributes(element, allowed: ["name", "expr", "location"])
        guard let name = element.attribute("name"),
            let expr = element.attribute("expr") ?? element.attribute("location")
        else {
            error(element.line, "scxml.param", "<param> needs a name and an expr or location")
            return nil
        }
        return Param(name: name, expr: expr, line: element.line)
    }

    /// Builds a `<content>` with `expr` or literal content (text, or the markup of its child elements).
    mutating func content(_ element: XMLElement) -> Content {
        checkAttributes(element, allowed: ["expr"])
        let text = written(element)
        if keepsMarkup, element.attribute("expr") != nil, !text.isEmpty {
            error(element.line, "scxml.content", "<content> may have an expr or children, not both")
        }
        return Content(expr: element.attribute("expr"), text: text.isEmpty ? nil : text, line: element.line)
    }
}

import AccreditEngine
import Statecharts

extension SCXMLBuilder {
    /// Builds a `<state>`, `<parallel>`, `<final>` or `<history>` and its content.
    mutating func state(_ element: XMLElement) -> StateNode {
        let kind: StateNode.Kind
        switch element.name {
        case "parallel": kind = .parallel
        case "final": kind = .final
        case "history":
            let type = element.attribute("type") ?? "shallow"
            if type != "shallow" && type != "deep" {
                error(element.line, "scxml.history", "history type must be shallow or deep, not '\(type)'")
            }
            kind = .history(deep: type == "deep")
        default: kind = .state
        }
        var node = StateNode(
            kind: kind, id: id(of: element), line: element.line, extensions: foreignAttributes(element))
        switch kind {
        case .state: checkAttributes(element, allowed: ["id", "initial"])
        case .history: checkAttributes(element, allowed: ["id", "type"])
        default: checkAttributes(element, allowed: ["id"])
        }
        node.initial = tokens(element.attribute("initial"))
        for child in element.elements {
            guard isSCXML(child) else {
                node.extensions.append(foreign(child))
                continue
            }
            addChild(child, to: &node)
        }
        if node.initialTransition != nil && !node.initial.isEmpty {
            error(element.line, "scxml.initial", "'\(node.id)' has both an initial attribute and an <initial> element")
        }
        return node
    }

    /// Adds one SCXML child element to a state node, checking it is allowed there.
    mutating func addChild(_ child: XMLElement, to node: inout StateNode) {
        let allowed: Set<String>
        switch node.kind {
        case .state:
            allowed = [
                "onentry", "onexit", "transition", "initial", "state", "parallel", "final", "history", "datamodel",
                "invoke",
            ]
        case .parallel:
            allowed = ["onentry", "onexit", "transition", "state", "parallel", "history", "datamodel", "invoke"]
        case .final: allowed = ["onentry", "onexit", "donedata"]
        case .history: allowed = ["transition"]
        }
        guard allowed.contains(child.name) else {
            error(child.line, "scxml.element", "<\(child.name)> is not allowed in this state element")
            return
        }
        switch child.name {
        case "onentry": node.onEntry.append(executableBlock(child))
        case "onexit": node.onExit.append(executableBlock(child))
        case "transition": node.transitions.append(transition(child))
        case "initial":
            let transitions = child.elements.filter { isSCXML($0) && $0.name == "transition" }
            guard transitions.count == 1, let only = transitions.first else {
                error(child.line, "scxml.initial", "<initial> needs exactly one <transition>")
                return
            }
            node.initialTransition = transition(only)
        case "state", "parallel", "final", "history": node.children.append(state(child))
        case "datamodel": node.data += dataItems(child)
        case "invoke": node.invokes.append(invoke(child))
        case "donedata": node.doneData = doneData(child)
        default: break
        }
    }

    /// Builds a `<transition>`.
    mutating func transition(_ element: XMLElement) -> Transition {
        checkAttributes(element, allowed: ["event", "cond", "target", "type"])
        var transition = Transition(
            events: tokens(element.attribute("event")), cond: element.attribute("cond"),
            targets: tokens(element.attribute("target")), content: executableBlock(element), line: element.line,
            extensions: foreignAttributes(element))
        switch element.attribute("type") {
        case nil, "external": transition.type = .external
        case "internal": transition.type = .internal
        case let other?:
            error(element.line, "scxml.transition", "transition type must be internal or external, not '\(other)'")
        }
        if transition.events.isEmpty, transition.cond == nil, transition.targets.isEmpty,
            element.attribute("event") != nil
        {
            error(element.line, "scxml.transition", "the event attribute is empty")
        }
        return transition
    }

    /// Builds `<donedata>`.
    mutating func doneData(_ element: XMLElement) -> DoneData {
        var doneData = DoneData()
        for child in element.elements where isSCXML(child) {
            switch child.name {
            case "content": doneData.content = content(child)
            case "param": if let param = param(child) { doneData.params.append(param) }
            default: error(child.line, "scxml.element", "<\(child.name)> is not allowed in <donedata>")
            }
        }
        return doneData
    }
}

import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.identity`: `name` and `acc:version` make the definition's identity.
    mutating func checkIdentity() {
        if (document.name ?? "").isEmpty {
            report(
                document.line, "workflow.identity",
                "<scxml> needs a name, such as name=\"patient-safety-accreditation\": it is the workflow's identity")
        }
        if (document.workflowVersion ?? "").isEmpty {
            report(
                document.line, "workflow.identity",
                "<scxml> needs acc:version, such as acc:version=\"1\": cases pin the version they run on")
        }
    }

    /// `workflow.extension`: only the documented `acc:` attributes and elements.
    mutating func checkExtensions() {
        let namespace = WorkflowExtension.namespace
        let rootAttributes: Set<String> = [
            "version", "framework", "framework-version", "award-states", "award-expiry",
            "award-suspended", "award-withdrawn", "appeal-resolve-within",
        ]
        for node in document.extensions where node.namespace == namespace {
            let isElement = !node.attributes.isEmpty || node.name == "role" || node.name == "reminder"
            if isElement {
                // (A reminder's parts are checked by workflow.reminder.)
                if node.name == "reminder" { continue }
                if node.name != "role" || (node.attributes["id"] ?? "").isEmpty {
                    report(
                        node.line, "workflow.extension",
                        "<acc:\(node.name)> is not part of the extension: declare roles as <acc:role id=\"…\" kind=\"…\"/> "
                            + "and reminders as <acc:reminder …/>")
                }
            } else if !rootAttributes.contains(node.name) {
                report(
                    node.line, "workflow.extension",
                    "acc:\(node.name) is not an attribute of <scxml>: use acc:version, acc:framework, "
                        + "acc:framework-version, acc:award-states, acc:award-suspended, acc:award-withdrawn, "
                        + "acc:award-expiry or "
                        + "acc:appeal-resolve-within")
            }
        }
        for entry in entries {
            for node in entry.node.extensions where node.namespace == namespace {
                if node.name == "appeal", entry.node.kind == .state { continue }
                report(
                    node.line, "workflow.extension",
                    "acc:\(node.name) is not allowed on <\(Self.elementName(entry.node))>: "
                        + "only <scxml> and <transition> carry acc: attributes, and <state> acc:appeal")
            }
        }
        for edge in edges {
            for node in edge.transition.extensions
            where node.namespace == namespace && node.name != "roles" && node.name != "action" {
                report(
                    node.line, "workflow.extension",
                    "acc:\(node.name) is not an attribute of <transition>: use acc:roles or acc:action")
            }
        }
    }

    /// `workflow.duplicate-id`.
    mutating func checkDuplicateIDs() {
        var seen: [String: Int] = [:]
        for entry in entries {
            if let first = seen[entry.node.id] {
                report(
                    entry.node.line, "workflow.duplicate-id",
                    "state id '\(entry.node.id)' is already used at line \(first): give each state its own id")
            } else {
                seen[entry.node.id] = entry.node.line
            }
        }
    }

    /// `workflow.unknown-target`: transition targets and `initial` attributes must name states.
    /// - Returns: Whether every target exists.
    mutating func checkTargets() -> Bool {
        var clean = true
        func check(_ ids: [String], line: Int, what: String, checker: inout WorkflowChecker) {
            for id in ids where checker.indexByID[id] == nil {
                clean = false
                checker.report(
                    line, "workflow.unknown-target",
                    "\(what) '\(id)' names no state: check the spelling or add the state")
            }
        }
        check(document.initial, line: document.line, what: "initial state", checker: &self)
        for entry in entries {
            check(entry.node.initial, line: entry.node.line, what: "initial state", checker: &self)
        }
        for edge in edges {
            check(edge.transition.targets, line: edge.transition.line, what: "target", checker: &self)
        }
        return clean
    }

    /// `workflow.parallel-without-regions`.
    mutating func checkParallels() {
        for (index, entry) in entries.enumerated() where entry.node.kind == .parallel {
            if childIndices(index).isEmpty {
                report(
                    entry.node.line, "workflow.parallel-without-regions",
                    "parallel '\(entry.node.id)' has no regions: add child <state> elements or make it a <state>")
            }
        }
    }

    /// `workflow.history-default`: one eventless, unguarded default transition to states inside the parent.
    mutating func checkHistories() {
        for entry in entries {
            guard Self.isHistory(entry.node) else { continue }
            let id = entry.node.id
            guard entry.node.transitions.count == 1, let transition = entry.node.transitions.first,
                !transition.targets.isEmpty
            else {
                report(
                    entry.node.line, "workflow.history-default",
                    "history '\(id)' needs exactly one default <transition target=\"…\"> for the first entry")
                continue
            }
            if !transition.events.isEmpty || transition.cond != nil {
                report(
                    transition.line, "workflow.history-default",
                    "the default transition of history '\(id)' may have neither event nor cond")
            }
            for target in transition.targets {
                guard let targetIndex = indexByID[target] else { continue }
                if entry.parent == nil || !isDescendant(targetIndex, of: entry.parent ?? 0) {
                    report(
                        transition.line, "workflow.history-default",
                        "history '\(id)' defaults to '\(target)', which is not inside its parent state")
                }
            }
        }
    }

    /// Whether `index` is a proper descendant of `ancestor`.
    func isDescendant(_ index: Int, of ancestor: Int) -> Bool {
        var current = entries[index].parent
        while let parent = current {
            if parent == ancestor { return true }
            current = entries[parent].parent
        }
        return false
    }

    /// The element name of a node, for messages.
    static func elementName(_ node: StateNode) -> String {
        switch node.kind {
        case .state: "state"
        case .parallel: "parallel"
        case .final: "final"
        case .history: "history"
        }
    }
}

extension WorkflowChecker {
    /// `workflow.invoke`: a case's workflow names its child documents; one chosen as the invoke runs (`srcexpr`,
    /// `<content expr>`) could be any document, and the case layer loads none.
    mutating func checkInvokes() {
        for node in statesWithNestedDocuments {
            for invoke in node.invokes {
                if invoke.srcExpr != nil {
                    report(
                        invoke.line, "workflow.invoke",
                        "<invoke srcexpr> chooses the child document as the case runs: name it with an inline "
                            + "<content> document")
                }
                if invoke.contentExpr != nil {
                    report(
                        invoke.line, "workflow.invoke",
                        "<invoke><content expr> chooses the child document as the case runs: write the document "
                            + "inside <content>")
                }
            }
        }
    }
}

extension WorkflowChecker {
    /// `workflow.content`: in an accreditation workflow, `<data>`, `<assign>` and `<content>` hold JSON or text.
    /// Child elements there would be kept as markup, which only plain SCXML has a use for (an `<invoke>`'s
    /// `<content>` holds its child document and is not checked; that document's own elements are).
    static func elementContent(in element: XMLElement, file: String) -> [XMLDiagnostic] {
        var found: [XMLDiagnostic] = []
        let isSCXML = element.namespace == SCXMLBuilder.namespace || element.namespace == nil
        if isSCXML, ["data", "assign", "content"].contains(element.name), !element.elements.isEmpty {
            found.append(
                XMLDiagnostic(
                    file: file, line: element.line, rule: "workflow.content",
                    message: "<\(element.name)> holds child elements; in an accreditation workflow it holds JSON or "
                        + "text, such as <\(element.name) …>{\"days\": 30}</\(element.name)>: put notes in "
                        + "comments"))
            return found
        }
        for child in element.elements {
            if isSCXML, element.name == "invoke", child.name == "content" {
                for document in child.elements { found += elementContent(in: document, file: file) }
            } else {
                found += elementContent(in: child, file: file)
            }
        }
        return found
    }

    /// Every state of the document and of the documents its `<invoke>`s hold inline, at any depth.
    var statesWithNestedDocuments: [StateNode] {
        var result: [StateNode] = []
        func visit(_ nodes: [StateNode]) {
            for node in nodes {
                result.append(node)
                visit(node.children)
                for invoke in node.invokes {
                    if let nested = invoke.document?.document { visit(nested.children) }
                }
            }
        }
        visit(document.children)
        return result
    }
}

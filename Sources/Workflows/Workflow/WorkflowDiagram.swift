import AccreditEngine
import Statecharts

/// Renders a workflow as a Mermaid `stateDiagram-v2` or a Graphviz DOT graph; edges are labelled `event [roles]`.
public enum WorkflowDiagram {
    /// The diagram formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Mermaid `stateDiagram-v2`.
        case mermaid
        /// Graphviz DOT.
        case dot
    }

    /// Renders a document.
    /// - Parameters:
    ///   - document: The workflow.
    ///   - format: Mermaid or DOT.
    /// - Returns: The diagram text, ending in a newline.
    public static func render(_ document: Document, format: Format) -> String {
        switch format {
        case .mermaid: mermaid(document)
        case .dot: dot(document)
        }
    }

    /// A Mermaid-safe identifier: `-` and `.` become `_`.
    static func identifier(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// `event [roles]` (or the guard for an eventless transition).
    static func label(_ transition: Transition) -> String {
        guard !transition.events.isEmpty else { return transition.cond.map { "[\($0)]" } ?? "" }
        return transition.events.joined(separator: " ") + " [" + transition.allowedRoles.joined(separator: ", ") + "]"
    }

    /// Every transition with a target, with its source id, in document order.
    static func edges(_ nodes: [StateNode]) -> [(source: String, transition: Transition)] {
        nodes.flatMap { node in
            node.transitions.filter { !$0.targets.isEmpty }.map { (node.id, $0) } + edges(node.children)
        }
    }

    static func mermaid(_ document: Document) -> String {
        var lines = ["stateDiagram-v2"]
        func block(_ nodes: [StateNode], initial: [String], indent: String) {
            if let first = initial.first ?? nodes.first(where: { !isHistory($0) })?.id {
                lines.append(indent + "[*] --> " + identifier(first))
            }
            for node in nodes {
                let id = identifier(node.id)
                switch node.kind {
                case .history(let deep):
                    lines.append(indent + "state \"\(node.id) (\(deep ? "H*" : "H"))\" as \(id)")
                case .final:
                    lines.append(indent + "state \"\(node.id)\" as \(id)")
                    lines.append(indent + id + " --> [*]")
                case .parallel:
                    lines.append(indent + "state \"\(node.id)\" as \(id)")
                    lines.append(indent + "state \(id) {")
                    let regions = node.children.filter { !isHistory($0) }
                    for (index, region) in regions.enumerated() {
                        if index > 0 { lines.append(indent + "    --") }
                        block([region], initial: [region.id], indent: indent + "    ")
                    }
                    lines.append(indent + "}")
                case .state where node.children.isEmpty:
                    lines.append(indent + "state \"\(node.id)\" as \(id)")
                case .state:
                    lines.append(indent + "state \"\(node.id)\" as \(id)")
                    lines.append(indent + "state \(id) {")
                    block(node.children, initial: node.initial, indent: indent + "    ")
                    lines.append(indent + "}")
                }
            }
        }
        block(document.children, initial: document.initial, indent: "    ")
        for (source, transition) in edges(document.children) {
            let text = label(transition)
            for target in transition.targets {
                lines.append(
                    "    \(identifier(source)) --> \(identifier(target))" + (text.isEmpty ? "" : " : \(text)"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func dot(_ document: Document) -> String {
        var lines = ["digraph workflow {", "    compound=true;", "    node [shape=box, style=rounded];"]
        func quoted(_ text: String) -> String {
            "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
        }
        func block(_ nodes: [StateNode], indent: String) {
            for node in nodes {
                switch node.kind {
                case .final:
                    lines.append(indent + quoted(node.id) + " [shape=doublecircle, style=solid];")
                case .history(let deep):
                    lines.append(indent + quoted(node.id) + " [shape=circle, label=\(deep ? "\"H*\"" : "\"H\"")];")
                case .state where node.children.isEmpty:
                    lines.append(indent + quoted(node.id) + ";")
                case .state, .parallel:
                    let parallel = node.kind == .parallel
                    lines.append(indent + "subgraph " + quoted("cluster_" + node.id) + " {")
                    lines.append(indent + "    label=" + quoted(node.id + (parallel ? " (parallel)" : "")) + ";")
                    if parallel { lines.append(indent + "    style=dashed;") }
                    lines.append(indent + "    " + quoted(node.id) + " [shape=point];")
                    block(node.children, indent: indent + "    ")
                    lines.append(indent + "}")
                }
            }
        }
        block(document.children, indent: "    ")
        for (source, transition) in edges(document.children) {
            for target in transition.targets {
                lines.append("    \(quoted(source)) -> \(quoted(target)) [label=\(quoted(label(transition)))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func isHistory(_ node: StateNode) -> Bool {
        if case .history = node.kind { return true }
        return false
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (FoundationEssentials-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

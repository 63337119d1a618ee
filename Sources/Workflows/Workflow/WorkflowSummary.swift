import AccreditEngine
import Statecharts

/// What `workflow show` prints: the state tree, each event with the roles that may send it, and the deadlines.
public struct WorkflowSummary: Hashable, Sendable {
    /// One state in the tree.
    public struct StateLine: Hashable, Sendable {
        /// The state id.
        public var id: String
        /// `state`, `compound`, `parallel`, `final`, `history` or `deep-history`.
        public var kind: String
        /// The nesting depth (0 for a top-level state).
        public var depth: Int
    }

    /// One event of the workflow.
    public struct EventLine: Hashable, Sendable {
        /// The event name.
        public var name: String
        /// The roles that may send it (`system` when no transition names any), sorted.
        public var roles: [String]
        /// The states whose transitions take it, in document order.
        public var sources: [String]
        /// The guards on those transitions, in document order.
        public var guards: [String]
    }

    /// A delayed `<send>` in a state's `<onentry>`: a deadline or a timer.
    public struct DeadlineLine: Hashable, Sendable {
        /// The state that starts the clock.
        public var state: String
        /// The event delivered when it runs out.
        public var event: String
        /// The delay as written, such as `P60D`.
        public var delay: String
    }

    /// The states in document order.
    public var states: [StateLine] = []
    /// The events in order of first appearance.
    public var events: [EventLine] = []
    /// The deadlines in document order.
    public var deadlines: [DeadlineLine] = []
    /// The declared roles.
    public var roles: [String] = []

    /// Summarises a document.
    /// - Parameter document: The workflow.
    public init(_ document: Document) {
        roles = document.declaredRoles
        var positions: [String: Int] = [:]
        func walk(_ nodes: [StateNode], depth: Int, summary: inout WorkflowSummary) {
            for node in nodes {
                summary.states.append(StateLine(id: node.id, kind: Self.kind(node), depth: depth))
                for transition in node.transitions {
                    for descriptor in transition.events {
                        summary.add(descriptor, transition: transition, source: node.id, positions: &positions)
                    }
                }
                for block in node.onEntry {
                    for item in block {
                        if case .send(let send) = item.kind, let delay = send.delay {
                            summary.deadlines.append(
                                DeadlineLine(state: node.id, event: send.event ?? "", delay: delay))
                        }
                    }
                }
                walk(node.children, depth: depth + 1, summary: &summary)
            }
        }
        walk(document.children, depth: 0, summary: &self)
    }

    private mutating func add(
        _ name: String, transition: Transition, source: String, positions: inout [String: Int]
    ) {
        let roles = transition.allowedRoles
        if let position = positions[name] {
            events[position].roles = Array(Set(events[position].roles).union(roles)).sorted()
            if !events[position].sources.contains(source) { events[position].sources.append(source) }
            if let cond = transition.cond, !events[position].guards.contains(cond) {
                events[position].guards.append(cond)
            }
        } else {
            positions[name] = events.count
            events.append(
                EventLine(
                    name: name, roles: roles.sorted(), sources: [source], guards: transition.cond.map { [$0] } ?? []))
        }
    }

    /// The kind label of a node.
    static func kind(_ node: StateNode) -> String {
        switch node.kind {
        case .state: node.children.isEmpty ? "state" : "compound"
        case .parallel: "parallel"
        case .final: "final"
        case .history(let deep): deep ? "deep-history" : "history"
        }
    }

    /// The summary as JSON: `{"roles", "states", "events", "deadlines"}`.
    public var json: Value {
        .object([
            "roles": .array(roles.map(Value.string)),
            "states": .array(
                states.map {
                    .object(["id": .string($0.id), "kind": .string($0.kind), "depth": .integer(Int64($0.depth))])
                }),
            "events": .array(
                events.map {
                    .object([
                        "name": .string($0.name), "roles": .array($0.roles.map(Value.string)),
                        "sources": .array($0.sources.map(Value.string)), "guards": .array($0.guards.map(Value.string)),
                    ])
                }),
            "deadlines": .array(
                deadlines.map {
                    .object(["state": .string($0.state), "event": .string($0.event), "delay": .string($0.delay)])
                }),
        ])
    }

    /// The summary as text: the state tree, then events with roles, then deadlines.
    public var text: String {
        var lines = ["roles: " + roles.joined(separator: ", "), "", "states:"]
        for state in states {
            let marker = state.kind == "state" ? "" : " (\(state.kind))"
            lines.append(String(repeating: "  ", count: state.depth + 1) + state.id + marker)
        }
        lines += ["", "events:"]
        let width = events.map(\.name.count).max() ?? 0
        for event in events {
            let padding = String(repeating: " ", count: width - event.name.count + 2)
            var line =
                "  \(event.name)\(padding)[\(event.roles.joined(separator: ", "))] from "
                + event.sources.joined(separator: ", ")
            if !event.guards.isEmpty { line += " if " + event.guards.joined(separator: " | ") }
            lines.append(line)
        }
        lines += ["", "deadlines:"]
        for deadline in deadlines {
            lines.append("  \(deadline.state): \(deadline.event) after \(deadline.delay)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

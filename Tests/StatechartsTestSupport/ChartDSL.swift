import Statecharts

/// Small builders for statechart documents in tests: `DSL.doc([DSL.state("a", on: [...])])`.
public enum DSL {
    /// A document of these top-level states.
    public static func doc(
        _ children: [StateNode], initial: [String] = [], datamodel: Document.DatamodelKind = .accredit,
        data: [DataItem] = [], binding: Document.Binding = .early
    ) -> Document {
        Document(
            file: "test.scxml", initial: initial, binding: binding, datamodel: datamodel, data: data, children: children
        )
    }

    /// A compound or atomic `<state>`.
    public static func state(
        _ id: String, initial: [String] = [], _ children: [StateNode] = [], entry: [Executable] = [],
        on transitions: [Transition] = [], exit: [Executable] = [], data: [DataItem] = []
    ) -> StateNode {
        StateNode(
            kind: .state, id: id, initial: initial, children: children, transitions: transitions,
            onEntry: entry.isEmpty ? [] : [entry], onExit: exit.isEmpty ? [] : [exit], data: data)
    }

    /// A `<parallel>` state.
    public static func parallel(
        _ id: String, _ children: [StateNode], entry: [Executable] = [], on transitions: [Transition] = [],
        exit: [Executable] = []
    ) -> StateNode {
        StateNode(
            kind: .parallel, id: id, children: children, transitions: transitions,
            onEntry: entry.isEmpty ? [] : [entry], onExit: exit.isEmpty ? [] : [exit])
    }

    /// A `<final>` state.
    public static func final(_ id: String, entry: [Executable] = [], exit: [Executable] = []) -> StateNode {
        StateNode(kind: .final, id: id, onEntry: entry.isEmpty ? [] : [entry], onExit: exit.isEmpty ? [] : [exit])
    }

    /// A `<history>` pseudo-state with its default transition.
    public static func history(_ id: String, deep: Bool, default target: String) -> StateNode {
        StateNode(kind: .history(deep: deep), id: id, transitions: [Transition(targets: [target])])
    }

    /// A `<transition>` on an event.
    public static func on(
        _ event: String?, to targets: [String] = [], cond: String? = nil, type: Transition.Kind = .external,
        do content: [Executable] = []
    ) -> Transition {
        Transition(
            events: event.map { $0.split(separator: " ").map(String.init) } ?? [], cond: cond, targets: targets,
            type: type, content: content)
    }

    /// A `<log>` with a label.
    public static func log(_ label: String) -> Executable { Executable(.log(label: label, expr: nil)) }
    /// A `<raise>` of an internal event.
    public static func raise(_ event: String) -> Executable { Executable(.raise(event: event)) }
    /// An `<assign>` of an expression to a location.
    public static func assign(_ location: String, _ expr: String) -> Executable {
        Executable(.assign(location: location, expr: expr, content: nil))
    }
    /// A `<send>` to this session, optionally delayed.
    public static func send(_ event: String, delay: String? = nil, id: String? = nil) -> Executable {
        Executable(.send(Send(event: event, id: id, delay: delay)))
    }
    /// A `<cancel>` of a send id.
    public static func cancel(_ id: String) -> Executable { Executable(.cancel(sendID: id, sendIDExpr: nil)) }
}

import AccreditEngine

/// Small builders for engine documents in tests.
enum DSL {
    static func doc(
        _ children: [StateNode], initial: [String] = [], datamodel: Document.DatamodelKind = .accredit,
        data: [DataItem] = [], binding: Document.Binding = .early
    ) -> Document {
        Document(
            file: "test.scxml", initial: initial, binding: binding, datamodel: datamodel, data: data, children: children
        )
    }

    static func state(
        _ id: String, initial: [String] = [], _ children: [StateNode] = [], entry: [Executable] = [],
        on transitions: [Transition] = [], exit: [Executable] = [], data: [DataItem] = []
    ) -> StateNode {
        StateNode(
            kind: .state, id: id, initial: initial, children: children, transitions: transitions,
            onEntry: entry.isEmpty ? [] : [entry], onExit: exit.isEmpty ? [] : [exit], data: data)
    }

    static func parallel(
        _ id: String, _ children: [StateNode], entry: [Executable] = [], on transitions: [Transition] = [],
        exit: [Executable] = []
    ) -> StateNode {
        StateNode(
            kind: .parallel, id: id, children: children, transitions: transitions,
            onEntry: entry.isEmpty ? [] : [entry], onExit: exit.isEmpty ? [] : [exit])
    }

    static func final(_ id: String, entry: [Executable] = [], exit: [Executable] = []) -> StateNode {
        StateNode(kind: .final, id: id, onEntry: entry.isEmpty ? [] : [entry], onExit: exit.isEmpty ? [] : [exit])
    }

    static func history(_ id: String, deep: Bool, default target: String) -> StateNode {
        StateNode(kind: .history(deep: deep), id: id, transitions: [Transition(targets: [target])])
    }

    static func on(
        _ event: String?, to targets: [String] = [], cond: String? = nil, type: Transition.Kind = .external,
        do content: [Executable] = []
    ) -> Transition {
        Transition(
            events: event.map { $0.split(separator: " ").map(String.init) } ?? [], cond: cond, targets: targets,
            type: type, content: content)
    }

    static func log(_ label: String) -> Executable { Executable(.log(label: label, expr: nil)) }
    static func raise(_ event: String) -> Executable { Executable(.raise(event: event)) }
    static func assign(_ location: String, _ expr: String) -> Executable {
        Executable(.assign(location: location, expr: expr, content: nil))
    }
    static func send(_ event: String, delay: String? = nil, id: String? = nil) -> Executable {
        Executable(.send(Send(event: event, id: id, delay: delay)))
    }
    static func cancel(_ id: String) -> Executable { Executable(.cancel(sendID: id, sendIDExpr: nil)) }
}

/// A running machine for tests: delivers events and collects log labels.
struct Harness {
    let interpreter: Interpreter
    var snapshot: Snapshot
    var labels: [String] = []
    var effects: [Effect] = []
    var clock = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch

    init(_ document: Document) throws {
        interpreter = try Interpreter(document: document)
        let step = interpreter.start(at: clock)
        snapshot = step.snapshot
        collect(step)
    }

    mutating func collect(_ step: Step) {
        effects += step.effects
        for case .log(let line) in step.effects { labels.append(line.label ?? "") }
    }

    mutating func send(_ name: String, data: Value = .null) throws {
        let step = try interpreter.process(ExternalEvent(name: name, data: data, at: clock), snapshot: snapshot).get()
        snapshot = step.snapshot
        collect(step)
    }
}

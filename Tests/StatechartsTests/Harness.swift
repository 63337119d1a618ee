import Statecharts

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

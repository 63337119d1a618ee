import AccreditEngine
import Statecharts

/// The benchmark statecharts, built as engine documents.
enum Charts {
    /// Two states that bounce on `ping` and `pong`.
    static func pingPong() -> Benchmark {
        let document = Document(
            file: "ping-pong",
            children: [
                StateNode(kind: .state, id: "ping", transitions: [Transition(events: ["ping"], targets: ["pong"])]),
                StateNode(kind: .state, id: "pong", transitions: [Transition(events: ["pong"], targets: ["ping"])]),
            ])
        return make("2-state ping-pong", document, cycle: ["ping", "pong"], events: 400_000)
    }

    /// Six parallel regions, each four levels deep, inside a state with deep history; `flip` toggles every
    /// region's leaf, `leave` exits to a side state and `resume` returns through deep history.
    static func deepParallel() -> Benchmark {
        func region(_ r: Int) -> StateNode {
            var leafA = StateNode(kind: .state, id: "r\(r)a")
            leafA.transitions = [Transition(events: ["flip"], targets: ["r\(r)b"])]
            var leafB = StateNode(kind: .state, id: "r\(r)b")
            leafB.transitions = [Transition(events: ["flip"], targets: ["r\(r)a"])]
            let level3 = StateNode(kind: .state, id: "r\(r)l3", children: [leafA, leafB])
            let level2 = StateNode(kind: .state, id: "r\(r)l2", children: [level3])
            return StateNode(kind: .state, id: "r\(r)l1", children: [level2])
        }
        let parallel = StateNode(kind: .parallel, id: "p", children: (0..<6).map(region))
        let main = StateNode(
            kind: .state, id: "main",
            children: [
                StateNode(kind: .history(deep: true), id: "h", transitions: [Transition(targets: ["p"])]), parallel,
            ],
            transitions: [Transition(events: ["leave"], targets: ["side"])])
        let side = StateNode(kind: .state, id: "side", transitions: [Transition(events: ["resume"], targets: ["h"])])
        let document = Document(file: "deep-parallel", initial: ["main"], children: [main, side])
        return make(
            "6 parallel regions, 4 levels, deep history", document, cycle: ["flip", "flip", "flip", "leave", "resume"],
            events: 100_000)
    }

    /// A ring of 1,000 atomic states advanced by `next`.
    static func thousandStates() -> Benchmark {
        let states = (0..<1_000).map { index in
            StateNode(
                kind: .state, id: "s\(index)",
                transitions: [Transition(events: ["next"], targets: ["s\((index + 1) % 1_000)"])])
        }
        return make("1,000-state chart", Document(file: "thousand", children: states), cycle: ["next"], events: 200_000)
    }

    static func make(_ name: String, _ document: Document, cycle: [String], events: Int) -> Benchmark {
        do {
            return Benchmark(name: name, interpreter: try Interpreter(document: document), cycle: cycle, events: events)
        } catch {
            preconditionFailure("benchmark chart \(name) is invalid: \(error)")
        }
    }
}

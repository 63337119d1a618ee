import AccreditEngine
import Statecharts

/// One throughput benchmark: a document and the events that drive it, each causing one microstep.
struct Benchmark {
    let name: String
    let interpreter: Interpreter
    /// The events to cycle through.
    let cycle: [String]
    /// How many events to deliver per run.
    let events: Int

    /// Runs the events and returns microsteps per second.
    func run(events: Int) throws -> Double {
        let start = Instant(microsecondsSinceEpoch: 1_767_225_600_000_000)
        var snapshot = interpreter.start(at: start).snapshot
        let inputs = cycle.map { ExternalEvent(name: $0, at: start) }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for index in 0..<events {
                snapshot = try interpreter.process(inputs[index % inputs.count], snapshot: snapshot).get().snapshot
            }
        }
        return Double(events) / elapsed.seconds
    }
}

/// Measures canonical JSON encoding and decoding of a snapshot.
struct SnapshotBenchmark {
    let benchmark: Benchmark

    init(_ benchmark: Benchmark) throws {
        self.benchmark = benchmark
    }

    /// Microseconds per encode and per decode, and the encoded size.
    func run(iterations: Int) throws -> (encode: Double, decode: Double, bytes: Int) {
        let interpreter = benchmark.interpreter
        var snapshot = interpreter.start(at: .epoch).snapshot
        for name in benchmark.cycle.prefix(3) {
            snapshot = try interpreter.process(ExternalEvent(name: name, at: .epoch), snapshot: snapshot).get().snapshot
        }
        let clock = ContinuousClock()
        var json = ""
        let encoding = clock.measure {
            for _ in 0..<iterations { json = snapshot.canonicalJSON() }
        }
        var restored = snapshot
        let decoding = try clock.measure {
            for _ in 0..<iterations { restored = try interpreter.restore(canonicalJSON: json) }
        }
        precondition(restored == snapshot, "snapshot round trip changed the state")
        return (
            encoding.seconds * 1e6 / Double(iterations), decoding.seconds * 1e6 / Double(iterations), json.utf8.count
        )
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

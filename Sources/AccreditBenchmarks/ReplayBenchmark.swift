import AccreditEngine
import Dispatch
import Statecharts
import Workflows

/// Replays synthetic 1,000,000-event case histories in memory through the shipped workflow and framework, with and
/// without hash-chain verification, and reports events per second; every figure is measured in the same run.
enum ReplayBenchmark {
    /// A history to replay, as the audit reads it from storage: each event with its stored hashes and payload text.
    private struct History {
        let records: [ChainRecord]
    }

    /// Runs every replay measurement and returns one line per figure.
    /// With `ratingsOnly`, measures only the replay of inert events (for short runs under a profiler).
    static func run(workflow: String, framework: String, events count: Int = 1_000_000, ratingsOnly: Bool = false)
        -> String
    {
        let machine: CaseMachine
        do {
            machine = try CaseMachine(
                document: try SCXMLLoader.load(fileAt: workflow),
                framework: try FrameworkReader.loadFramework(fileAt: framework).framework)
        } catch {
            return "replay benchmark could not load the definitions: \(error)"
        }
        let ratings = history(machine, count: count, cycle: ratingCycle(machine))
        if ratingsOnly {
            return "replay alone (ratings, the common case), one core: "
                + rate(measure(count) { replay(machine, ratings, hashing: false) })
        }
        let loops = history(
            machine, count: count, cycle: [("review.return", "alice", .null), ("evidence.submit", "ann", .null)])
        var lines: [String] = []
        let verify = measure(count) { verifyChain(ratings) }
        lines.append("chain verification alone (ChainVerifier, payload text as stored), one core: \(rate(verify))")
        let replayOnly = measure(count) { replay(machine, ratings, hashing: false) }
        lines.append("replay alone (ratings, the common case), one core: \(rate(replayOnly))")
        let both = measure(count) { replay(machine, ratings, hashing: true) }
        lines.append("replay + chain verification, one core: \(rate(both))")
        let parallel = measure(count) { replayAndVerifyConcurrently(machine, ratings) }
        lines.append("replay + chain verification, verification on a second thread: \(rate(parallel))")
        let loopsOnly = measure(count) { replay(machine, loops, hashing: false) }
        lines.append(
            "replay alone, every event changes state (review.return / guarded evidence.submit, with deadlines): "
                + rate(loopsOnly))
        return lines.joined(separator: "\n")
    }

    /// The opening of a case up to desk review, with one upload per expected evidence item and a self-assessment
    /// per criterion.
    private static func script(_ machine: CaseMachine) -> [(String, String, Value)] {
        var script: [(String, String, Value)] = [
            ("application.submit", "ann", .null), ("application.accept", "sam", .null),
            ("eligibility.confirm", "sam", .null), ("team.assign", "sam", ["person": "alice", "position": "lead"]),
            ("impartiality.confirm", "sam", .null),
        ]
        for criterion in machine.framework.criteria {
            for slot in criterion.evidenceSlots {
                var data: [String: Value] = [
                    "evidence": .string("E-\(script.count)"), "criterion": .string(criterion.id),
                ]
                if let item = slot.item { data["item"] = .integer(Int64(item)) }
                script.append(("evidence.upload", "ann", .object(data)))
            }
            script.append(
                (
                    "self-assessment.record", "ann",
                    ["criterion": .string(criterion.id), "rating": "met", "narrative": "How we meet it"]
                ))
        }
        script.append(("evidence.submit", "ann", .null))
        return script
    }

    /// Ratings of every criterion in turn, cycling through the rating levels.
    private static func ratingCycle(_ machine: CaseMachine) -> [(String, String, Value)] {
        let levels = ["met", "partially-met", "exceeded", "not-met"]
        return machine.framework.criteria.indices.map { index in
            (
                "review.rate", "alice",
                [
                    "criterion": .string(machine.framework.criteria[index].id),
                    "rating": .string(levels[index % levels.count]),
                ]
            )
        }
    }

    /// The opening script followed by `cycle` repeated up to `count` events, hashed.
    private static func history(_ machine: CaseMachine, count: Int, cycle: [(String, String, Value)]) -> History {
        let start = Instant(microsecondsSinceEpoch: 1_767_600_000_000_000)
        let opening = script(machine)
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(count)
        for seq in 1...count {
            let (type, actor, payload) =
                seq <= opening.count ? opening[seq - 1] : cycle[(seq - opening.count - 1) % cycle.count]
            envelopes.append(
                EventEnvelope(
                    caseID: "BENCH", seq: Int64(seq), type: type, actor: actor,
                    occurredAt: start.adding(microseconds: Int64(seq) * 1_000_000), payload: payload,
                    definitionHash: "bench"))
        }
        let hashes = HashChain.hashes(after: HashChain.genesis, envelopes: envelopes)
        return History(
            records: envelopes.indices.map { index in
                ChainRecord(
                    envelope: envelopes[index], previousHash: index == 0 ? HashChain.genesis : hashes[index - 1],
                    hash: hashes[index], storedPayload: CanonicalJSON.encode(envelopes[index].payload))
            })
    }

    /// Checks the chain as `audit verify` does (``ChainVerifier``, payload text hashed as stored); returns the
    /// number of findings.
    private static func verifyChain(_ history: History) -> Int {
        var verifier = ChainVerifier(caseID: "BENCH")
        for record in history.records { verifier.check(record) }
        return verifier.finish(stored: nil).count
    }

    /// Folds the history from a new case, optionally verifying each event's chain links first; returns the failures.
    private static func replay(_ machine: CaseMachine, _ history: History, hashing: Bool) -> Int {
        var state = machine.open(caseID: "BENCH", at: history.records[0].envelope.occurredAt)
        var verifier = ChainVerifier(caseID: "BENCH")
        var failures = 0
        for record in history.records {
            if hashing { verifier.check(record) }
            if case .failure = machine.fold(record.envelope, into: &state) { failures += 1 }
        }
        return failures + verifier.finish(stored: nil).count
    }

    /// Replays on this thread while another verifies the chain (each event's hash needs only the stored hash before
    /// it, so verification does not wait for replay).
    private static func replayAndVerifyConcurrently(_ machine: CaseMachine, _ history: History) -> Int {
        // Each thread writes its own slot.
        nonisolated(unsafe) let failures = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
        defer { failures.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            failures[part] = part == 0 ? replay(machine, history, hashing: false) : verifyChain(history)
        }
        return failures[0] + failures[1]
    }

    /// Runs `body` three times and returns the best rate in events per second, with the failures it reported.
    private static func measure(_ count: Int, _ body: () -> Int) -> (rate: Double, failures: Int) {
        let clock = ContinuousClock()
        var best = 0.0
        var failures = 0
        for _ in 0..<3 {
            let elapsed = clock.measure { failures = max(failures, body()) }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = max(best, Double(count) / seconds)
        }
        return (best, failures)
    }

    private static func rate(_ result: (rate: Double, failures: Int)) -> String {
        "\(AccreditBenchmarks.format(result.rate)) events/s"
            + (result.failures == 0 ? "" : " (\(result.failures) FAILURES)")
    }
}

import AccreditEngine
import Workflows

/// Replays a synthetic 1,000,000-event case history in memory through the shipped workflow and framework, with
/// hash-chain verification, and reports events per second.
enum ReplayBenchmark {
    /// Builds the history (application to desk review, then ratings), hashes it, and times replay plus verification.
    static func run(workflow: String, framework: String, events count: Int = 1_000_000) -> String {
        do {
            let machine = try CaseMachine(
                document: try SCXMLLoader.load(fileAt: workflow),
                framework: try FrameworkReader.loadFramework(fileAt: framework).framework)
            let start = Instant(microsecondsSinceEpoch: 1_767_600_000_000_000)
            var script: [(String, String, Value)] = [
                ("application.submit", "ann", .null), ("application.accept", "sam", .null),
                ("eligibility.confirm", "sam", .null), ("impartiality.confirm", "sam", .null),
            ]
            for (index, criterion) in machine.framework.criteria.enumerated() {
                script.append(
                    (
                        "evidence.upload", "ann",
                        ["evidence": .string("E-\(index + 1)"), "criterion": .string(criterion.id)]
                    ))
            }
            script.append(("evidence.submit", "ann", .null))
            let ratings = ["met", "partially-met", "exceeded", "not-met"]
            let criteria = machine.framework.criteria.map(\.id)
            var envelopes: [EventEnvelope] = []
            envelopes.reserveCapacity(count)
            for seq in 1...count {
                let (type, actor, payload) =
                    seq <= script.count
                    ? script[seq - 1]
                    : (
                        "review.rate", "alice",
                        ["criterion": .string(criteria[seq % criteria.count]), "rating": .string(ratings[seq % 4])]
                    )
                envelopes.append(
                    EventEnvelope(
                        caseID: "BENCH", seq: Int64(seq), type: type, actor: actor,
                        occurredAt: start.adding(microseconds: Int64(seq) * 1_000_000), payload: payload,
                        definitionHash: "bench"))
            }
            let hashes = HashChain.hashes(after: HashChain.genesis, envelopes: envelopes)
            let clock = ContinuousClock()
            var state = machine.open(caseID: "BENCH", at: start)
            var previous = HashChain.genesis
            var failures = 0
            let elapsed = clock.measure {
                for (envelope, hash) in zip(envelopes, hashes) {
                    if HashChain.hash(previous: previous, envelope: envelope) != hash { failures += 1 }
                    previous = hash
                    if case .failure = machine.fold(envelope, into: &state) { failures += 1 }
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return
                "replay + chain verification of \(count) events in memory: \(AccreditBenchmarks.format(Double(count) / seconds)) "
                + "events/s (\(failures) failures; final status \(state.status), \(state.record.ratings.count) criteria rated)"
        } catch {
            return "replay benchmark could not load the definitions: \(error)"
        }
    }
}

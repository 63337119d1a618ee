import AccreditEngine
import Foundation
import FuzzTargets
import Statecharts
import Testing

/// Replays the committed fuzz corpus (`Fuzz/corpus`, grown by libFuzzer with `scripts/fuzz`) and seeded mutations
/// of it through every fuzz target, so an input that once crashed a parser stays fixed without libFuzzer. Bounded
/// by default (2,000 mutations a target); `ACCREDIT_RELIABILITY=full` runs 50,000.
struct FuzzCorpusTests {
    static let mutations = ProcessInfo.processInfo.environment["ACCREDIT_RELIABILITY"] == "full" ? 50_000 : 2_000

    @Test(arguments: FuzzTarget.allCases)
    func corpusAndMutationsRunClean(_ target: FuzzTarget) {
        let corpus = FuzzCorpus.load([FrameworkPaths.root + "Fuzz/corpus/" + target.rawValue])
        #expect(corpus.count >= 5, "the committed corpus for \(target.rawValue) is missing")
        let seed = UInt64(ProcessInfo.processInfo.environment["ACCREDIT_RELIABILITY_SEED"] ?? "") ?? 20_261_129
        let ran = FuzzCorpus.run(target, corpus: corpus, mutations: Self.mutations, seed: seed)
        print(
            "reliability[fuzz.\(target.rawValue)] \(corpus.count) corpus inputs + \(ran) mutations (seed \(seed)): clean"
        )
    }

    @Test func theMutatorIsRepeatableAndChangesItsInput() {
        var first = Mutator(seed: 42)
        var second = Mutator(seed: 42)
        let input = Array("<scxml><state id=\"a\"/></scxml>".utf8)
        let a = (0..<50).map { _ in first.mutate(input, other: input) }
        let b = (0..<50).map { _ in second.mutate(input, other: input) }
        #expect(a == b)
        #expect(a.filter { $0 != input }.count > 40)
    }

    @Test func theJSONTargetChecksItsFixedPoint() {
        // A value that survives a round trip passes; the property is what libFuzzer checks on every input.
        FuzzTarget.canonicalJSON.run(Array("{\"b\":[1,2.5,\"\\u00e9\"],\"a\":null}".utf8))
        #expect((try? CanonicalJSON.parse("{\"b\":1,\"a\":2}")).map(CanonicalJSON.encode) == "{\"a\":2,\"b\":1}")
    }
}

import AccreditEngine
import Foundation
import FuzzTargets
import Statecharts
import Testing

/// Replays the committed fuzz corpus (`Fuzz/corpus`, grown by libFuzzer with `scripts/fuzz`) and seeded mutations
/// of it through every fuzz target, so an input that once crashed a parser stays fixed without libFuzzer. Bounded
/// by default (2,000 mutations a target); `ACCREDIT_RELIABILITY=full` runs 50,000.
///
/// A corpus only guards a parser while its inputs get past it: each target's committed corpus must still bring
/// enough inputs through the parser to the properties (and still hold inputs the parser refuses).
struct FuzzCorpusTests {
    static let mutations = ProcessInfo.processInfo.environment["ACCREDIT_RELIABILITY"] == "full" ? 50_000 : 2_000

    /// Corpus inputs each target must accept and check, about half of what the committed corpus reaches today
    /// (framework-xml 61 of 336, workflow-xml 23 of 496, canonical-json 393 of 766, expression 454 of 888).
    static let minimumChecked: [FuzzTarget: Int] = [
        .frameworkXML: 30, .workflowXML: 10, .canonicalJSON: 200, .expression: 200,
    ]

    @Test(arguments: FuzzTarget.allCases)
    func corpusAndMutationsRunClean(_ target: FuzzTarget) throws {
        let folder = FrameworkPaths.root + "Fuzz/corpus/" + target.rawValue
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        let corpus = FuzzCorpus.load([folder])
        #expect(corpus.count == files.count, "every committed corpus file of \(target.rawValue) is read")
        let seed = UInt64(ProcessInfo.processInfo.environment["ACCREDIT_RELIABILITY_SEED"] ?? "") ?? 20_261_129
        let tally = FuzzCorpus.run(target, corpus: corpus, mutations: Self.mutations, seed: seed)
        #expect(tally.corpus == files.count && tally.mutations == Self.mutations)
        let minimum = try #require(Self.minimumChecked[target])
        #expect(
            tally.corpusChecked >= minimum,
            "only \(tally.corpusChecked) of \(tally.corpus) \(target.rawValue) corpus inputs reach the properties")
        #expect(tally.corpusChecked < tally.corpus, "the \(target.rawValue) corpus has no input the parser refuses")
        print(
            "reliability[fuzz.\(target.rawValue)] \(tally.corpus) corpus inputs (\(tally.corpusChecked) checked) + "
                + "\(tally.mutations) mutations (\(tally.mutationsChecked) checked, seed \(seed)): clean")
    }

    @Test func theShippedDefinitionsReachTheProperties() throws {
        let workflow = FrameworkPaths.definition("workflows/patient-safety-accreditation.scxml")
        let framework = FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        let workflowBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: workflow)))
        #expect(FuzzTarget.workflowXML.run(workflowBytes) == .checked)
        #expect(FuzzTarget.frameworkXML.run(try [UInt8](Data(contentsOf: URL(fileURLWithPath: framework)))) == .checked)
        #expect(FuzzTarget.expression.run(Array("missingEvidence() == 0 && In('draft')".utf8)) == .checked)
        #expect(FuzzTarget.workflowXML.run(Array("<scxml/>".utf8)) == .refused)
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
        #expect(FuzzTarget.canonicalJSON.run(Array("{\"b\":[1,2.5,\"\\u00e9\"],\"a\":null}".utf8)) == .checked)
        #expect(FuzzTarget.canonicalJSON.run(Array("{\"b\":".utf8)) == .refused)
        #expect((try? CanonicalJSON.parse("{\"b\":1,\"a\":2}")).map(CanonicalJSON.encode) == "{\"a\":2,\"b\":1}")
    }
}

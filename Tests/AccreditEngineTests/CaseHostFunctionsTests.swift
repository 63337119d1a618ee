import AccreditEngine
import Statecharts
import Testing

/// Evaluates `source` as the guard of a machine whose only host functions are the case's.
private func evaluate(_ source: String, _ facts: CaseFacts) throws -> Value {
    struct Scope: ExpressionScope {
        let functions: any HostFunctions
        func value(of identifier: String) -> Value? { nil }
        func isActive(stateID: String) -> Bool { false }
        func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
            try functions.call(name, arguments)
        }
    }
    return try Expression(source).evaluate(in: Scope(functions: facts))
}

struct CaseHostFunctionsTests {
    static let now = Instant(microsecondsSinceEpoch: 1_767_225_600_000_000)
    static let allMet = Dictionary(uniqueKeysWithValues: FrameworkFixtures.framework.criteria.map { ($0.id, "met") })

    @Test func missingEvidenceCountsMandatoryCriteriaWithoutEvidence() throws {
        var facts = CaseFacts(framework: FrameworkFixtures.framework, now: Self.now)
        #expect(try evaluate("missingEvidence()", facts) == .integer(2))
        #expect(try evaluate("missingEvidence('SL')", facts) == .integer(1))
        facts.submittedEvidence = ["SL-1.1": 2]
        facts.submittedCoverage = ["SL-1.1": 1]
        #expect(try evaluate("missingEvidence('SL')", facts) == .integer(0))
        #expect(try evaluate("missingEvidence()", facts) == .integer(1))
        #expect(try evaluate("evidenceCount('SL-1.1')", facts) == .integer(2))
        #expect(try evaluate("acceptedEvidenceCount('SL-1.1')", facts) == .integer(0))
    }

    /// Issue #18, item 8: a framework that covers evidence by item wants evidence for each item a criterion expects;
    /// one file, or three for the same item, is not enough.
    @Test func coverageByItemWantsEveryExpectedItem() throws {
        var framework = FrameworkFixtures.framework
        framework.evidenceCoverage = .item
        framework.foundations[0].standards[0].criteria[0].expectedEvidence = [
            ExpectedEvidence(description: "Policy"), ExpectedEvidence(description: "Counts"),
        ]
        var facts = CaseFacts(framework: framework, submittedEvidence: ["SL-1.1": 3], now: Self.now)
        facts.submittedCoverage = ["SL-1.1": 1]
        #expect(try evaluate("missingEvidence('SL')", facts) == .integer(1))
        facts.submittedCoverage = ["SL-1.1": 2]
        #expect(try evaluate("missingEvidence('SL')", facts) == .integer(0))
        // A criterion that lists no expected evidence wants one piece.
        #expect(try evaluate("missingEvidence('CU')", facts) == .integer(1))
        facts.submittedCoverage["CU-1.1"] = 1
        #expect(try evaluate("missingEvidence()", facts) == .integer(0))
    }

    /// Issue #18, item 8: the organisation's self-assessment is counted per criterion that applies, and read back.
    @Test func selfAssessmentsAreCountedAndRead() throws {
        var facts = CaseFacts(framework: FrameworkFixtures.framework, now: Self.now)
        #expect(try evaluate("selfAssessmentMissing()", facts) == .integer(4))
        facts.selfRatings = ["SL-1.1": "met", "SL-1.2": "partially-met"]
        #expect(try evaluate("selfAssessmentMissing('SL')", facts) == .integer(0))
        #expect(try evaluate("selfAssessmentMissing()", facts) == .integer(2))
        #expect(try evaluate("selfRating('SL-1.2')", facts) == .string("partially-met"))
        #expect(try evaluate("selfRating('CU-1.1')", facts) == .null)
        #expect(throws: ExpressionError.self) { try evaluate("selfRating('XX-1')", facts) }
        // A criterion proposed not applicable still wants one until the proposal is accepted.
        facts.applicability["CU-1.1"] = CaseApplicability(
            criterion: "CU-1.1", forServices: [], justification: "none", proposedBy: "ann", proposedAt: Self.now)
        #expect(try evaluate("selfAssessmentMissing('CU')", facts) == .integer(2))
        #expect(throws: ExpressionError.self) { try evaluate("selfAssessmentMissing('XX')", facts) }
    }

    @Test func ratingsAndOutcomeComeFromTheFramework() throws {
        var facts = CaseFacts(framework: FrameworkFixtures.framework, ratings: ["SL-1.1": "met"], now: Self.now)
        #expect(try evaluate("unratedCriteria()", facts) == .integer(3))
        #expect(try evaluate("unratedCriteria('SL')", facts) == .integer(1))
        #expect(try evaluate("rating('SL-1.1')", facts) == .string("met"))
        #expect(try evaluate("rating('SL-1.2')", facts) == .null)
        #expect(try evaluate("outcome()", facts) == .string("incomplete"))
        facts.ratings = Self.allMet
        #expect(try evaluate("outcome()", facts) == .string("accredited"))
        facts.ratings["SL-1.1"] = "partially-met"
        #expect(try evaluate("outcome()", facts) == .string("accredited-with-conditions"))
        #expect(try evaluate("outcomeRule()", facts) == .string("mandatory-partial"))
    }

    @Test func daysToExpiryIsNullWithoutAnAwardAndCountsWholeDays() throws {
        var facts = CaseFacts(framework: FrameworkFixtures.framework, now: Self.now)
        #expect(try evaluate("daysToExpiry()", facts) == .null)
        facts.awardExpiry = Self.now.adding(days: 180).adding(microseconds: 3_600_000_000)
        #expect(try evaluate("daysToExpiry()", facts) == .integer(180))
        facts.awardExpiry = Self.now.adding(days: -1)
        #expect(try evaluate("daysToExpiry()", facts) == .integer(-1))
    }

    @Test(arguments: [
        "rating('XX-1.1')", "rating()", "missingEvidence('ZZ')", "missingEvidence(1)", "outcome(1)",
    ])
    func badArgumentsAreHostErrors(_ source: String) {
        let facts = CaseFacts(framework: FrameworkFixtures.framework, now: Self.now)
        let error = #expect(throws: ExpressionError.self) { try evaluate(source, facts) }
        #expect(error?.kind == .host)
    }

    @Test func everyNamedFunctionIsProvidedAndNoOther() {
        let facts = CaseFacts(framework: FrameworkFixtures.framework, now: Self.now)
        #expect(Set(CaseHostFunctions.arity.keys) == Set(CaseHostFunctions.names))
        for name in CaseHostFunctions.names + ["noSuchFunction"] {
            let arguments = [Value](repeating: "SL-1.1", count: CaseHostFunctions.arity[name]?.upperBound ?? 0)
            do {
                _ = try facts.call(name, arguments)
            } catch {
                #expect((error.kind == .unknownFunction) == (name == "noSuchFunction"), "\(name): \(error)")
            }
        }
    }
}

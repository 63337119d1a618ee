import AccreditEngine
import Statecharts
import Testing
import Workflows

/// `workflow simulate --facts FILE`: the facts file is checked against the framework, and answers host functions
/// as a case with those facts would.
struct SimulationFactsTests {
    static let framework: Framework? = {
        let path = FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        return try? FrameworkReader.loadFramework(fileAt: path).framework
    }()

    static let now = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch

    static func parse(_ json: String) throws(SimulationFacts.ParseError) -> CaseFacts? {
        guard let framework else { return nil }
        return try SimulationFacts.parse(Array(json.utf8), framework: framework).at(now, framework: framework)
    }

    @Test func factsAnswerHostFunctionsAsACaseWould() throws {
        let facts = try #require(
            try Self.parse(
                """
                {"submittedEvidence": {"SL-1.1": 3, "SL-1.2": 2, "SL-2.1": 2}, "acceptedEvidence": {"SL-1.1": 1},
                 "ratings": {"SL-1.1": "met"}, "selfRatings": {"SL-1.2": "partially-met"}, "awardExpiry": "2026-05-01"}
                """))
        // The shipped framework covers evidence by item: each simulated piece is one of the criterion's items.
        #expect(try facts.call("missingEvidence", [.string("SL")]) == .integer(0))
        #expect(try facts.call("selfRating", [.string("SL-1.2")]) == .string("partially-met"))
        #expect(try facts.call("selfAssessmentMissing", [.string("SL")]) == .integer(5))
        #expect(try facts.call("evidenceCount", [.string("SL-1.1")]) == .integer(3))
        #expect(try facts.call("acceptedEvidenceCount", [.string("SL-1.1")]) == .integer(1))
        #expect(try facts.call("rating", [.string("SL-1.1")]) == .string("met"))
        #expect(try facts.call("unratedCriteria", [.string("SL")]) == .integer(5))
        #expect(try facts.call("daysToExpiry", []) == .integer(120))
        #expect(try facts.call("outcome", []) == .string("incomplete"))
    }

    @Test func findingsAnswerTheFindingFunctions() throws {
        let facts = try #require(
            try Self.parse(
                """
                {"findings": [{"severity": "major", "due": "2025-12-01"}, {"severity": "major", "status": "responded",
                 "due": "2026-02-01"}, {"severity": "minor", "status": "closed"}, {"severity": "observation"}]}
                """))
        #expect(try facts.call("openFindings", []) == .integer(2))
        #expect(try facts.call("openFindings", [.string("major")]) == .integer(2))
        #expect(try facts.call("overdueFindings", [.string("major")]) == .integer(1))
        #expect(try facts.call("openFindings", [.string("minor")]) == .integer(0))
    }

    @Test func anEmptyObjectIsACaseWithNothingYet() throws {
        let facts = try #require(try Self.parse("{}"))
        #expect(try facts.call("missingEvidence", []) == .integer(13))
        #expect(try facts.call("daysToExpiry", []) == .null)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var json: String
        var error: String
        var testDescription: String { json }
    }

    static let bad: [Bad] = [
        Bad(
            json: "[1]",
            error: #"the facts must be one JSON object, such as {"submittedEvidence": {"SL-1.1": 1}, "#
                + #""ratings": {"SL-1.1": "met"}}"#),
        Bad(
            json: #"{"rating": {}}"#,
            error:
                "rating: not a fact; use submittedEvidence, acceptedEvidence, ratings, selfRatings, awardExpiry, findings"
        ),
        Bad(
            json: #"{"findings": [{"severity": "grave"}]}"#,
            error:
                "findings[0].severity: use one of the framework's severities: immediate-risk, major, minor, observation"
        ),
        Bad(
            json: #"{"findings": [{"severity": "major", "status": "late"}]}"#,
            error: "findings[0].status: use open, responded, closed or noted"),
        Bad(
            json: #"{"findings": {"severity": "major"}}"#,
            error: #"findings: give a list of findings, such as [{"severity": "major", "due": "2027-03-01"}]"#),
        Bad(
            json: #"{"ratings": {"SL-1.1": "Met"}}"#,
            error: "ratings.SL-1.1: not a level of patient-safety-standards's rating scale; use one of not-met, "
                + "partially-met, met, exceeded"),
        Bad(
            json: #"{"submittedEvidence": {"XX-1": 1}}"#,
            error: "submittedEvidence.XX-1: framework patient-safety-standards version 1 has no such criterion"),
        Bad(
            json: #"{"submittedEvidence": {"SL-1.1": -1}}"#,
            error: "submittedEvidence.SL-1.1: give a whole number of items, 0 or more"),
        Bad(
            json: #"{"submittedEvidence": [1]}"#,
            error: #"submittedEvidence: give an object keyed by criterion id, such as {"SL-1.1": 1}"#),
        Bad(
            json: #"{"acceptedEvidence": {"SL-1.1": 2}}"#,
            error: "acceptedEvidence.SL-1.1: 2 accepted but 0 submitted; submittedEvidence counts accepted items "
                + "too, so give at least 2 there"),
        Bad(
            json: #"{"awardExpiry": "soon"}"#,
            error: #"awardExpiry: give a date or UTC time, such as "2029-03-01", or null for no award"#),
    ]

    @Test(arguments: bad)
    func badFactsSayWhatToWrite(_ bad: Bad) {
        #expect(throws: SimulationFacts.ParseError.self) { _ = try Self.parse(bad.json) }
        do {
            _ = try Self.parse(bad.json)
        } catch {
            #expect(error.description == bad.error)
        }
    }
}

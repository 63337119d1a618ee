import AccreditEngine
import Foundation
import Testing

@testable import Workflows

struct FrameworkReaderTests {
    static let shipped = [
        "frameworks/patient-safety-standards-v1.xml", "frameworks/patient-safety-standards-v2.xml",
        "frameworks/crosswalk-v1-v2.xml",
    ]

    @Test(arguments: shipped) func shippedDefinitionsValidateClean(path: String) {
        #expect(FrameworkReader.diagnose(fileAt: FrameworkPaths.definition(path)) == [])
    }

    @Test func shippedV1HasSixFoundationsOfAtLeastThreeStandardsOfTwoCriteria() throws {
        let framework = try FrameworkReader.loadFramework(
            fileAt: FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        ).framework
        #expect(framework.foundations.map(\.id) == ["SL", "LD", "PP", "PE", "DI", "CU"])
        for foundation in framework.foundations {
            #expect(foundation.standards.count >= 3)
            #expect(foundation.standards.allSatisfy { $0.criteria.count >= 2 })
        }
        #expect(framework.criteria.allSatisfy { !$0.expectedEvidence.isEmpty && !$0.text.isEmpty })
        #expect(framework.criteria.contains { $0.mandatory })
        #expect(framework.ratingScale.levels.count == 4)
        #expect(Set(framework.awardRules.map(\.outcome)) == Set(framework.outcomes.map(\.id) + [.incomplete]))
        #expect(framework.outcomes.filter(\.isAward).map(\.id) == ["accredited", "accredited-with-conditions"])
        #expect(framework.outcomes.filter(\.withConditions).map(\.id) == ["accredited-with-conditions"])
        #expect(framework.awardRules.allSatisfy { !$0.explanation.isEmpty })
    }

    @Test func shippedV2AddsDeliveryOfPatientSafetyServices() throws {
        let framework = try FrameworkReader.loadFramework(
            fileAt: FrameworkPaths.definition("frameworks/patient-safety-standards-v2.xml")
        ).framework
        #expect(framework.foundations.count == 7)
        #expect(framework.foundations.last?.id == "DS")
        #expect(framework.foundations.last?.title == "Delivery of patient safety services")
    }

    @Test func allMetOnShippedV1IsAccredited() throws {
        let framework = try FrameworkReader.loadFramework(
            fileAt: FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        ).framework
        let ratings = Dictionary(uniqueKeysWithValues: framework.criteria.map { ($0.id, "met") })
        let assessment = try FrameworkAssessment(framework: framework, ratings: ratings)
        #expect(assessment.decision.outcome == "accredited")
        #expect(assessment.decision.ruleID == "all-requirements-met")
        var partial = ratings
        partial["SL-1.1"] = "partially-met"
        #expect(
            try FrameworkAssessment(framework: framework, ratings: partial).decision.ruleID == "mandatory-not-fully-met"
        )
        partial["SL-1.1"] = nil
        #expect(try FrameworkAssessment(framework: framework, ratings: partial).decision.outcome == .incomplete)
    }

    @Test func shippedCrosswalkCarriesEveryRatedV1CriterionOrSaysWhy() throws {
        guard
            case .crosswalk(let loaded) = try FrameworkReader.load(
                fileAt: FrameworkPaths.definition("frameworks/crosswalk-v1-v2.xml"))
        else {
            Issue.record("the crosswalk did not load as a crosswalk")
            return
        }
        let ratings = Dictionary(uniqueKeysWithValues: loaded.from.framework.criteria.map { ($0.id, "met") })
        let evidence = Dictionary(uniqueKeysWithValues: loaded.from.framework.criteria.map { ($0.id, ["e-" + $0.id]) })
        let carried = loaded.crosswalk.carryOver(
            ratings: ratings, evidence: evidence, to: loaded.to.framework.ratingScale)
        #expect(carried.ratings["SL-1.1"] == "met")
        #expect(carried.ratings["DI-2.1"] == "met")
        #expect(carried.ratings["PP-2.3"] == nil)
        #expect(carried.evidence["PP-2.3"] == ["e-PP-2.1"])
        #expect(carried.evidence["DI-2.1"] == ["e-DI-2.1", "e-DI-2.2"])
        #expect(!carried.notCarried.contains { $0.reason == .unmapped })
        #expect(carried.notCarried.contains { $0.reason == .retired && $0.from == ["LD-3.2"] })
        let assessment = try FrameworkAssessment(
            framework: loaded.to.framework, ratings: carried.ratings,
            evidenceCounts: carried.evidence.mapValues(\.count))
        #expect(assessment.decision.outcome == .incomplete)
        #expect(assessment.figures.unrated == 10)
    }

    @Test func identityHashesTheFileBytes() throws {
        let path = FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        let loaded = try FrameworkReader.loadFramework(fileAt: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(loaded.identity == DefinitionIdentity(name: "patient-safety-standards", version: "1", bytes: bytes))
    }

    @Test func aCrosswalkIsNotAFramework() {
        let error = #expect(throws: XMLDiagnostics.self) {
            try FrameworkReader.loadFramework(fileAt: FrameworkPaths.fixture("valid-crosswalk.xml"))
        }
        #expect(error?.items.map(\.rule) == ["framework.not-a-framework"])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let fixture: String
        let rule: String
        let line: Int
        let severity: XMLDiagnostic.Severity
        var testDescription: String { fixture }
    }

    /// libxml2 gives an element the line where its start tag ends: the crosswalk's start tag spans lines 2-3.
    static let cases: [Case] = [
        Case(fixture: "duplicate-criterion.xml", rule: "framework.duplicate-id", line: 13, severity: .error),
        Case(fixture: "duplicate-standard.xml", rule: "framework.duplicate-id", line: 14, severity: .error),
        Case(fixture: "duplicate-foundation.xml", rule: "framework.duplicate-id", line: 15, severity: .error),
        Case(fixture: "duplicate-level.xml", rule: "framework.duplicate-id", line: 6, severity: .error),
        Case(fixture: "condition-syntax.xml", rule: "framework.condition-syntax", line: 16, severity: .error),
        Case(
            fixture: "condition-unknown-variable.xml", rule: "framework.condition-unknown-name", line: 16,
            severity: .error),
        Case(
            fixture: "condition-unknown-function.xml", rule: "framework.condition-unknown-name", line: 16,
            severity: .error),
        Case(fixture: "id-prefix.xml", rule: "framework.id-prefix", line: 9, severity: .error),
        Case(
            fixture: "rating-scale-duplicate-score.xml", rule: "framework.rating-scale-duplicate-score", line: 5,
            severity: .error),
        Case(fixture: "rating-scale-levels.xml", rule: "framework.rating-scale-levels", line: 3, severity: .error),
        Case(fixture: "met-level.xml", rule: "framework.met-level", line: 3, severity: .error),
        Case(fixture: "no-default-rule.xml", rule: "framework.no-default-rule", line: 16, severity: .warning),
        Case(
            fixture: "crosswalk-unknown-criterion.xml", rule: "crosswalk.unknown-criterion", line: 6,
            severity: .error),
        Case(
            fixture: "crosswalk-unmapped-criterion.xml", rule: "crosswalk.unmapped-criterion", line: 3,
            severity: .warning),
        Case(fixture: "crosswalk-framework.xml", rule: "crosswalk.framework", line: 3, severity: .error),
        Case(fixture: "crosswalk-duplicate-source.xml", rule: "crosswalk.duplicate-source", line: 5, severity: .error),
        Case(
            fixture: "crosswalk-unreached-criterion.xml", rule: "crosswalk.unreached-criterion", line: 3,
            severity: .warning),
        Case(
            fixture: "condition-evaluation.xml", rule: "framework.condition-evaluation", line: 16, severity: .error),
        Case(
            fixture: "condition-unknown-level.xml", rule: "framework.condition-unknown-level", line: 16,
            severity: .error),
        Case(
            fixture: "condition-unknown-foundation.xml", rule: "framework.condition-unknown-foundation", line: 16,
            severity: .error),
        Case(
            fixture: "condition-unknown-severity.xml", rule: "framework.condition-unknown-severity", line: 20,
            severity: .error),
        Case(fixture: "finding-severity.xml", rule: "framework.finding-severity", line: 17, severity: .error),
        Case(fixture: "service-kind.xml", rule: "framework.service-kind", line: 9, severity: .error),
        Case(fixture: "outcome-incomplete.xml", rule: "framework.outcome", line: 17, severity: .error),
        Case(fixture: "outcome-undeclared.xml", rule: "framework.outcome", line: 19, severity: .error),
    ]

    @Test func awardRulesGiveDeclaredOutcomesAndIncompleteIsBuiltIn() {
        let messages = ["outcome-incomplete.xml", "outcome-undeclared.xml"].flatMap { file in
            FrameworkReader.diagnose(fileAt: FrameworkPaths.fixture(file)).filter { $0.rule == "framework.outcome" }
                .map(\.message)
        }
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("'incomplete' is built in") })
        #expect(
            messages.contains {
                $0.contains(
                    "gives outcome 'accredited', which the framework does not declare: use one of registered, "
                        + "incomplete")
            })
    }

    @Test func aRatingLevelInAnAwardRuleIsComparedExactlyWithTheScale() {
        let diagnostics = FrameworkReader.diagnose(fileAt: FrameworkPaths.fixture("condition-unknown-level.xml"))
        #expect(
            diagnostics.map(\.message) == [
                "award rule 'bad' counts ratings at 'minor-NC' (column 12), which is not a level of the rating scale "
                    + "(levels are compared exactly): did you mean 'minor-nc'?"
            ])
    }

    @Test func aLevelFarFromEveryDeclaredOneListsThemAll() throws {
        var text = try String(
            contentsOfFile: FrameworkPaths.fixture("condition-unknown-level.xml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "countRated('minor-NC')", with: "countRated('exceeded')")
        let error = #expect(throws: XMLDiagnostics.self) {
            try FrameworkReader.load(Array(text.utf8), file: "levels.xml")
        }
        #expect(error?.items.map(\.rule) == ["framework.condition-unknown-level"])
        #expect(error?.items.first?.message.hasSuffix("use one of 'major-nc', 'minor-nc'") == true)
    }

    @Test(arguments: cases) func eachCheckHasAFailingFixture(_ check: Case) {
        let path = FrameworkPaths.fixture(check.fixture)
        let diagnostics = FrameworkReader.diagnose(fileAt: path)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let diagnostic = diagnostics.first
        #expect(diagnostic?.rule == check.rule)
        #expect(diagnostic?.line == check.line)
        #expect(diagnostic?.severity == check.severity)
        #expect(diagnostic?.file == path)
    }

    @Test(arguments: ["valid-mini-v1.xml", "valid-mini-v2.xml", "valid-crosswalk.xml"])
    func validFixturesAreClean(name: String) {
        #expect(FrameworkReader.diagnose(fileAt: FrameworkPaths.fixture(name)) == [])
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() throws {
        var text = try String(contentsOfFile: FrameworkPaths.fixture("valid-mini-v1.xml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "criterion id=\"SL-1.1\"", with: "criterion id=\"LD-1.1\"")
        text = text.replacingOccurrences(of: "when=\"true\"", with: "when=\"nope &gt; 1\"")
        text = text.replacingOccurrences(of: "score=\"1\"", with: "score=\"0\"")
        let error = #expect(throws: XMLDiagnostics.self) {
            try FrameworkReader.load(Array(text.utf8), file: "many.xml")
        }
        #expect(
            error?.items.map(\.rule).sorted() == [
                "framework.condition-unknown-name", "framework.id-prefix", "framework.no-default-rule",
                "framework.rating-scale-duplicate-score",
            ])
    }

    @Test func schemaErrorsUseTheXSDRule() {
        let text = #"<framework xmlns="urn:accredit:framework:1" id="Bad Id" version="1" title="x"/>"#
        let error = #expect(throws: XMLDiagnostics.self) {
            try FrameworkReader.load(Array(text.utf8), file: "bad.xml")
        }
        #expect(error?.items.isEmpty == false)
        #expect(error?.items.allSatisfy { $0.rule == "xsd.valid" } == true)
    }
}

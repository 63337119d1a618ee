import AccreditEngine
import Testing

@testable import Workflows

/// Every static check has a fixture under `Fixtures/workflows/` that triggers it at a known line.
struct WorkflowCheckTests {
    static func fixture(_ name: String) -> String { FrameworkPaths.testsDirectory + "Fixtures/workflows/" + name }

    static let framework: Framework? = {
        let path = FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        return try? FrameworkReader.loadFramework(fileAt: path).framework
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var rule: String
        var line: Int
        var severity: XMLDiagnostic.Severity
        var testDescription: String { "\(rule) in \(file)" }
    }

    static let cases: [Case] = [
        Case(file: "duplicate-id.scxml", rule: "workflow.duplicate-id", line: 8, severity: .error),
        Case(file: "unknown-target.scxml", rule: "workflow.unknown-target", line: 6, severity: .error),
        Case(file: "unreachable-state.scxml", rule: "workflow.unreachable-state", line: 8, severity: .error),
        Case(file: "no-final-reachable.scxml", rule: "workflow.no-final-reachable", line: 9, severity: .error),
        Case(file: "guard-syntax.scxml", rule: "workflow.guard-syntax", line: 6, severity: .error),
        Case(file: "unknown-function.scxml", rule: "workflow.unknown-function", line: 6, severity: .error),
        Case(file: "guard-arguments.scxml", rule: "workflow.guard-arguments", line: 6, severity: .error),
        Case(file: "undeclared-criterion.scxml", rule: "workflow.undeclared-criterion", line: 6, severity: .error),
        Case(file: "undeclared-role.scxml", rule: "workflow.undeclared-role", line: 6, severity: .error),
        Case(
            file: "parallel-without-regions.scxml", rule: "workflow.parallel-without-regions", line: 5,
            severity: .error),
        Case(file: "history-default.scxml", rule: "workflow.history-default", line: 6, severity: .error),
        Case(file: "extension.scxml", rule: "workflow.extension", line: 5, severity: .error),
        Case(file: "extension.scxml", rule: "workflow.extension", line: 7, severity: .error),
        Case(file: "identity.scxml", rule: "workflow.identity", line: 3, severity: .error),
        Case(file: "schema.scxml", rule: "xsd.valid", line: 3, severity: .error),
        Case(file: "unsendable-event.scxml", rule: "workflow.unsendable-event", line: 7, severity: .warning),
        Case(file: "shadowed-transition.scxml", rule: "workflow.shadowed-transition", line: 7, severity: .warning),
        Case(file: "role-kind.scxml", rule: "workflow.role-kind", line: 4, severity: .error),
        Case(file: "role-kind.scxml", rule: "workflow.role-kind", line: 5, severity: .error),
        Case(file: "role-kind.scxml", rule: "workflow.role-kind", line: 6, severity: .error),
        Case(file: "action.scxml", rule: "workflow.action", line: 7, severity: .error),
        Case(file: "assignment.scxml", rule: "workflow.assignment", line: 7, severity: .error),
        Case(file: "appeal.scxml", rule: "workflow.appeal", line: 3, severity: .error),
        Case(file: "action.scxml", rule: "workflow.action", line: 10, severity: .error),
        Case(file: "award.scxml", rule: "workflow.award", line: 2, severity: .error),
        Case(file: "award-states.scxml", rule: "workflow.award", line: 2, severity: .error),
        // An event no <send> schedules, a deadline declared twice, a kind no person holds, a lead time of zero,
        // two deadlines in one, overdue on a timer's, an event sent with no delay, appeals with no date to resolve
        // them by, and an attribute misspelt.
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 6, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 7, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 8, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 9, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 10, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 11, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 12, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 13, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 14, severity: .error),
        Case(file: "reminder.scxml", rule: "workflow.reminder", line: 15, severity: .error),
        Case(file: "invoke.scxml", rule: "workflow.invoke", line: 7, severity: .error),
        Case(file: "invoke.scxml", rule: "workflow.invoke", line: 8, severity: .error),
        Case(file: "invoke.scxml", rule: "workflow.invoke", line: 9, severity: .error),
        Case(file: "content.scxml", rule: "workflow.content", line: 5, severity: .error),
        Case(file: "content.scxml", rule: "workflow.content", line: 7, severity: .error),
        Case(file: "content.scxml", rule: "workflow.content", line: 9, severity: .error),
    ]

    @Test(arguments: cases)
    func fixtureTriggersItsRule(_ expected: Case) {
        let diagnostics = WorkflowReader.diagnose(fileAt: Self.fixture(expected.file), framework: Self.framework)
        let hit = diagnostics.first { $0.rule == expected.rule && $0.line == expected.line }
        #expect(hit?.severity == expected.severity, "got \(diagnostics.map(\.description))")
        #expect(hit?.file == Self.fixture(expected.file))
        #expect(hit?.message.isEmpty == false)
    }

    /// A file the schema refuses, but that still builds, gets the schema's errors and every static-check finding
    /// at once, in line order.
    @Test func schemaErrorsComeWithEveryStaticCheckFinding() {
        let diagnostics = WorkflowReader.diagnose(fileAt: Self.fixture("schema-and-checks.scxml"))
        #expect(
            diagnostics.map { "\($0.line) \($0.rule)" } == [
                "3 xsd.valid", "6 workflow.unknown-target", "7 workflow.undeclared-role",
            ], "got \(diagnostics.map(\.description))")
    }

    @Test func warningsAloneStillLoad() throws {
        let loaded = try WorkflowReader.load(fileAt: Self.fixture("shadowed-transition.scxml"))
        #expect(loaded.warnings.map(\.rule) == ["workflow.shadowed-transition"])
    }

    @Test func theMinimalFixtureIsClean() throws {
        let loaded = try WorkflowReader.load(fileAt: Self.fixture("valid-minimal.scxml"), framework: Self.framework)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.identity.name == "fixture")
        #expect(loaded.identity.version == "1")
    }

    /// The graph checks on correct W3C documents: 388 enters `s01` only as the ancestor of its target and then
    /// again through a shallow history, which enters its initial child; in 403b and 436 a region's state with no
    /// transition of its own is left by another region's transition. (436's `s1` is unreachable on purpose, and
    /// still reported.)
    @Test(arguments: [
        ("test388.scxml", ""), ("test403b.scxml", ""), ("test436.scxml", "17 workflow.unreachable-state"),
    ])
    func historiesAndParallelRegionsAreFollowedByTheGraphChecks(_ name: String, _ expected: String) throws {
        let path = FrameworkPaths.testsDirectory + "Fixtures/w3c-mandatory/" + name
        let document = try SCXMLLoader.load(fileAt: path)
        let found = WorkflowChecker.check(document, file: path, framework: nil).filter {
            $0.rule == "workflow.unreachable-state" || $0.rule == "workflow.no-final-reachable"
        }
        #expect(found.map { "\($0.line) \($0.rule)" }.joined(separator: ", ") == expected)
    }

    /// Inside a `<parallel>`: a state left only by its own region's other states is still stuck (`t2`), and entering
    /// one region's state enters the other regions by default even when a transition reached them first (`b1`).
    @Test(arguments: [
        ("parallel-stuck.scxml", "15 workflow.no-final-reachable"), ("parallel-regions.scxml", ""),
    ])
    func parallelRegionsAreFollowedExactly(_ name: String, _ expected: String) {
        let found = WorkflowReader.diagnose(fileAt: Self.fixture(name)).filter {
            $0.rule == "workflow.unreachable-state" || $0.rule == "workflow.no-final-reachable"
        }
        #expect(found.map { "\($0.line) \($0.rule)" }.joined(separator: ", ") == expected)
    }

    /// An event a child held inline sends to `#_parent` is sent (W3C 233); 253's `fail` is not, and still reported.
    @Test(arguments: [("test233.scxml", [String]()), ("test253.scxml", ["fail"])])
    func eventsAChildSendsToItsParentAreSendable(_ name: String, _ unsendable: [String]) throws {
        let path = FrameworkPaths.testsDirectory + "Fixtures/w3c-mandatory/" + name
        let found = WorkflowChecker.check(try SCXMLLoader.load(fileAt: path), file: path, framework: nil).filter {
            $0.rule == "workflow.unsendable-event"
        }
        #expect(found.map { $0.message.split(separator: "'")[1] } == unsendable.map { Substring($0) })
    }

    @Test func everyRuleIsCoveredByAFixture() {
        let rules = Set(Self.cases.map(\.rule))
        for rule in WorkflowChecker.rules {
            #expect(rules.contains(rule), "\(rule) has no fixture")
        }
    }

    @Test func eachAppealMistakeIsNamedWithItsFix() {
        let found = WorkflowReader.diagnose(fileAt: Self.fixture("appeal.scxml")).filter {
            $0.rule == "workflow.appeal"
        }
        let messages = found.map { "\($0.line): \($0.message)" }
        #expect(found.map(\.line).sorted() == [3, 3, 7, 10, 10, 12, 12], "\(messages)")
        #expect(messages.contains { $0.contains("state 'refused''s decision are heard in it, but it offers no") })
        #expect(messages.contains { $0.contains("acc:appeal=\"Refusal\" must name") })
        #expect(messages.contains { $0.contains("inside 'refused', which has it too") })
        #expect(messages.contains { $0.contains("state 'review', which holds no appealable decision") })
        #expect(messages.contains { $0.contains("acc:action=\"appoint-panel\", acc:action=\"uphold-appeal\"") })
        #expect(messages.contains { $0.contains("\"sixty days\" is not a duration") })
    }

    @Test func eachKindAndAwardMistakeIsNamedWithItsFix() {
        let kinds = WorkflowReader.diagnose(fileAt: Self.fixture("role-kind.scxml")).filter {
            $0.rule == "workflow.role-kind"
        }
        #expect(kinds.map(\.line) == [4, 5, 6])
        #expect(kinds[0].message.contains("add kind=\"…\", one of organisation, administrator, evaluator"))
        #expect(kinds[1].message.contains("has kind 'boss'"))
        #expect(kinds[2].message.contains("the system role is built in"))
        let actions = WorkflowReader.diagnose(fileAt: Self.fixture("action.scxml")).filter {
            $0.rule == "workflow.action"
        }
        #expect(actions.map(\.line) == [7, 10])
        #expect(actions[0].message.contains("acc:action 'submit' is not an action"))
        #expect(actions[1].message.contains("'evaluate' here but 'upload' on line 6"))
        // Scope: the organisation does not judge its own proposals or changes, an award's scope changes only by a
        // request decided inside the award, and is never declared afresh there (suspended included). A renewal begins
        // only where an award is held (not while it is suspended), so that it never wipes an assessment under way.
        let scope = WorkflowReader.diagnose(fileAt: Self.fixture("scope-actions.scxml")).filter {
            $0.rule == "workflow.action"
        }
        #expect(scope.map(\.line) == [7, 8, 13, 17, 20, 22], "\(scope)")
        #expect(scope[0].message.contains("'review-not-applicable' judges what the organisation asked for"))
        #expect(scope[1].message.contains("offered outside the award states"))
        #expect(scope[2].message.contains("'decide-scope-change' judges"))
        #expect(scope[3].message.contains("acc:action 'renew' must take the case out of the award states"))
        #expect(scope[4].message.contains("inside award state 'paused'"))
        #expect(scope[5].message.contains("acc:action 'renew' begins a new assessment cycle"))
        let award = WorkflowReader.diagnose(fileAt: Self.fixture("award-states.scxml")).filter {
            $0.rule == "workflow.award"
        }.map(\.message)
        #expect(award.count == 2)
        #expect(award.contains { $0.contains("'certified', which is not a state") })
        #expect(award.contains { $0.contains("no <send id=\"certificate-end\">") })
        let suspended = WorkflowReader.diagnose(fileAt: Self.fixture("award-suspended.scxml")).filter {
            $0.rule == "workflow.award"
        }.map(\.message)
        #expect(suspended.count == 4, "\(suspended)")
        #expect(suspended.contains { $0.contains("acc:award-suspended names 'paused', which is not a state") })
        #expect(suspended.contains { $0.contains("acc:award-withdrawn names 'gone', which is not a state") })
        #expect(suspended.contains { $0.contains("'accredited', which acc:award-states or acc:award-suspended") })
        #expect(suspended.contains { $0.contains("'accredited', which acc:award-states also names") })
    }

    @Test func guardSyntaxErrorsCarryTheColumn() {
        let diagnostics = WorkflowReader.diagnose(fileAt: Self.fixture("guard-syntax.scxml"))
        #expect(diagnostics.first { $0.rule == "workflow.guard-syntax" }.map { $0.column > 0 } == true)
    }

    @Test func findingsForSimulateAreWarnings() throws {
        let document = try SCXMLLoader.load(fileAt: Self.fixture("no-final-reachable.scxml"))
        let findings = WorkflowReader.findings(for: document)
        #expect(findings.contains { $0.rule == "workflow.no-final-reachable" })
        #expect(findings.allSatisfy { $0.severity == .warning })
    }
}

import Foundation
import PostgresTestSupport
import Testing

/// `workflow simulate` evaluates guards that call host functions from `--framework` and `--facts`, and says once,
/// naming the functions, that such guards are false without them.
struct SimulateFactsTests {
    static let framework = CLIRunner.repository + "/Definitions/frameworks/patient-safety-standards-v1.xml"

    static let workflow = """
        <?xml version="1.0" encoding="UTF-8"?>
        <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:acc="urn:accredit:workflow:1" version="1.0"
            name="guarded" acc:version="1" acc:framework="patient-safety-standards" acc:framework-version="1"
            datamodel="accredit" initial="evidence">
          <acc:role id="applicant" kind="organisation"/>
          <state id="evidence">
            <transition event="evidence.submit" cond="missingEvidence('SL') == 0" target="review"
                acc:roles="applicant"/>
          </state>
          <state id="review">
            <transition event="review.done" cond="rating('SL-1.1') == 'met' &amp;&amp; daysToExpiry() &lt;= 180"
                target="done" acc:roles="applicant"/>
          </state>
          <final id="done"/>
        </scxml>
        """

    static func withFiles<T>(_ body: (CLIRunner, String) async throws -> T) async throws -> T {
        try await TestFiles.withTemporaryDirectory { dir in
            let cli = CLIRunner(conninfo: "", directory: dir)
            return try await body(cli, try cli.evidenceFile("guarded.scxml", Self.workflow))
        }
    }

    @Test func guardsAnswerFromTheFacts() async throws {
        try await Self.withFiles { cli, file in
            let facts = try cli.evidenceFile(
                "facts.json",
                #"{"submittedEvidence": {"SL-1.1": 3, "SL-1.2": 2, "SL-2.1": 2}, "ratings": {"SL-1.1": "met"}, "#
                    + #""awardExpiry": "2026-05-01"}"#)
            let result = try cli.run([
                "workflow", "simulate", file, "--framework", Self.framework, "--facts", facts,
                "--event", "evidence.submit", "--event", "review.done",
            ])
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty)
            #expect(
                result.stdout == """
                    session (start): evidence
                    session evidence.submit: review
                    session review.done: done
                    final: done

                    """)
            // With the framework alone the case has nothing yet: the evidence guard is false.
            let empty = try cli.run([
                "workflow", "simulate", file, "--framework", Self.framework, "--event", "evidence.submit",
            ])
            #expect(empty.status == 3)
            #expect(empty.stderr.isEmpty)
            #expect(empty.stdout.hasSuffix("running: evidence\n"))
        }
    }

    @Test func guardsReadWhatTheSimulatedMachineSchedules() async throws {
        let scheduled = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:acc="urn:accredit:workflow:1" version="1.0"
                name="scheduled" acc:version="1" acc:award-states="held" acc:award-expiry="ends"
                datamodel="accredit" initial="held">
              <acc:role id="applicant" kind="organisation"/>
              <datamodel><data id="due" expr="null"/></datamodel>
              <state id="held">
                <onentry>
                  <send id="ends" event="award.expire" delay="P10D"/>
                  <send id="check" event="check.due" delay="P5D"/>
                </onentry>
                <transition event="probe" target="done" acc:roles="applicant"
                    cond="daysToExpiry() == 10 &amp;&amp; daysToDeadline('check.due') == 5 &amp;&amp; dueAt('check.due') != null"/>
                <transition event="award.expire" target="lapsed"/>
                <transition event="check.due"/>
              </state>
              <final id="done"/>
              <final id="lapsed"/>
            </scxml>
            """
        try await TestFiles.withTemporaryDirectory { dir in
            let cli = CLIRunner(conninfo: "", directory: dir)
            let file = try cli.evidenceFile("scheduled.scxml", scheduled)
            // No facts file: the award's expiry and the deadline are the simulated machine's own timers.
            let result = try cli.run(["workflow", "simulate", file, "--framework", Self.framework, "--event", "probe"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.hasSuffix("final: done\n"), "\(result.stdout)")
        }
    }

    @Test func withoutAFrameworkItSaysOnceWhichGuardsAreFalse() async throws {
        try await Self.withFiles { cli, file in
            let result = try cli.run(["workflow", "simulate", file, "--event", "evidence.submit"])
            #expect(result.status == 3)
            #expect(
                result.stderr == """
                    warning: guards call daysToExpiry(), missingEvidence(), rating(), which answer from a case's \
                    evidence, ratings and award: without --framework FILE (and --facts FILE) there is no case, so \
                    these guards are false; give them to evaluate the guards (facts format in \
                    docs/workflow-language.md)

                    """)
            #expect(result.stdout.hasSuffix("running: evidence\n"))
        }
    }

    @Test func badFactsAreRefusedWithWhatToWrite() async throws {
        try await Self.withFiles { cli, file in
            let facts = try cli.evidenceFile("facts.json", #"{"ratings": {"SL-1.1": "Met"}}"#)
            let result = try cli.run(["workflow", "simulate", file, "--framework", Self.framework, "--facts", facts])
            #expect(result.status == 2)
            #expect(
                result.stderr == """
                    error: --facts \(facts): ratings.SL-1.1: not a level of patient-safety-standards's rating scale; \
                    use one of not-met, partially-met, met, exceeded (format: docs/workflow-language.md, \
                    "Simulating guards")

                    """)
            let missing = try cli.run(["workflow", "simulate", file, "--facts", facts])
            #expect(missing.status == 2)
            #expect(missing.stderr.hasPrefix("Error: Please give --framework FILE with --facts"))
        }
    }
}

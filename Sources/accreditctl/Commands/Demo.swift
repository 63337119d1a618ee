import AccreditEngine
import ArgumentParser
import CaseService
import EmbeddedPostgres
import EvidenceStore
import Foundation

extension Accreditctl {
    /// `accreditctl demo`: play a realistic accreditation case end to end.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play a realistic accreditation case end to end, narrating each step.",
            discussion: """
                Runs on the configured database (by default the embedded PostgreSQL under ACCREDIT_HOME, created on \
                first use). It registers an NHS trust and its people once, then each run opens a new case DEMO-n and \
                takes it from application to award and beyond: evidence uploads for every foundation, a rejected \
                and replaced file, a conflicted assessor refused at assignment, ratings, graded findings and \
                corrective action closed, an independent decision, an appeal heard by an independent panel, a \
                surveillance visit with a finding, a scope extended, a renewal, deadlines firing, and a full replay \
                and audit.

                The shipped definitions are built into accreditctl, so it runs from any directory; --definitions \
                DIR plays it on DIR/frameworks/patient-safety-standards-v1.xml and \
                DIR/workflows/patient-safety-accreditation.scxml instead (an edited copy of Definitions/, say).

                Examples:
                  accreditctl demo
                  ACCREDIT_HOME=/tmp/accredit-demo accreditctl demo
                  accreditctl demo --definitions ~/accredit/Definitions
                """)

        @Option(help: "A folder laid out like Definitions/ to play on, instead of the built-in definitions.")
        var definitions: String?

        func run() throws {
            try reportingFailures {
                // The desk every command uses: with its automatic checkpoints and award status list.
                let desk = try Context.desk()
                let shipped = try ShippedDefinitions.load(from: definitions)
                let work = FileManager.default.temporaryDirectory.appendingPathComponent("accredit-demo-\(getpid())")
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: work) }
                Output.line("Accredit demo — database: \(DatabaseLocation.fromEnvironment().description)")
                let scenario = DemoScenario(
                    desk: desk, workDirectory: work.path, definitions: shipped, start: Moment.now,
                    home: Context.home, narrate: { Output.line($0) })
                let summary = try scenario.run()
                Output.line()
                Output.line(
                    "Summary: case \(summary.caseID) — \(summary.events) events, \(summary.uploads) files uploaded, "
                        + "refusals shown: \(summary.refusals.joined(separator: ", ")); decision \(summary.outcome)"
                        + (summary.renewal.map { ", renewed \($0)" } ?? "") + "; now \(summary.status)."
                )
                Output.line(
                    "Certificate: \(summary.certificateFile); check it with: accreditctl award verify "
                        + "\(summary.certificateFile) --trusted-key \(summary.fingerprint) --status \(summary.statusFile)"
                )
                Output.line(
                    "Explore: accreditctl case show \(summary.caseID) --as sam; accreditctl audit verify \(summary.caseID) --as aud; accreditctl history \(summary.caseID) --as aud"
                )
            }
        }
    }
}

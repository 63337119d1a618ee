import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Statecharts

extension Accreditctl.Evidence {
    /// `accreditctl evidence fsck`: compare evidence metadata with the stored files.
    struct Fsck: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every evidence file against its metadata: missing, corrupt or orphaned files.",
            discussion: """
                Exits 0 when everything agrees, 1 when anything needs attention. With --repair, corrupt files are \
                moved to quarantine/, and orphaned and temporary files older than the grace period are deleted. \
                Missing or corrupt evidence must be uploaded again.
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Flag(help: "Quarantine corrupt files and delete old orphans and temporary files.")
        var repair = false

        @Option(
            help: "Leave orphans and temporary files younger than this many seconds alone (an upload may be running).")
        var graceSeconds: Int64 = 3600

        func validate() throws {
            guard graceSeconds >= 0 else { throw ValidationError("Please give a --grace-seconds of at least 0.") }
        }

        func run() throws {
            try reportingFailures {
                let desk = try who.desk(requiring: .oversee)
                var fsck = desk.evidenceFsck()
                fsck.graceSeconds = graceSeconds
                let findings = try fsck.run(repair: repair, now: Int64(Date().timeIntervalSince1970))
                let open = findings.filter { !$0.repaired && !$0.action.hasPrefix("recent") }
                if output.json {
                    Output.json([
                        "clean": .bool(open.isEmpty),
                        "findings": .array(
                            findings.map { finding in
                                [
                                    "kind": .string(finding.kind.rawValue), "subject": .string(finding.subject),
                                    "evidence": .array(finding.evidence.map(Value.string)),
                                    "repaired": .bool(finding.repaired), "action": .string(finding.action),
                                ]
                            }),
                    ])
                } else if findings.isEmpty {
                    Output.line("evidence store is consistent (\(desk.blobs.storedHashes().count) files)")
                } else {
                    for finding in findings { Output.line(finding.description) }
                }
                if !open.isEmpty { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }
    }
}

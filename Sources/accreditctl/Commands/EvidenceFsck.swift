import AccreditAPI
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
                let value = try APICaller(who).call(
                    .post, "/api/v1/evidence-files/fsck",
                    body: ["repair": .bool(repair), "graceSeconds": .integer(graceSeconds)])
                let findings = value.array("findings")
                if output.json {
                    Output.json(value.keeping(["clean", "findings"]))
                } else if findings.isEmpty {
                    Output.line("evidence store is consistent (\(value.text("files")) files)")
                } else {
                    for finding in findings {
                        let owners = finding.strings("evidence")
                        Output.line(
                            "\(finding.text("kind")) \(finding.text("subject"))"
                                + (owners.isEmpty ? "" : " (\(owners.joined(separator: ", ")))")
                                + ": \(finding.text("action"))")
                    }
                }
                if value["clean"]?.boolValue != true { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }
    }
}

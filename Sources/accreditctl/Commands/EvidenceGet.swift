import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation

extension Accreditctl.Evidence {
    /// `accreditctl evidence get CASE E-n --out FILE [--force]`.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an evidence file out, checking its SHA-256 on the way.",
            discussion: """
                The file appears only when complete and intact; a corrupt stored file is refused (run: \
                accreditctl evidence fsck --as ID). An existing file is not overwritten unless --force is given.

                Examples:
                  accreditctl evidence get C-1 E-1 --out policy.pdf --as alice
                  accreditctl evidence get C-1 E-1 --out policy.pdf --force --as alice
                """)

        @OptionGroup var who: ActorOptions

        @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
        var caseID: String

        @Argument(help: ArgumentHelp("The evidence id, such as E-1.", valueName: "evidence"))
        var evidenceID: String

        @Option(help: "Where to write the file.")
        var out: String

        @Flag(help: "Overwrite the file if it exists.")
        var force = false

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("Please give an --out file to write.") }
        }

        func run() throws {
            try reportingFailures {
                guard force || !FileManager.default.fileExists(atPath: out) else {
                    throw CommandFailure(.invalid, "\(out) already exists; choose another --out or add --force")
                }
                let desk = try Context.desk()
                let record = try EvidenceView.find(
                    desk, caseID: caseID, evidenceID: evidenceID, actor: try who.actorID())
                try desk.blobs.export(record.sha256, to: out)
                Output.line("wrote \(out) (\(record.size) bytes, sha256 \(record.sha256) verified)")
            }
        }
    }
}

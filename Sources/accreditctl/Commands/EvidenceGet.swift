import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

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

        @OptionGroup var item: EvidenceArguments

        @OptionGroup var file: OutFileOptions

        func run() throws {
            try reportingFailures {
                try file.checkWritable()
                let desk = try Context.desk()
                let record = try EvidenceView.find(desk, item, actor: try who.actorID())
                try desk.blobs.export(record.sha256, to: file.out)
                Output.line("wrote \(file.out) (\(record.size) bytes, sha256 \(record.sha256) verified)")
            }
        }
    }
}

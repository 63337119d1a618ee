import AccreditAPI
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
                let caller = try APICaller(who.reader)
                let path = EvidenceView.path(item) + "/content"
                let written: (size: Int64, sha256: String)
                if let client = caller.client {
                    written = try EvidenceDownload.fetch(client, path, to: file.out)
                } else {
                    let desk = try Context.desk()
                    guard case .file(let download) = try caller.direct(APIRequest(.get, path), desk: desk).body else {
                        throw CommandFailure(.environment, "the evidence operation answered without a file")
                    }
                    try desk.blobs.export(download.sha256, to: file.out)
                    written = (download.size, download.sha256)
                }
                Output.line("wrote \(file.out) (\(written.size) bytes, sha256 \(written.sha256) verified)")
            }
        }
    }
}

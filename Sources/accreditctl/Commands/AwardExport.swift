import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation

extension Accreditctl.Award {
    /// `accreditctl award export CASE --out FILE`.
    struct AwardExport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write a case's award certificate, signed with the body's key, to a file.",
            discussion: "Example:\n  accreditctl award export DEMO-1 --out riverside-award.json --as sam")

        @OptionGroup var actor: ActorOptions

        @OptionGroup var target: CaseArgument

        @OptionGroup var file: OutFileOptions

        func run() throws {
            try reportingFailures {
                try file.checkWritable()
                let certificate = try AwardText.certificate(of: target.caseID, as: actor)
                let key = try SigningKey.loadOrCreate(home: Context.home)
                let signed = try SignedCertificate(signing: certificate, with: key.key)
                try Data(signed.fileText.utf8).write(to: URL(fileURLWithPath: file.out), options: .atomic)
                Output.line(
                    "wrote certificate \(signed.certificate.number) to \(file.out), signed by \(key.publicKeyPath)")
            }
        }
    }
}

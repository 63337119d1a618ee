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

        @Argument(help: "The case id.")
        var caseID: String

        @Option(help: "The file to write.")
        var out: String

        @Flag(help: "Replace the file if it exists.")
        var force = false

        func run() throws {
            try reportingFailures {
                guard force || !FileManager.default.fileExists(atPath: out) else {
                    throw CommandFailure(.invalid, "\(out) already exists; choose another --out or add --force")
                }
                let desk = try Context.desk()
                _ = try desk.view(caseID, as: try actor.actorID())
                let key = try SigningKey.loadOrCreate(home: Context.home)
                let signed = try SignedCertificate(signing: try desk.certificate(for: caseID), with: key.key)
                try Data(signed.fileText.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                Output.line("wrote certificate \(signed.certificate.number) to \(out), signed by \(key.publicKeyPath)")
            }
        }
    }
}

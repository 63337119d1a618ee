import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Statecharts

extension Accreditctl.Award {
    /// `accreditctl award export CASE --out FILE`.
    struct AwardExport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write a case's award certificate, signed with the body's key, to a file.",
            discussion: """
                Signs with the store's current key (ACCREDIT_HOME/keys/signing-key, made by accreditctl init or \
                accreditctl key create); a key the store does not list as current is refused. The file is \
                readable only by you (mode 0600) unless you add --public.

                Examples:
                  accreditctl award export DEMO-1 --out riverside-award.json --as sam
                  accreditctl award export DEMO-1 --out riverside-award.json --public --as sam
                """)

        @OptionGroup var actor: ActorOptions

        @OptionGroup var target: CaseArgument

        @OptionGroup var file: OutFileOptions

        @Flag(
            name: .customLong("public"),
            help: "Make the file readable by everyone (mode 0644); by default only you can read it (0600).")
        var isPublic = false

        func run() throws {
            try reportingFailures {
                try file.checkWritable()
                // Signed where the key is: by the server in client mode, with this home's key in direct mode.
                let value = try APICaller(actor.reader).call(.get, AwardText.path(target.caseID) + "/certificate")
                let signed = try SignedCertificate(fileText: CanonicalJSON.encode(value) + "\n")
                try file.write(signed.fileText, public: isPublic)
                Output.line(
                    "wrote certificate \(signed.certificate.number) to \(file.out), signed by "
                        + KeyFingerprint.of(signed.publicKey))
            }
        }
    }
}

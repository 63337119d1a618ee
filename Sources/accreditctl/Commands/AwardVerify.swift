import AccreditEngine
import ArgumentParser
import Foundation
import Statecharts

extension Accreditctl.Award {
    /// `accreditctl award verify FILE`: offline verification, no database.
    struct AwardVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Verify a certificate file offline, without a database.",
            discussion: """
                Checks the Ed25519 signature over the certificate. With --public-key (the body's published \
                signing-key.pub), also checks that the body signed it, not just anyone. Exits 0 when valid, 1 when not.

                Example:
                  accreditctl award verify riverside-award.json --public-key signing-key.pub
                """)

        @Argument(help: "The certificate file.")
        var file: String

        @Option(help: "The accrediting body's public key file (64 hex digits), to pin the signer.")
        var publicKey: String?

        @Option(help: "Also report whether the award is current at this time (ISO 8601); default now.")
        var at: String?

        func validate() throws {
            try Moment.validate(at, as: "--at")
        }

        func run() throws {
            try reportingFailures {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw CommandFailure(.notFound, "cannot read \(file)")
                }
                let signed = try SignedCertificate(fileText: text)
                guard signed.isSignatureValid else {
                    throw CommandFailure(.refused, "INVALID: the signature does not match the certificate's contents")
                }
                if let publicKey {
                    let pinned = (try? String(contentsOfFile: publicKey, encoding: .utf8))?
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    guard pinned == HashChain.hex(signed.publicKey) else {
                        throw CommandFailure(
                            .refused, "INVALID: the certificate was not signed by the key in \(publicKey)")
                    }
                }
                AwardText.print(signed.certificate)
                let now = Moment.given(at)
                let current = now < signed.certificate.expiresAt
                Output.line(
                    "valid: signature verified\(publicKey == nil ? " (signer not pinned; pass --public-key)" : " against \(publicKey ?? "")")"
                        + (current
                            ? "; the award is current"
                            : "; the award EXPIRED on \(signed.certificate.expiresAt.iso8601)"))
            }
        }
    }
}

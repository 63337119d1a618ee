import AccreditEngine
import ArgumentParser
import Foundation
import Statecharts

extension Accreditctl.Award {
    /// `accreditctl award verify FILE`: offline verification against trust anchors, no database.
    struct AwardVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Verify a certificate file offline, without a database.",
            discussion: """
                Checks the Ed25519 signature over the certificate, that the signer is a key you trust \
                (--trusted-key or $ACCREDIT_TRUSTED_KEYS: the accrediting body's published key or fingerprint, \
                never the key inside the certificate), and that the award has not expired at --at (default now). \
                With --status (the body's signed award status list, accredit-award-status/1), also that the award \
                has not been suspended, withdrawn or superseded since. Without a trusted key nothing is verified \
                (exit 1). Exits 0 when valid, 1 when not (every reason is printed), 2 for unusable input, 4 when a \
                file cannot be read.

                Examples:
                  accreditctl award verify riverside-award.json --trusted-key signing-key.pub
                  accreditctl award verify riverside-award.json --trusted-key keys.txt \\
                    --status award-status.json
                  accreditctl award verify riverside-award.json --trusted-key keys.txt \\
                    --at 2027-06-01
                """)

        @Argument(help: "The certificate file.")
        var file: String

        @OptionGroup var trust: TrustOptions

        @Option(help: "The body's public key file (64 hex digits); the same as --trusted-key FILE.")
        var publicKey: String?

        @Option(help: "The body's signed award status list, to check the award is still in force.")
        var status: String?

        @Option(help: "The time to check the award at (ISO 8601 time or date); default now.")
        var at: String?

        func validate() throws {
            try Moment.validate(at, as: "--at")
        }

        func run() throws {
            try reportingFailures {
                let signed = try AuditFiles.read(file, kind: "certificate", parse: SignedCertificate.init(fileText:))
                var anchors = trust
                if let publicKey { anchors.trustedKeys.append(publicKey) }
                let trusted = try anchors.require()
                let list = try status.map {
                    try AuditFiles.read($0, kind: "award status list", parse: AwardStatusList.init(fileText:))
                }
                let time = Moment.given(at)
                let problems = signed.problems(trusting: trusted, at: time, status: list, asked: at != nil)
                if problems.first != .signatureInvalid { AwardText.print(signed.certificate) }
                guard problems.isEmpty else {
                    throw CommandFailure(
                        .refused, "INVALID: " + problems.map(AwardText.words).joined(separator: "; "))
                }
                var verdict =
                    "valid: signed by \(KeyFingerprint.of(signed.publicKey)), a trusted key; the award is current at "
                    + time.iso8601
                if let list, let entry = list.entry(for: signed.certificate.number) {
                    verdict += "; status \(entry.status.rawValue) in the status list of \(list.issuedAt.iso8601)"
                } else {
                    verdict += "; revocation status NOT checked (pass --status with the body's latest status list)"
                }
                Output.line(verdict)
            }
        }
    }
}

import AccreditEngine
import ArgumentParser
import CaseService

extension Accreditctl.Award {
    /// `accreditctl award show CASE`.
    struct AwardShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show the award a case holds.",
            discussion: "Example:\n  accreditctl award show DEMO-1 --as sam")

        @OptionGroup var actor: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The case id.")
        var caseID: String

        func run() throws {
            try reportingFailures {
                let desk = try Context.desk()
                _ = try desk.view(caseID, as: try actor.actorID())
                let certificate = try desk.certificate(for: caseID)
                if output.json {
                    Output.json(certificate.value)
                } else {
                    AwardText.print(certificate)
                }
            }
        }
    }
}

/// The certificate as text for people.
enum AwardText {
    static func print(_ certificate: AwardCertificate) {
        Output.line("Certificate \(certificate.number)")
        Output.line("  organisation: \(certificate.organisationName) (\(certificate.organisationID))")
        Output.line("  outcome:      \(certificate.outcome)\(certificate.conditions ? " (with conditions)" : "")")
        Output.line("  framework:    \(certificate.framework); workflow \(certificate.workflow)")
        Output.line("  issued:       \(certificate.issuedAt.iso8601)")
        Output.line("  expires:      \(certificate.expiresAt.iso8601)")
        Output.line(
            "  case chain:   \(certificate.caseID) at version \(certificate.chainVersion), head \(certificate.chainHead)"
        )
    }
}

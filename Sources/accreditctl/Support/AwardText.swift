import AccreditEngine
import CaseService
import Statecharts

/// Award certificates for the award commands: finding a case's certificate, and printing one for people.
enum AwardText {
    /// The award certificate of a case the actor may read.
    ///
    /// - Throws: What reading the case throws (not found, refused), or the desk's error when it holds no award.
    static func certificate(of caseID: String, as who: ActorOptions) throws -> AwardCertificate {
        let desk = try Context.desk()
        _ = try desk.view(caseID, as: try who.actorID())
        return try desk.certificate(for: caseID)
    }

    /// Prints the certificate: number, organisation, outcome, definitions, dates and the case chain it binds.
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

import AccreditEngine
import CaseService
import Statecharts

/// Award certificates for the award commands: finding a case's certificate, and printing one for people.
enum AwardText {
    /// `/api/v1/cases/{case}/award`.
    static func path(_ caseID: String) -> String {
        "/api/v1/cases/\(APICaller.segment(caseID))/award"
    }

    /// The certificate in the API's answer.
    ///
    /// - Throws: ``CommandFailure`` (exit 5) when the answer is not a certificate.
    static func certificate(_ value: Value) throws -> AwardCertificate {
        guard let certificate = AwardCertificate(value: value) else {
            throw CommandFailure(.environment, "the award operation answered without a certificate")
        }
        return certificate
    }

    /// Prints the certificate: number, organisation, outcome, definitions, dates and the case chain it binds.
    static func print(_ certificate: AwardCertificate) {
        Output.line("Certificate \(certificate.number)")
        Output.line("  organisation: \(certificate.organisationName) (\(certificate.organisationID))")
        Output.line("  outcome:      \(certificate.outcome)\(certificate.conditions ? " (with conditions)" : "")")
        Output.line("  framework:    \(certificate.framework); workflow \(certificate.workflow)")
        Output.line("  issued:       \(certificate.issuedAt.iso8601)")
        Output.line("  expires:      \(certificate.expiresAt.iso8601)")
        for (index, service) in certificate.scope.enumerated() {
            Output.line("  \(index == 0 ? "scope:       " : "             ") \(service.name), \(service.siteName)")
        }
        if !certificate.notApplicable.isEmpty {
            Output.line("  not applicable: \(certificate.notApplicable.joined(separator: ", "))")
        }
        Output.line(
            "  case chain:   \(certificate.caseID) at version \(certificate.chainVersion), head \(certificate.chainHead)"
        )
    }
}

extension AwardText {
    /// The words for a reason not to rely on a certificate.
    static func words(_ problem: CertificateProblem) -> String {
        switch problem {
        case .signatureInvalid:
            "the signature does not match the certificate's contents"
        case .signerUntrusted(let fingerprint):
            "the certificate was signed by \(fingerprint), which is not a trusted key"
        case .expired(let time):
            "the award EXPIRED on \(time.iso8601)"
        case .statusSignatureInvalid:
            "the status list's signature does not match its contents"
        case .statusSignerUntrusted(let fingerprint):
            "the status list was signed by \(fingerprint), which is not a trusted key"
        case .statusOlderThanCertificate(let issued):
            "the status list (of \(issued.iso8601)) is older than the certificate; get the latest list"
        case .statusUnknown:
            "the status list does not list this certificate"
        case .statusNamesAnotherCase(let caseID):
            "the status list gives this certificate number to case \(caseID)"
        case .status(let status, let since):
            "the award is \(status.rawValue.uppercased())" + (since.map { " since \($0.iso8601)" } ?? "")
                + " according to the status list"
        }
    }
}

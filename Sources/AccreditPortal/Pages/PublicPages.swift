import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The pages anyone may see without signing in: the register of awards, checking a certificate (its file or its
/// number) against the live status, and each award's printable certificate.
enum PublicPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/register", access: .anyone) { call in try register(call) },
        PortalRoute(.get, "/certificates/check", access: .anyone) { call in
            call.page("certificate-check", title: "Check a certificate", [:])
        },
        PortalRoute(.post, "/certificates/check", access: .anyone) { call in try check(call) },
        PortalRoute(.get, "/certificates/{number}", access: .anyone) { call in try certificate(call) },
    ]

    /// Each status in words, and the tag colour it shows with.
    static func label(_ status: AwardStatus, conditions: Bool) -> (text: String, tag: String) {
        switch status {
        case .current: conditions ? ("Current, with conditions", "tag-blue") : ("Current", "tag-green")
        case .suspended: ("Suspended", "tag-red")
        case .withdrawn: ("Withdrawn", "tag-red")
        case .expired: ("Expired", "")
        case .superseded: ("Replaced by a later award", "")
        }
    }

    /// One award for the pages: `{number, link, organisation, status, tag, since, expires, current}`.
    static func row(_ award: AwardRegister.Award) -> [String: Any] {
        let entry = award.entry
        let (text, tag) = label(entry.status, conditions: award.conditions)
        var row: [String: Any] = [
            "number": entry.number, "link": "/certificates/" + PortalLinks.escape(entry.number),
            "organisation": award.organisation, "status": text, "statusInSentence": text.lowercased(), "tag": tag,
            "expires": ReadableDates.day(entry.expiresAt), "current": entry.status == .current,
        ]
        if let since = entry.since { row["since"] = ReadableDates.day(since) }
        return row
    }

    /// The register: every award but those replaced, by organisation, optionally of one status.
    static func register(_ call: PortalCall) throws -> PortalResponse {
        let reading = try call.register.reading(desk: call.desk)
        let wanted = call.request.query["status"].flatMap(AwardStatus.init(rawValue:))
        let rows = reading.awards.filter {
            $0.entry.status != .superseded && (wanted == nil || $0.entry.status == wanted)
        }
        .sorted { $0.organisation < $1.organisation }.map(row)
        let filters = [AwardStatus.current, .suspended, .withdrawn, .expired].map { status in
            [
                "value": status.rawValue, "label": label(status, conditions: false).text,
                "current": status == wanted,
            ] as [String: Any]
        }
        return call.page(
            "register", title: "Register of accredited organisations",
            ["awards": rows, "hasAwards": !rows.isEmpty, "asOf": ReadableDates.moment(reading.at), "filters": filters])
    }

    /// Checks a certificate file (authentic: signed by one of the body's keys, unaltered) or a number, against the
    /// live status.
    static func check(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var context: [String: Any] = [:]
        let number: String
        if let text = form.trimmed("file") {
            let signed: SignedCertificate
            do {
                signed = try SignedCertificate(fileText: text)
            } catch {
                return call.page(
                    "certificate-check", title: "Error: check a certificate", status: 422,
                    [
                        "errors": [
                            [
                                "field": "file",
                                "message": "This file is not an Accredit certificate: \(error.description)",
                            ]
                        ],
                        "hasErrors": true,
                    ])
            }
            let keys = try call.desk.registeredSigningKeys()
            let known = keys.first { $0.publicKey == signed.publicKey }
            let authentic = signed.isSignatureValid && known != nil
            context["checkedFile"] = true
            context["authentic"] = authentic
            context["why"] =
                !signed.isSignatureValid
                ? "its signature does not match its content: it has been altered"
                : "it was not signed by one of this body's keys"
            context["fingerprint"] = present(known?.fingerprint)
            number = signed.certificate.number
            context["certificateOrganisation"] = signed.certificate.organisationName
            context["certificateExpires"] = ReadableDates.day(signed.certificate.expiresAt)
        } else if let given = form.trimmed("number") {
            number = given
        } else {
            return call.page(
                "certificate-check", title: "Error: check a certificate", status: 400,
                [
                    "errors": [
                        ["field": "number", "message": "Enter a certificate number or choose a certificate file"]
                    ],
                    "hasErrors": true,
                ])
        }
        let reading = try call.register.reading(desk: call.desk)
        context["number"] = number
        context["asOf"] = ReadableDates.moment(reading.at)
        if let award = reading.awards.first(where: { $0.entry.number == number }) { context["entry"] = row(award) }
        return call.page("certificate-result", title: "Certificate \(number)", context)
    }

    /// An award's certificate, to print, with where it stands now.
    static func certificate(_ call: PortalCall) throws -> PortalResponse {
        let number = call.parameter("number")
        let reading = try call.register.reading(desk: call.desk)
        guard let award = reading.awards.first(where: { $0.entry.number == number }) else {
            throw Problem(status: 404, code: "award.not-found", title: "Page not found", detail: "")
        }
        // A suspended, withdrawn or expired award has no current certificate to read: the page shows the register's
        // entry, with its status.
        let certificate = try? call.desk.certificate(for: award.entry.caseID)
        var context = row(award)
        context["asOf"] = ReadableDates.moment(reading.at)
        if let certificate, certificate.number == number {
            context["outcome"] = PortalLinks.words(certificate.outcome)
            context["framework"] = certificate.framework
            context["issued"] = ReadableDates.day(certificate.issuedAt)
            context["scope"] = certificate.scope.map { ["name": $0.name, "site": $0.siteName] }
            context["hasScope"] = !certificate.scope.isEmpty
            context["notApplicable"] = certificate.notApplicable.joined(separator: ", ")
        }
        return call.page("certificate", title: "Certificate \(number)", context)
    }
}

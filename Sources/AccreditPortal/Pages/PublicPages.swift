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
    static func row(_ entry: AwardStatusList.Entry, desk: CaseDesk, names: [String: String]) -> [String: Any] {
        let certificate = try? desk.certificate(for: entry.caseID)
        let conditions = certificate?.number == entry.number && certificate?.conditions == true
        let (text, tag) = label(entry.status, conditions: conditions)
        var row: [String: Any] = [
            "number": entry.number, "link": "/certificates/" + PortalLinks.escape(entry.number),
            "organisation": names[entry.organisationID] ?? entry.organisationID, "status": text,
            "statusInSentence": text.lowercased(), "tag": tag,
            "expires": PortalDates.day(entry.expiresAt), "current": entry.status == .current,
        ]
        if let since = entry.since { row["since"] = PortalDates.day(since) }
        return row
    }

    /// The register: every award but those replaced, by organisation, optionally of one status.
    static func register(_ call: PortalCall) throws -> PortalResponse {
        let (at, entries) = try call.register.entries(desk: call.desk)
        let names = Dictionary(
            try call.desk.directory.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let wanted = call.request.query["status"].flatMap(AwardStatus.init(rawValue:))
        let rows = entries.filter { $0.status != .superseded && (wanted == nil || $0.status == wanted) }
            .map { row($0, desk: call.desk, names: names) }
            .sorted { ($0["organisation"] as? String ?? "") < ($1["organisation"] as? String ?? "") }
        let filters = [AwardStatus.current, .suspended, .withdrawn, .expired].map { status in
            [
                "value": status.rawValue, "label": label(status, conditions: false).text,
                "current": status == wanted,
            ] as [String: Any]
        }
        return call.page(
            "register", title: "Register of accredited organisations",
            ["awards": rows, "hasAwards": !rows.isEmpty, "asOf": PortalDates.moment(at), "filters": filters])
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
            context["fingerprint"] = known?.fingerprint as Any
            number = signed.certificate.number
            context["certificateOrganisation"] = signed.certificate.organisationName
            context["certificateExpires"] = PortalDates.day(signed.certificate.expiresAt)
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
        let (at, entries) = try call.register.entries(desk: call.desk)
        context["number"] = number
        context["asOf"] = PortalDates.moment(at)
        if let entry = entries.first(where: { $0.number == number }) {
            let names = Dictionary(
                try call.desk.directory.organisations().map { ($0.id, $0.name) },
                uniquingKeysWith: { first, _ in first })
            context["entry"] = row(entry, desk: call.desk, names: names)
        }
        return call.page("certificate-result", title: "Certificate \(number)", context)
    }

    /// An award's certificate, to print, with where it stands now.
    static func certificate(_ call: PortalCall) throws -> PortalResponse {
        let number = call.parameter("number")
        let (at, entries) = try call.register.entries(desk: call.desk)
        guard let entry = entries.first(where: { $0.number == number }) else {
            throw Problem(status: 404, code: "award.not-found", title: "Page not found", detail: "")
        }
        let certificate = try call.desk.certificate(for: entry.caseID)
        let names = Dictionary(
            try call.desk.directory.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var context = row(entry, desk: call.desk, names: names)
        context["asOf"] = PortalDates.moment(at)
        if certificate.number == number {
            context["outcome"] = PortalLinks.words(certificate.outcome)
            context["framework"] = certificate.framework
            context["issued"] = PortalDates.day(certificate.issuedAt)
        }
        return call.page("certificate", title: "Certificate \(number)", context)
    }
}

import Mustache

/// The pages' mustache templates, compiled in, and the stylesheet and script they use.
///
/// Templates escape every `{{value}}` for HTML with ``PortalHTML`` (the layout and every partial begin with its
/// pragma, `{{% CONTENT_TYPE: PORTAL_HTML}}`); none uses `{{{…}}}` or `{{&…}}` (a test holds them to both), so a
/// stored name or note can never become markup.
public struct PageRenderer: Sendable {
    /// The parsed templates.
    let library: MustacheLibrary

    /// Every template, by name (its file name in `Templates/` without `.mustache`).
    static let sources: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache,
        "error-summary": PackageResources.error_summary_mustache,
        "sign-in": PackageResources.sign_in_mustache,
        "home": PackageResources.home_mustache,
        "case": PackageResources.case_mustache,
        "problem": PackageResources.problem_mustache,
        "evidence": PackageResources.evidence_mustache,
        "ratings": PackageResources.ratings_mustache,
        "self-assessment": PackageResources.self_assessment_mustache,
        "decision": PackageResources.decision_mustache,
        "account": PackageResources.account_mustache,
        "invitation": PackageResources.invitation_mustache,
        "invitation-done": PackageResources.invitation_done_mustache,
        "register": PackageResources.register_mustache,
        "certificate-check": PackageResources.certificate_check_mustache,
        "certificate-result": PackageResources.certificate_result_mustache,
        "certificate": PackageResources.certificate_mustache,
        "organisations": PackageResources.organisations_mustache,
        "organisation": PackageResources.organisation_mustache,
        "people": PackageResources.people_mustache,
        "conflicts": PackageResources.conflicts_mustache, "competences": PackageResources.competences_mustache,
        "deadlines": PackageResources.deadlines_mustache,
        "report": PackageResources.report_mustache,
        "definitions": PackageResources.definitions_mustache,
        "case-tabs": PackageResources.case_tabs_mustache,
        "history": PackageResources.history_mustache,
        "replay": PackageResources.replay_mustache,
        "version": PackageResources.version_mustache,
        "case-audit": PackageResources.case_audit_mustache,
        "audit-findings": PackageResources.audit_findings_mustache,
        "store-audit": PackageResources.store_audit_mustache,
        "event-note": PackageResources.event_note_mustache,
        "findings": PackageResources.findings_mustache, "team": PackageResources.team_mustache,
        "scope": PackageResources.scope_mustache,
        "appeals": PackageResources.appeals_mustache, "visits": PackageResources.visits_mustache,
        "complaint-new": PackageResources.complaint_new_mustache,
        "complaint-received": PackageResources.complaint_received_mustache,
        "complaints": PackageResources.complaints_mustache, "complaint": PackageResources.complaint_mustache,
    ]

    /// The assets, by the path they are served at.
    public static let assets: [String: (bytes: [UInt8], mediaType: String)] = [
        "/assets/portal.css": (PackageResources.portal_css, "text/css; charset=utf-8"),
        "/assets/portal.js": (PackageResources.portal_js, "text/javascript; charset=utf-8"),
    ]

    /// Parses every template.
    ///
    /// - Throws: `MustacheTemplate.ParserError` when a template is malformed (a build with a broken template fails
    ///   its first test).
    public init() throws {
        MustacheContentTypes.register(PortalHTML(), named: PortalHTML.name)
        var library = MustacheLibrary()
        for (name, source) in Self.sources {
            try library.register(String(decoding: source, as: UTF8.self), named: name)
        }
        self.library = library
    }

    /// The page `template` rendered with `context`.
    func render(_ template: String, _ context: [String: Any]) -> [UInt8] {
        guard let text = library.render(context, withTemplate: template) else {
            preconditionFailure("the portal has no template named \(template)")
        }
        return Array(text.utf8)
    }
}

/// A value that may be absent, for a template: the value, or `false` when it is nil. (A nil inside `Any` is not
/// nil to the templates: it would render as the text "nil" and open its section.)
func present(_ value: Any?) -> Any {
    value ?? false
}

/// HTML escaping of the UTF-8 bytes `<`, `>`, `&`, `"` and `'`, whatever follows them. (swift-mustache's own escaping
/// compares whole characters, so a quote followed by a combining mark, one grapheme, went through unescaped and
/// could end an attribute; it was also a fifth of the case page's time.)
struct PortalHTML: MustacheContentType {
    /// The name templates give it in their pragma.
    static let name = "PORTAL_HTML"

    /// The text with each special byte replaced by its entity.
    func escapeText(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: Self.isSpecial) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 32)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"): escaped += "&lt;".utf8
            case UInt8(ascii: ">"): escaped += "&gt;".utf8
            case UInt8(ascii: "&"): escaped += "&amp;".utf8
            case UInt8(ascii: "\""): escaped += "&quot;".utf8
            case UInt8(ascii: "'"): escaped += "&#39;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// Whether a byte needs escaping.
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}

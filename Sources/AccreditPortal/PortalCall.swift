import AccreditAPI
import CaseService
import EvidenceStore
import Statecharts

/// What a page's handler is given: the desk, the person looking, the request and the path's parameters.
public struct PortalCall {
    /// The desk, over one database connection.
    public let desk: CaseDesk
    /// The signed-in person, or nil.
    public let viewer: Viewer?
    /// The request.
    public let request: PortalRequest
    /// The path's parameters, such as `case` for `/cases/{case}`.
    public var parameters: [String: String]
    /// What the server holds beside the desk.
    public let environment: APIEnvironment
    /// The templates.
    let renderer: PageRenderer
    /// Where every award stands, for the public pages.
    let register: AwardRegister

    /// The signed-in person.
    ///
    /// - Throws: ``CaseServiceError`` `.unauthenticated` when nobody is signed in (the portal then asks them to).
    public func signedIn() throws -> Viewer {
        guard let viewer else {
            throw CaseServiceError(code: .unauthenticated, message: "sign in to see this page")
        }
        return viewer
    }

    /// The same call, for `viewer`.
    func seenBy(_ viewer: Viewer?) -> PortalCall {
        PortalCall(
            desk: desk, viewer: viewer, request: request, parameters: parameters, environment: environment,
            renderer: renderer, register: register)
    }

    /// A path parameter.
    public func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// Runs an API operation as the signed-in person: the same code, rules and answers as `/api/v1`.
    ///
    /// - Throws: ``Problem`` for every refusal or failure.
    public func api(
        _ method: APIMethod, _ path: String, query: [String: String] = [:], body: Value = .null,
        idempotencyKey: String? = nil
    ) throws(Problem) -> APIResponse {
        var request = APIRequest(
            method, path, query: query, body: body, idempotencyKey: idempotencyKey, remote: self.request.remote)
        request.session = self.request.sessionCookie
        return try APIDispatch.perform(request, actor: viewer?.actor.id, desk: desk, environment: environment)
    }

    /// The page `template` in the layout, with `title` and the page's own `context`.
    public func page(
        _ template: String, title: String, status: Int = 200, _ context: [String: Any] = [:]
    ) -> PortalResponse {
        renderer.page(template, title: title, status: status, context, viewer: viewer, request: request)
    }
}

extension PageRenderer {
    /// The page `template` in the layout, with `title`, the person's navigation and the page's own `context`.
    func page(
        _ template: String, title: String, status: Int, _ context: [String: Any], viewer: Viewer?,
        request: PortalRequest
    ) -> PortalResponse {
        var context = context
        context["title"] = title
        if let viewer {
            context["viewer"] =
                [
                    "name": viewer.actor.name.isEmpty ? viewer.actor.id : viewer.actor.name,
                    "csrf": viewer.csrfToken, "nav": viewer.navigation(current: request.path),
                ] as [String: Any]
        }
        if let notice = request.query["notice"].flatMap({ PortalNotices.text[$0] }) {
            context["notice"] = notice
        }
        return PortalResponse(status: status, body: .html(render(template, context)))
    }
}

/// The confirmations a page shows after a form sends the person back to it (`?notice=…`): fixed texts, so that a
/// link cannot make a page say anything else.
enum PortalNotices {
    /// Each notice's text, by its code.
    static let text: [String: String] = [
        "sent": "Done. The case has been updated.",
        "uploaded": "Your files have been stored and recorded as evidence.",
        "reviewed": "The review has been recorded.",
        "reused": "The evidence is reused in this cycle, for the assessors to review afresh.",
        "rated": "The ratings have been recorded.",
        "self-assessed": "Your self-assessment has been recorded.",
        "decided": "The decision has been recorded.",
        "revoked": "The token has been revoked: it no longer works.",
        "email-saved": "Your e-mail address is saved: reminders of deadlines go to it.",
        "email-removed": "Your e-mail address is removed: no reminder goes to you by e-mail.",
        "signed-out": "You have signed out.",
        "registered": "The organisation has been registered.",
        "added": "The person has been added. Invite them to set their password.",
        "declared": "The conflict of interest has been recorded.",
        "recorded": "The training has been recorded.",
        "triaged": "The complaint has been triaged.",
        "closed": "The complaint has been closed.",
        "erased": "The complainant's details have been erased.",
        "planned": "The visit has been planned. The organisation is not told.",
        "site-recorded": "The site has been recorded.",
        "service-recorded": "The service has been recorded. Cases can now include it in their scope.",
        "moved": "The case has moved to the new version of its workflow. Its history shows the move.",
    ]
}

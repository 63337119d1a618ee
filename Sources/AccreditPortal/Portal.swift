import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The web portal: server-rendered pages over the same operations, rules and sign-in as the API. The server hands
/// it each browser request with a desk; it answers with a page, a redirect or a file.
public struct Portal: Sendable {
    /// The templates.
    let renderer: PageRenderer
    /// Where every award stands, read at most every few seconds.
    let register: AwardRegister

    /// Every page and form.
    static let routes: [PortalRoute] =
        SignInPages.routes + HomePage.routes + CasePage.routes + FindingsPage.routes + TeamPage.routes
        + AppealPage.routes + VisitsPage.routes + ScopePage.routes + OrganisationServicesPage.routes
        + ComplaintPages.routes
        + CompetencePages.routes
        + EvidencePage.routes
        + RatingsPage.routes + SelfAssessmentPage.routes + DecisionPage.routes + EventNotePage.routes
        + AuditPages.routes + VersionPage.routes
        + DirectoryPages.routes + OperationsPages.routes + DefinitionsPage.routes
        + AccountPages.routes + PublicPages.routes

    /// Creates the portal, parsing its templates; the public register's reading of every award is reused for
    /// `registerSeconds` (0: read on every request).
    ///
    /// - Throws: when a compiled-in template is malformed.
    public init(registerSeconds: Int64 = 10) throws {
        renderer = try PageRenderer()
        register = AwardRegister(seconds: registerSeconds)
    }

    /// Every page's and form's method and path template (`/cases/{case}`), for the server's router.
    public static var pages: [(method: APIMethod, path: String)] { routes.map { ($0.method, $0.path) } }

    /// The compiled-in templates' names.
    public static var templateNames: Set<String> { Set(PageRenderer.sources.keys) }

    /// The assets' paths.
    public static var assetPaths: [String] { PageRenderer.assets.keys.sorted() }

    /// The page for a problem met before a desk was reached (a malformed form, the database unreachable): shown as
    /// to someone not signed in.
    public func standalone(_ problem: Problem) -> PortalResponse {
        let (title, context) = Self.problemContext(problem)
        return renderer.page(
            "problem", title: title, status: problem.status, context, viewer: nil, request: PortalRequest(.get, "/"))
    }

    /// The most bytes a form sent to `path` may have when that is more than a few fields (publishing a
    /// definition's file); nil for every other form. The server reads such a form only from someone signed in.
    public static func formLimit(_ path: String) -> Int? {
        path == "/definitions" ? DefinitionsPage.maximumFormBytes : nil
    }

    /// Whether some page has this path (for any method): the server hands the portal only these, and its assets.
    public static func serves(_ path: String) -> Bool {
        PageRenderer.assets[path] != nil || routes.contains { $0.match(path) != nil }
    }

    /// Answers a browser's request.
    ///
    /// - Parameters:
    ///   - crossSite: Whether the browser said the request came from another site (`Sec-Fetch-Site` or `Origin`):
    ///     a form sent from elsewhere is refused whatever it carries.
    public func respond(
        _ request: PortalRequest, desk: CaseDesk, environment: APIEnvironment = APIEnvironment(),
        crossSite: Bool = false
    ) -> PortalResponse {
        if request.method == .get, let asset = PageRenderer.assets[request.path] {
            return PortalResponse(status: 200, body: .asset(asset.bytes, mediaType: asset.mediaType))
        }
        var call = PortalCall(
            desk: desk, viewer: nil, request: request, parameters: [:], environment: environment, renderer: renderer,
            register: register)
        do {
            call = call.seenBy(try Self.viewer(request, desk: desk))
            return try answer(call, crossSite: crossSite)
        } catch {
            return problemPage(Problem(error), call: call)
        }
    }

    /// Whether the page or form at `path` only reads, so that a read replica (a streaming standby) that has
    /// applied every write the server made may answer it: a case's history, replay and verification, the store's
    /// verification and the report, as their API routes are.
    public static func readsFromReplica(_ method: APIMethod, _ path: String) -> Bool {
        routes.first { $0.method == method && $0.match(path) != nil }?.replica ?? false
    }

    /// The signed-in person, or nil when the request has no session or one that has ended: found on the primary
    /// before a page is read from a replica, so that a session ended there is never honoured.
    ///
    /// - Throws: ``Problem`` when the database fails.
    public func signedIn(_ request: PortalRequest, desk: CaseDesk) throws(Problem) -> Viewer? {
        do {
            return try Self.viewer(request, desk: desk)
        } catch {
            throw Problem(error)
        }
    }

    /// Answers a request as `viewer`, who was found signed in on another desk (the primary, when `desk` is over a
    /// read replica).
    ///
    /// - Throws: ``Problem`` 503 when `desk` failed (a replica's connection lost, or a read cancelled by its
    ///   replay), so that another desk may answer instead; every other refusal or failure is a page.
    public func respond(
        _ request: PortalRequest, as viewer: Viewer, desk: CaseDesk, environment: APIEnvironment = APIEnvironment(),
        crossSite: Bool = false
    ) throws(Problem) -> PortalResponse {
        let call = PortalCall(
            desk: desk, viewer: viewer, request: request, parameters: [:], environment: environment,
            renderer: renderer, register: register)
        return try answer(call, crossSite: crossSite)
    }

    /// Finds the request's route and runs it for the call's viewer.
    ///
    /// - Throws: ``Problem`` 503 when the desk failed; every other problem is answered with a page.
    private func answer(_ call: PortalCall, crossSite: Bool) throws(Problem) -> PortalResponse {
        let request = call.request
        let matching = Self.routes.compactMap { route in route.match(request.path).map { (route, $0) } }
        guard let (route, parameters) = matching.first(where: { $0.0.method == request.method }) else {
            let status = matching.isEmpty ? 404 : 405
            return problemPage(
                Problem(
                    status: status, code: status == 404 ? "route.not-found" : "route.method-not-allowed",
                    title: status == 404 ? "Page not found" : "Method not allowed", detail: ""), call: call)
        }
        var routed = call
        routed.parameters = parameters
        if route.access == .signedIn, call.viewer == nil {
            return .seeOther("/sign-in?next=" + PortalLinks.escape(request.method == .get ? request.target : "/"))
        }
        if request.method == .post, let refusal = Self.formRefusal(request, viewer: call.viewer, crossSite: crossSite) {
            return problemPage(refusal, call: routed)
        }
        do {
            return try route.handler(routed)
        } catch {
            let problem = Problem(error, caseID: parameters["case"])
            if problem.status == 503 { throw problem }
            return problemPage(problem, call: routed)
        }
    }

    /// Why a form must not be acted on, or nil: it came from another site, or a signed-in person's form lacks the
    /// session's CSRF token.
    static func formRefusal(_ request: PortalRequest, viewer: Viewer?, crossSite: Bool) -> Problem? {
        if crossSite {
            return Problem(
                status: 403, code: "portal.cross-site", title: "This form came from another site",
                detail: "the form was sent from another web site, so it was not acted on: use this site's own pages")
        }
        if let viewer,
            !Secrets.constantTimeEqual(Array((request.form["csrf"] ?? "").utf8), Array(viewer.csrfToken.utf8))
        {
            return Problem(
                status: 403, code: "portal.csrf", title: "This form has expired",
                detail: "the form was not sent from your current session (it may be from an earlier sign-in): go "
                    + "back, reload the page and send it again")
        }
        return nil
    }

    /// The person sending a form whose body the server streams (evidence files), checked as every form is: signed
    /// in, from this site, and (unless `token` is false: before the body is read) with the session's token
    /// (`request.form` holds the fields that came before the files).
    ///
    /// - Throws: ``Problem`` 401 when nobody is signed in, 403 for a form from elsewhere or without the token.
    public func formSender(
        _ request: PortalRequest, desk: CaseDesk, crossSite: Bool, token: Bool = true
    ) throws(Problem) -> Viewer {
        let viewer: Viewer?
        do {
            viewer = try Self.viewer(request, desk: desk)
        } catch {
            throw Problem(error)
        }
        guard let viewer else {
            throw Problem(CaseServiceError(code: .unauthenticated, message: "sign in to send this form"))
        }
        if let refusal = Self.formRefusal(request, viewer: token ? viewer : nil, crossSite: crossSite) {
            throw refusal
        }
        return viewer
    }

    /// The answer to an upload form that was refused: the case page with the refusal at the top when the person can
    /// correct it there, else the refusal's own page (or signing in).
    public func uploadRefused(
        _ problem: Problem, caseID: String, request: PortalRequest, desk: CaseDesk,
        environment: APIEnvironment = APIEnvironment()
    ) -> PortalResponse {
        let viewer = try? Self.viewer(request, desk: desk)
        let call = PortalCall(
            desk: desk, viewer: viewer ?? nil, request: request, parameters: ["case": caseID],
            environment: environment, renderer: renderer, register: register)
        guard PortalForms.isCorrectable(problem) || problem.status == 408, viewer != nil else {
            return problemPage(problem, call: call)
        }
        do {
            return try CasePage.render(
                call, errors: [["field": "upload", "message": Self.sentence(problem.detail) ?? problem.title]],
                status: problem.status)
        } catch {
            return problemPage(Problem(error, caseID: caseID), call: call)
        }
    }

    /// The signed-in person, or nil when the request has no session or one that has ended.
    ///
    /// - Throws: what the desk throws besides an ended session (the database failing).
    static func viewer(_ request: PortalRequest, desk: CaseDesk) throws -> Viewer? {
        guard let cookie = request.sessionCookie, !cookie.isEmpty else { return nil }
        let actor: Actor
        let csrf: String
        do {
            (actor, csrf) = try desk.session(cookie: cookie)
        } catch let error as CaseServiceError where error.code == .unauthenticated {
            return nil
        }
        return Viewer(actor: actor, kinds: try desk.publishedRoleKinds().kinds(of: actor.roles), csrfToken: csrf)
    }

    /// The page for a refusal or failure: sign in for 401; "page not found" for 404, also for a case the person may
    /// not see (so that guessing learns nothing); the rule that refused for 403 and 422.
    func problemPage(_ problem: Problem, call: PortalCall) -> PortalResponse {
        if problem.status == 401 {
            return .seeOther(
                "/sign-in?next=" + PortalLinks.escape(call.request.method == .get ? call.request.target : "/"))
        }
        let (title, base) = Self.problemContext(problem)
        var context = base
        if let caseID = problem.caseID, problem.status != 404 { context["back"] = PortalLinks.casePage(caseID) }
        return call.page("problem", title: title, status: problem.status, context)
    }

    /// A problem page's title and context: "page not found" for 404, the rule that refused for 403 and 422, and no
    /// detail for a failure of the service (which says nothing a person can act on).
    static func problemContext(_ problem: Problem) -> (String, [String: Any]) {
        var context: [String: Any] = ["status": problem.status]
        let title: String
        switch problem.status {
        case 404:
            title = "Page not found"
            context["notFound"] = true
        case 500...:
            title = "Sorry, there is a problem with the service"
            context["unavailable"] = true
        case 403 where !problem.code.hasPrefix("portal."):
            title = "You cannot do this"
            context["detail"] = sentence(problem.detail)
            context["rule"] = problem.rule
        default:
            title = problem.title
            context["detail"] = sentence(problem.detail)
            context["rule"] = problem.rule
        }
        return (title, context)
    }

    /// A detail as a sentence: capitalised, ending with a full stop.
    static func sentence(_ text: String) -> String? {
        guard let first = text.first else { return nil }
        let body = first.uppercased() + text.dropFirst()
        return body.hasSuffix(".") || body.hasSuffix("?") ? body : body + "."
    }
}

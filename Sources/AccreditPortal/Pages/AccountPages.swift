import AccreditAPI
import EvidenceStore
import Statecharts

/// The person's own account: their tokens for scripts and the command-line tool (made with the password again,
/// shown once, revocable), and setting a password from an invitation.
enum AccountPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/account") { call in try account(call) },
        PortalRoute(.post, "/account/tokens") { call in try createToken(call) },
        PortalRoute(.post, "/account/email") { call in try recordEmail(call) },
        PortalRoute(.post, "/account/tokens/{token}/revoke") { call in
            _ = try call.api(.delete, "/api/v1/tokens/\(PortalLinks.escape(call.parameter("token")))")
            return .seeOther("/account?notice=revoked")
        },
        PortalRoute(.get, "/invitation", access: .anyone) { call in invitation(call) },
        PortalRoute(.post, "/invitation", access: .anyone) { call in try redeem(call) },
    ]

    /// The account page, with a token just made (shown this once) or the errors of the last attempt.
    static func account(
        _ call: PortalCall, issued: Value? = nil, errors: [[String: Any]] = [], status: Int = 200
    ) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let listed = try call.api(.get, "/api/v1/tokens").json
        let tokens = (listed.objectValue?["tokens"]?.arrayValue ?? []).compactMap { $0.objectValue }.map { token in
            [
                "id": token["id"]?.stringValue ?? "", "name": token["name"]?.stringValue ?? "",
                "expires": date(token["expiresAt"]) ?? "", "lastUsed": date(token["lastUsedAt"]) ?? "Never",
                "revoked": present(date(token["revokedAt"])), "live": token["revokedAt"] == .null,
            ] as [String: Any]
        }
        var context: [String: Any] = [
            "actor": viewer.actor.id, "name": viewer.actor.name,
            "roles": viewer.actor.roles.sorted().joined(separator: ", "),
            "organisation": present(viewer.actor.organisation), "tokens": tokens, "hasTokens": !tokens.isEmpty,
            "errors": errors, "hasErrors": !errors.isEmpty, "tokenName": call.request.form["name"] ?? "",
            "email": present(viewer.actor.email),
            "emailField": call.request.method == .post
                ? (call.request.form["email"] ?? "") : (viewer.actor.email ?? ""),
        ]
        if let issued = issued?.objectValue {
            context["issued"] = [
                "secret": issued["token"]?.stringValue ?? "", "name": issued["name"]?.stringValue ?? "",
                "expires": date(issued["expiresAt"]) ?? "",
            ]
        }
        return call.page("account", title: (errors.isEmpty ? "" : "Error: ") + "Your account", status: status, context)
    }

    /// Makes a token after checking the password (and code) again, as the API does.
    static func createToken(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("name") == nil {
            errors.append(["field": "name", "message": "Name the token, such as the script that uses it"])
        }
        if (form["password"] ?? "").isEmpty {
            errors.append(["field": "token-password", "message": "Enter your password"])
        }
        guard errors.isEmpty else { return try account(call, errors: errors, status: 400) }
        var body: [String: Value] = [
            "name": .string(form.trimmed("name") ?? ""), "password": .string(form["password"] ?? ""),
        ]
        if let code = form.trimmed("totp") { body["totp"] = .string(code) }
        if let days = form.trimmed("days").flatMap(Int64.init) { body["days"] = .integer(days) }
        let issued: APIResponse
        do {
            issued = try call.api(.post, "/api/v1/tokens", body: .object(body))
        } catch {
            guard [400, 401, 409, 422].contains(error.status) else { throw error }
            return try account(call, errors: [["field": "name", "message": error.detail]], status: error.status)
        }
        return try account(call, issued: issued.json, status: 201)
    }

    /// Records (or, left empty, removes) the person's own e-mail address for reminders, through the API.
    static func recordEmail(_ call: PortalCall) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let address = call.request.form.trimmed("email")
        do {
            _ = try call.api(
                .post, "/api/v1/actors/\(PortalLinks.escape(viewer.actor.id))/email",
                body: ["email": address.map(Value.string) ?? .null])
        } catch {
            guard error.status == 422 else { throw error }
            return try account(
                call, errors: [["field": "email", "message": "Enter an address such as name@example.org"]],
                status: 422)
        }
        return .seeOther("/account?notice=" + (address == nil ? "email-removed" : "email-saved"))
    }

    /// The form to set a password from an invitation code.
    static func invitation(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) -> PortalResponse {
        call.page(
            "invitation", title: (errors.isEmpty ? "" : "Error: ") + "Set your password", status: status,
            [
                "errors": errors, "hasErrors": !errors.isEmpty,
                "code": call.request.form["code"] ?? call.request.query["code"] ?? "",
            ])
    }

    /// Sets the password with the invitation's code, then asks the person to sign in.
    static func redeem(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("code") == nil {
            errors.append(["field": "code", "message": "Enter the code from your invitation"])
        }
        let password = form["password"] ?? ""
        if password.isEmpty { errors.append(["field": "new-password", "message": "Choose a password"]) }
        if password != (form["confirm"] ?? "") {
            errors.append(["field": "confirm", "message": "The two passwords are not the same"])
        }
        guard errors.isEmpty else { return invitation(call, errors: errors, status: 400) }
        let redeemed: APIResponse
        do {
            redeemed = try call.api(
                .post, "/api/v1/invitations/redeem",
                body: ["code": .string(form.trimmed("code") ?? ""), "password": .string(password)])
        } catch {
            guard [400, 401, 404, 409, 422].contains(error.status) else { throw error }
            return invitation(call, errors: [["field": "code", "message": error.detail]], status: error.status)
        }
        let fields = redeemed.json.objectValue ?? [:]
        return call.page(
            "invitation-done", title: "Your password is set",
            [
                "actor": fields["actor"]?.stringValue ?? "", "totpSecret": present(fields["totpSecret"]?.stringValue),
                "totpURI": present(fields["totpURI"]?.stringValue),
            ])
    }

    /// A stored time as a day, or nil.
    static func date(_ value: Value?) -> String? {
        guard let text = value?.stringValue, let instant = Instant(iso8601: text) else { return nil }
        return ReadableDates.day(instant)
    }
}

import AccreditAPI
import Statecharts

/// Signing in (a password, and a code from an authenticator app where the account needs one) and signing out.
enum SignInPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/sign-in", access: .anyone) { call in
            if call.viewer != nil { return .seeOther(PortalLinks.safeReturn(call.request.query["next"])) }
            return form(call)
        },
        PortalRoute(.post, "/sign-in", access: .anyone) { call in try signIn(call) },
        PortalRoute(.post, "/sign-out") { call in
            let response = try call.api(.delete, "/api/v1/auth/session")
            return .seeOther("/sign-in?notice=signed-out", session: response.session ?? .ended)
        },
    ]

    /// Signs in with the form's user name, password and code, and goes where the person was going.
    static func signIn(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("actor") == nil {
            errors.append(["field": "actor", "message": "Enter your user name"])
        }
        if (form["password"] ?? "").isEmpty {
            errors.append(["field": "password", "message": "Enter your password"])
        }
        guard errors.isEmpty else { return Self.form(call, errors: errors, status: 400) }
        var body: [String: Value] = [
            "actor": .string(form.trimmed("actor") ?? ""), "password": .string(form["password"] ?? ""),
        ]
        if let code = form.trimmed("totp") { body["totp"] = .string(code) }
        let response: APIResponse
        do {
            response = try call.api(.post, "/api/v1/auth/session", body: .object(body))
        } catch {
            guard [400, 401, 422].contains(error.status) else { throw error }
            return Self.form(call, errors: [["field": "actor", "message": error.detail]], status: error.status)
        }
        return .seeOther(PortalLinks.safeReturn(form["next"]), session: response.session)
    }

    /// The sign-in form, with the errors of the last attempt.
    static func form(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) -> PortalResponse {
        call.page(
            "sign-in", title: errors.isEmpty ? "Sign in" : "Error: sign in", status: status,
            [
                "errors": errors, "hasErrors": !errors.isEmpty,
                "actor": call.request.form["actor"] ?? "",
                "next": PortalLinks.safeReturn(call.request.form["next"] ?? call.request.query["next"]),
            ])
    }
}

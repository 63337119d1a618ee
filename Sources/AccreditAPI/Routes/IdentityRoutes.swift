import CaseService
import EvidenceStore
import Statecharts

/// Signing in and out, invitations, tokens and who the caller is.
public enum IdentityRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.post, "/api/v1/auth/token", operationID: "signInForToken", access: .anyone) { call in
            let fields = try RequestFields(call.request.body)
            let actor = try call.desk.signIn(
                actorID: try fields.string("actor"), password: try fields.string("password"),
                totp: try fields.optionalString("totp"), remote: call.request.remote)
            let issued = try call.desk.createToken(
                for: actor.id, name: try fields.optionalString("name"),
                days: try fields.optionalInteger("days"), by: .actor(actor.id))
            return .json(IdentityRoutes.issued(issued), status: 201)
        },
        APIRoute(.post, "/api/v1/auth/session", operationID: "signIn", access: .anyone) { call in
            let fields = try RequestFields(call.request.body)
            let actor = try call.desk.signIn(
                actorID: try fields.string("actor"), password: try fields.string("password"),
                totp: try fields.optionalString("totp"), remote: call.request.remote)
            let session = try call.desk.startSession(for: actor, remote: call.request.remote)
            var response = APIResponse.json(
                ["actor": .string(actor.id), "csrfToken": .string(session.csrfToken)], status: 201)
            response.session = .started(session)
            return response
        },
        APIRoute(.delete, "/api/v1/auth/session", operationID: "signOut") { call in
            _ = try call.signedIn()
            guard let cookie = call.request.session else {
                throw Problem.badRequest(
                    "this request signed in with a token, not a browser session; revoke a token with "
                        + "DELETE /api/v1/tokens/{token}", code: "auth.no-session")
            }
            try call.desk.endSession(cookie: cookie, remote: call.request.remote)
            return APIResponse(status: 204, body: .empty, session: .ended)
        },
        APIRoute(.post, "/api/v1/invitations/redeem", operationID: "redeemInvitation", access: .anyone) { call in
            let fields = try RequestFields(call.request.body)
            let redeemed = try call.desk.redeemInvitation(
                code: try fields.string("code"), password: try fields.string("password"), remote: call.request.remote)
            return .json([
                "actor": .string(redeemed.actorID), "totpSecret": redeemed.totpSecret.map(Value.string) ?? .null,
                "totpURI": redeemed.totpURI.map(Value.string) ?? .null,
            ])
        },
        APIRoute(.post, "/api/v1/invitations", operationID: "invite") { call in
            let fields = try RequestFields(call.request.body)
            let issued = try call.desk.invite(
                try fields.string("actor"), requireTOTP: try fields.optionalBool("requireTOTP") ?? false,
                by: .actor(try call.signedIn()))
            return .json(invitation(issued), status: 201)
        },
        APIRoute(.get, "/api/v1/me", operationID: "whoAmI") { call in
            .json(IdentityViews.actor(try call.desk.directory.actor(try call.signedIn())))
        },
        APIRoute(.get, "/api/v1/tokens", operationID: "listTokens") { call in
            let actor = try call.signedIn()
            let of = call.request.query["actor"] ?? actor
            let tokens = try call.desk.tokens(of: of == "*" ? nil : of, as: .actor(actor))
            return .json(["tokens": .array(tokens.map(IdentityViews.token))])
        },
        APIRoute(.post, "/api/v1/tokens", operationID: "createToken") { call in
            let actor = try call.signedIn()
            let fields = try RequestFields(call.request.body)
            // A lasting credential is made only by someone who knows the password now, not by whoever holds a
            // session or a token: the password (and TOTP code) is checked again, with the lockout.
            _ = try call.desk.signIn(
                actorID: actor, password: try fields.string("password"), totp: try fields.optionalString("totp"),
                remote: call.request.remote)
            let issued = try call.desk.createToken(
                for: actor, name: try fields.string("name"), days: try fields.optionalInteger("days"), by: .actor(actor)
            )
            return .json(IdentityRoutes.issued(issued), status: 201)
        },
        APIRoute(.delete, "/api/v1/tokens/{token}", operationID: "revokeToken") { call in
            let record = try call.desk.revokeToken(call.parameter("token"), by: .actor(try call.signedIn()))
            return .json(IdentityViews.token(record))
        },
        APIRoute(.get, "/api/v1/auth/log", operationID: "authenticationLog") { call in
            let actor = try call.signedIn()
            let of = call.request.query["actor"] ?? actor
            let limit = try call.queryInteger("limit", default: 100, in: 1...1000)
            let events = try call.desk.authenticationLog(of: of == "*" ? nil : of, limit: limit, as: .actor(actor))
            return .json(["events": .array(events.map(IdentityViews.authEvent))])
        },
    ]

    /// An invitation just made: `{actor, code, expiresAt}`; the only time `code` is shown.
    public static func invitation(_ issued: IssuedInvitation) -> Value {
        [
            "actor": .string(issued.record.actorID), "code": .string(issued.code),
            "expiresAt": .string(issued.record.expiresAt.iso8601),
        ]
    }

    /// A token just issued: `{token, id, actor, name, expiresAt}`; the only time `token` is shown.
    public static func issued(_ issued: IssuedToken) -> Value {
        guard case .object(var fields) = IdentityViews.token(issued.record) else { return .null }
        fields["token"] = .string(issued.secret)
        return .object(fields)
    }
}

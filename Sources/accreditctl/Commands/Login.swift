import AccreditAPI
import ArgumentParser
import Foundation
import Statecharts

extension Accreditctl {
    /// `accreditctl login SERVER`: sign in to the server and keep a token for the commands that follow.
    struct Login: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign in to an accredit server; later commands then run through it as you.",
            discussion: """
                Asks for your actor id, password and, if your account has one, a code from your authenticator app, \
                and stores a personal access token for this machine in ~/.config/accredit/login.json (mode 0600; \
                XDG_CONFIG_HOME is honoured). From then on every command runs through the server, as you: --as is \
                refused. With --invitation, first sets your password from the one-time code an administrator gave \
                you (and shows your TOTP secret, once, when your account requires one). Sign out with: accreditctl \
                logout. When standard input is not a terminal, the answers are read from it, one per line.

                Examples:
                  accreditctl login https://accredit.example.org
                  accreditctl login http://127.0.0.1:8080 --actor ann
                  accreditctl login http://127.0.0.1:8080 --invitation inv_…
                """)

        @Argument(help: "The server's URL, such as https://accredit.example.org.")
        var server: String

        @Option(help: ArgumentHelp("Your actor id (asked when not given).", valueName: "id"))
        var actor: String?

        @Option(help: ArgumentHelp("A one-time invitation code: set your password first.", valueName: "code"))
        var invitation: String?

        @Option(help: "A name for this machine's token.")
        var name = "accreditctl on \(ProcessInfo.processInfo.hostName)"

        func validate() throws {
            guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError(
                    "Please give the server as an http or https URL, such as https://accredit.example.org.")
            }
        }

        func run() throws {
            try reportingFailures {
                guard let url = URL(string: server) else { return }
                let anonymous = ClientMode(server: url, token: "")
                var actorID = actor
                var password: String
                if let invitation {
                    password = try Prompt.secret("choose a password (12 characters or more): ")
                    guard try Prompt.secret("again: ") == password else {
                        throw CommandFailure(.invalid, "the two passwords differ; nothing was changed")
                    }
                    let redeemed = try anonymous.json(
                        .post, "/api/v1/invitations/redeem",
                        body: ["code": .string(invitation), "password": .string(password)])
                    actorID = redeemed["actor"]?.stringValue
                    if let secret = redeemed["totpSecret"]?.stringValue {
                        StandardError.print(
                            "your account needs a code from an authenticator app at every sign-in. Add this secret "
                                + "to the app now (it is not shown again):\n  \(secret)\n  "
                                + (redeemed["totpURI"]?.stringValue ?? ""))
                    }
                } else {
                    if actorID == nil { actorID = try Prompt.line("actor id: ") }
                    password = try Prompt.secret("password: ")
                }
                guard let actorID, !actorID.isEmpty else {
                    throw CommandFailure(.invalid, "Please give your actor id.")
                }
                var body: [String: Value] = [
                    "actor": .string(actorID), "password": .string(password),
                    "name": .string(String(name.prefix(100))),
                ]
                let issued: Value
                do {
                    issued = try anonymous.json(.post, "/api/v1/auth/token", body: .object(body))
                } catch let problem as Problem where problem.code == "auth.totp-required" {
                    body["totp"] = .string(try Prompt.line("code from your authenticator app: "))
                    issued = try anonymous.json(.post, "/api/v1/auth/token", body: .object(body))
                }
                password = ""
                guard let token = issued["token"]?.stringValue else {
                    throw CommandFailure(.environment, "the server answered without a token")
                }
                try StoredLogin(server: url.absoluteString, token: token, actor: actorID).save()
                Output.line(
                    "signed in to \(url.absoluteString) as \(actorID); token \(issued["id"]?.stringValue ?? "") "
                        + "expires \(issued["expiresAt"]?.stringValue ?? "?") (stored in \(StoredLogin.path()))")
            }
        }
    }

    /// `accreditctl logout`: forget the stored sign-in (and revoke its token on the server).
    struct Logout: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Sign out: revoke the stored token on the server and forget it; commands run in direct mode again.",
            discussion: """
                Examples:
                  accreditctl logout
                """)

        func run() throws {
            try reportingFailures {
                guard let stored = StoredLogin.load(), let url = URL(string: stored.server) else {
                    Output.line("not signed in")
                    return
                }
                let client = ClientMode(server: url, token: stored.token)
                let me = try? client.json(.get, "/api/v1/tokens")
                let id = me?["tokens"]?.arrayValue?.first { token in
                    token["revokedAt"] == .null && token["name"] != nil
                        && stored.token.hasPrefix("acc_" + (token["id"]?.stringValue ?? "-") + "_")
                }?["id"]?.stringValue
                if let id { _ = try? client.json(.delete, "/api/v1/tokens/\(id)") }
                _ = StoredLogin.remove()
                Output.line("signed out of \(stored.server)\(id == nil ? "" : "; token \(id ?? "") revoked")")
            }
        }
    }
}

import AccreditAPI
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Actor {
    /// `accreditctl actor invite ACTOR [--require-totp]`.
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite a person to set a password for the server; prints a one-time code.",
            discussion: """
                The code works once, for 7 days, and ends any earlier invitation of the same person (so inviting \
                again resets a forgotten password). With --require-totp the person must also sign in with a code \
                from an authenticator app; the secret is shown when they redeem the invitation. Run by the \
                operator in direct mode, or by an administrator through the server.

                Examples:
                  accreditctl actor invite ann
                  accreditctl actor invite lee --require-totp
                  accreditctl login https://accredit.example.org --invitation inv_…
                """)

        @Argument(help: "The actor to invite.")
        var actor: String

        @Flag(help: "Require a TOTP code at every sign-in (recommended for staff).")
        var requireTOTP = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let value: Value
                if let client = try ClientMode.current() {
                    value = try client.json(
                        .post, "/api/v1/invitations",
                        body: ["actor": .string(actor), "requireTOTP": .bool(requireTOTP)])
                } else {
                    let issued = try Context.desk().invite(
                        actor, requireTOTP: requireTOTP, by: .operator(Context.osUser))
                    value = IdentityRoutes.invitation(issued)
                }
                if output.json {
                    Output.json(value)
                } else {
                    Output.line(value["code"]?.stringValue ?? "")
                    StandardError.print(
                        "invitation for \(actor), valid until \(value["expiresAt"]?.stringValue ?? "?")"
                            + (requireTOTP ? ", TOTP required" : "") + "; shown once. They set a password with: "
                            + "accreditctl login SERVER --invitation CODE")
                }
            }
        }
    }
}

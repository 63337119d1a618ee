import AccreditAPI
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Token {
    /// `accreditctl token revoke ID`.
    struct TokenRevoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a personal access token; it stops working at once.",
            discussion: """
                Examples:
                  accreditctl token revoke 4k2m9x7q1bza
                """)

        @Argument(help: "The token's id, from accreditctl token list.")
        var id: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let value: Value
                if let client = try ClientMode.current() {
                    value = try client.json(.delete, "/api/v1/tokens/\(ClientMode.segment(id))")
                } else {
                    value = IdentityViews.token(try Context.desk().revokeToken(id, by: .operator(Context.osUser)))
                }
                if output.json {
                    Output.json(value)
                } else {
                    Output.line(
                        "revoked token \(id) (\(value["name"]?.stringValue ?? "")) of "
                            + "\(value["actor"]?.stringValue ?? "")")
                }
            }
        }
    }
}

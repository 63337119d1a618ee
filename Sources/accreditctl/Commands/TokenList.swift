import AccreditAPI
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Token {
    /// `accreditctl token list [--for ACTOR]`.
    struct TokenList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List personal access tokens (never their secrets).",
            discussion: """
                In direct mode the operator sees every token, or one actor's with --for; through the server you see \
                your own (an administrator may give --for).

                Examples:
                  accreditctl token list
                  accreditctl token list --for ann --json
                """)

        @Option(name: .customLong("for"), help: ArgumentHelp("Only this actor's tokens.", valueName: "actor"))
        var actor: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let value: Value
                if let client = try ClientMode.current() {
                    value = try client.json(.get, "/api/v1/tokens", query: actor.map { ["actor": $0] } ?? [:])
                } else {
                    let tokens = try Context.desk().tokens(of: actor, as: .operator(Context.osUser))
                    value = ["tokens": .array(tokens.map(IdentityViews.token))]
                }
                Listing<Value>(
                    key: "tokens", header: ["ID", "ACTOR", "NAME", "EXPIRES", "LAST USED", "REVOKED"],
                    empty: "no tokens",
                    row: { token in
                        [
                            token["id"]?.stringValue ?? "", token["actor"]?.stringValue ?? "",
                            token["name"]?.stringValue ?? "", token["expiresAt"]?.stringValue ?? "",
                            token["lastUsedAt"]?.stringValue ?? "-", token["revokedAt"]?.stringValue ?? "-",
                        ]
                    }, value: { $0 }
                ).print(value["tokens"]?.arrayValue ?? [], json: output.json)
            }
        }
    }
}

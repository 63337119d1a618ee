import ArgumentParser

extension Accreditctl {
    /// `accreditctl token`: personal access tokens for scripts and the command-line tool.
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create, list and revoke personal access tokens for the server.",
            discussion: """
                A token acts as one actor through the server (Authorization: Bearer TOKEN). It is shown once, \
                stored only as a hash, named, expires (90 days unless you say), and can be revoked. An operator \
                creates tokens for anyone in direct mode (on the server's host); signed-in people create their own \
                with accreditctl login.

                Examples:
                  accreditctl token create --for ann --name laptop --expires 2027-03-01
                  accreditctl token list --for ann
                  accreditctl token revoke 4k2m9x7q1bza
                """,
            subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self]
        )
    }
}

import ArgumentParser

extension Accreditctl {
    /// `accreditctl award`: award certificates.
    struct Award: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, export and verify signed award certificates.",
            discussion: """
                A certificate names the organisation, the framework version, the outcome and conditions, the issue and \
                expiry dates, and the head of the case's hash chain at the decision. It is signed with the body's \
                Ed25519 key (ACCREDIT_HOME/keys/signing-key, created by `accreditctl init`), and can be verified \
                anywhere without a database against the body's published key. The body's signed status list says \
                whether each award is still in force (current, suspended, withdrawn, expired or superseded).

                Examples:
                  accreditctl award show DEMO-1 --as sam
                  accreditctl award export DEMO-1 --out riverside-award.json --as sam
                  accreditctl award status --out award-status.json --as sam
                  accreditctl award verify riverside-award.json --trusted-key keys.txt \\
                    --status award-status.json
                """,
            subcommands: [AwardShow.self, AwardExport.self, AwardVerify.self, AwardStatusCommand.self]
        )
    }
}

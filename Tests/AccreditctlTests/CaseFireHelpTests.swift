import ArgumentParser
import Testing

@testable import accreditctl

struct CaseFireHelpTests {
    @Test func caseFireHelpIsPinned() {
        let help = Accreditctl.helpMessage(for: Accreditctl.Case.Fire.self, columns: 100)
        #expect(
            help == """
                OVERVIEW: Send an event to a case as an actor.

                The event is checked against the actor's roles, the organisation binding, impartiality and the
                workflow's guards, then appended to the case's log. A refusal exits 1 and names the rule. When
                another writer changes the case first, the event is checked again against the changed case and
                retried (the last of 8 attempts holds the case's lock, so it cannot lose); with --expect-version it
                is not retried but exits 3 when the case is at another version. With --request-id, retrying after a
                crash or a lost reply is safe: the event is appended once. See what you may send with: accreditctl
                case next. The event happens at the store's time (the database server's clock); no client chooses
                it.

                Examples:
                  accreditctl case fire C-1 application.submit --as ann
                  accreditctl case fire C-1 visit.schedule --as sec
                  accreditctl case fire C-1 visit.complete --as lee \\
                    --request-id visit-C-1-2026-04-01
                  accreditctl case fire C-1 review.rate \\
                    --data '{"criterion":"SL-1.1","rating":"met"}' --as alice
                  accreditctl case fire C-1 recommendation.submit --as lee \\
                    --expect-version 31

                USAGE: accreditctl case fire [--as <id>] [--request-id <id>] [--json] <case> <event> [--data <json>] [--expect-version <n>]

                ARGUMENTS:
                  <case>                  The case id.
                  <event>                 The event name, such as application.submit.

                OPTIONS:
                  --as <id>               The actor you act as (default: $ACCREDIT_ACTOR).
                  --request-id <id>       An id you choose for this command (letters, digits and . _ : -, up to
                                          128), so a retry after a crash or a lost reply is applied once.
                  --json                  Print JSON instead of text (schema in docs/cli.md).
                  --data <json>           The event's data as JSON, or @FILE to read it from a file.
                  --expect-version <n>    The case version you decided on (from case show); if the case is at
                                          another, exit 3 instead of retrying.
                  --version               Show the version.
                  -h, --help              Show help information.

                """)
    }

    @Test func everyCaseCommandListsExamples() {
        for command in [
            Accreditctl.Case.Open.self, Accreditctl.Case.List.self, Accreditctl.Case.Show.self,
            Accreditctl.Case.Next.self, Accreditctl.Case.Fire.self, Accreditctl.Case.Import.self,
        ] as [any ParsableCommand.Type] {
            #expect(command.configuration.discussion.contains("Examples:"))
        }
    }
}

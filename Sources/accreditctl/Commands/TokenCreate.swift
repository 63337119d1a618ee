import AccreditAPI
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Statecharts

extension Accreditctl.Token {
    /// `accreditctl token create --for ACTOR [--name NAME] [--expires DATE]`.
    struct TokenCreate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a personal access token for an actor (direct mode, for the operator); prints it once.",
            discussion: """
                The token is printed on standard output, alone on its line, and never again: give it to its holder \
                through a channel you trust. Set it as ACCREDIT_TOKEN (with ACCREDIT_SERVER) or send it as \
                Authorization: Bearer TOKEN.

                Examples:
                  accreditctl token create --for ann --name laptop
                  TOKEN=$(accreditctl token create --for ci --name nightly --expires 2027-01-31)
                """)

        @Option(name: .customLong("for"), help: ArgumentHelp("The actor the token acts as.", valueName: "actor"))
        var actor: String

        @Option(help: "A name for the token, such as the machine or script that holds it.")
        var name = "accreditctl"

        @Option(
            help: ArgumentHelp(
                "When the token stops working, YYYY-MM-DD (default: in 90 days; at most a year).", valueName: "date"))
        var expires: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard CaseDesk.isValidTokenName(name) else {
                throw ValidationError(
                    "Please give --name as 1 to 100 letters, digits, spaces and . _ : @ -, starting with a letter or "
                        + "digit.")
            }
            if let expires { _ = try Self.days(until: expires) }
        }

        /// Whole days from now until the end of `date` (UTC).
        static func days(until date: String, now: Date = Date()) throws -> Int {
            guard let instant = Instant(iso8601: date + "T23:59:59Z") else {
                throw ValidationError("Please give --expires as a date, YYYY-MM-DD.")
            }
            let seconds = Double(instant.microsecondsSinceEpoch) / 1e6 - now.timeIntervalSince1970
            guard seconds > 0 else { throw ValidationError("--expires \(date) is in the past.") }
            return Int((seconds / 86400).rounded(.up))
        }

        func run() throws {
            try reportingFailures {
                try ClientMode.refuseOperatorCommand("token create")
                let days = try expires.map { try Self.days(until: $0) }
                let issued = try Context.desk().createToken(
                    for: actor, name: name, days: days, by: .operator(Context.osUser))
                if output.json {
                    Output.json(IdentityRoutes.issued(issued))
                } else {
                    Output.line(issued.secret)
                    StandardError.print(
                        "token \(issued.record.id) (\(name)) for \(actor), expires \(issued.record.expiresAt.iso8601); "
                            + "shown once: it is stored only as a hash")
                }
            }
        }
    }
}

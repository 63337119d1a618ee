import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Actor {
    /// `accreditctl actor add ID --name NAME --role ROLE... [--organisation ORG] [--db-login LOGIN] [--email ADDRESS]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an actor with one or more roles.",
            discussion: """
                The first secretariat member adds themselves (--as their own id); after that only the \
                secretariat adds actors.

                Examples:
                  accreditctl actor add sam --name "Sam Okafor" --role secretariat --as sam
                  accreditctl actor add ann --name "Ann Smith" --role applicant \\
                    --organisation riverside --email ann@riverside.example --as sam
                  accreditctl actor add dana --name "Dana Okafor" --role decision-maker \\
                    --db-login dana --as sam
                """)

        @OptionGroup var actor: ActorOptions

        @Argument(help: "The actor id, used with --as.")
        var id: String

        @Option(help: "The actor's display name.")
        var name: String

        @Option(name: .customLong("role"), help: "A role the actor holds; repeat for several.")
        var roles: [String] = []

        @Option(
            help: "The organisation the actor acts for (required for a role of kind organisation, such as applicant).")
        var organisation: String?

        @Option(help: "The database login this actor may be used from (prevents impersonation).")
        var dbLogin: String?

        @Option(help: "The e-mail address reminders go to (name@example.org).")
        var email: String?

        func validate() throws {
            guard !roles.isEmpty else { throw ValidationError("Please give at least one --role.") }
        }

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = [
                    "id": .string(id), "name": .string(name), "roles": .array(roles.map(Value.string)),
                ]
                if let organisation { body["organisation"] = .string(organisation) }
                if let dbLogin { body["dbLogin"] = .string(dbLogin) }
                if let email { body["email"] = .string(email) }
                _ = try APICaller(actor.reader).call(.post, "/api/v1/actors", body: .object(body))
                Output.line("added actor \(id) (\(roles.sorted().joined(separator: ", ")))")
            }
        }
    }
}

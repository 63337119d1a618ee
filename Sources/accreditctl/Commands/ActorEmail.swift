import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Actor {
    /// `accreditctl actor email ACTOR (ADDRESS | --remove)`.
    struct Email: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the e-mail address an actor's reminders go to, or remove it.",
            discussion: """
                The secretariat records anyone's address; a person may record their own. Every change is kept \
                in the directory; the newest counts. A reminder due to someone without an address is listed as \
                unaddressed by 'reminders send' and goes on a later run once one is recorded.

                Examples:
                  accreditctl actor email ann ann@riverside.example --as sec
                  accreditctl actor email ann --remove --as sec
                """)

        @OptionGroup var actor: ActorOptions

        @Argument(help: "The actor id.")
        var id: String

        @Argument(help: "The address, such as ann@riverside.example.")
        var address: String?

        @Flag(help: "Remove the address: no reminder goes to this actor by mail.")
        var remove = false

        func validate() throws {
            guard (address == nil) == remove else {
                throw ValidationError("Please give an address, or --remove, but not both.")
            }
        }

        func run() throws {
            try reportingFailures {
                let body: Value = ["email": address.map(Value.string) ?? .null]
                _ = try APICaller(actor.reader).call(.post, "/api/v1/actors/\(APICaller.segment(id))/email", body: body)
                Output.line(address.map { "\(id)'s reminders go to \($0)" } ?? "removed \(id)'s e-mail address")
            }
        }
    }
}

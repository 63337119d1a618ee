import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Case {
    /// `accreditctl case fire CASE EVENT [--data JSON]`.
    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an event to a case as an actor.",
            discussion: """
                The event is checked against the actor's roles, the organisation binding, impartiality and the \
                workflow's guards, then appended to the case's log. A refusal exits 1 and names the rule; a \
                concurrent change exits 3 (reload and retry). With --request-id, retrying after a crash or a lost \
                reply is safe: the event is appended once. See what you may send with: accreditctl case next.

                Examples:
                  accreditctl case fire C-1 application.submit --as ann
                  accreditctl case fire C-1 visit.schedule --as sec --at 2026-04-01T09:00:00Z
                  accreditctl case fire C-1 visit.complete --as lee --request-id visit-C-1-2026-04-01
                  accreditctl case fire C-1 review.rate --data '{"criterion":"SL-1.1","rating":"met"}' --as alice
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var request: RequestOption

        @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
        var caseID: String

        @Argument(help: "The event name, such as application.submit.")
        var event: String

        @Option(help: ArgumentHelp("The event's data as JSON.", valueName: "json"))
        var data: String?

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func validate() throws {
            if let data, (try? CanonicalJSON.parse(data)) == nil {
                throw ValidationError("Please give --data as JSON, such as '{\"criterion\":\"SL-1.1\"}'.")
            }
        }

        func run() throws {
            try reportingFailures {
                let payload = try data.map { try CanonicalJSON.parse($0) } ?? .null
                let outcome = try Context.desk().fire(
                    caseID, event: event, data: payload, by: try who.actorID(), at: who.time,
                    requestID: request.requestID)
                EventReceipt.print(caseID: caseID, outcome: outcome, json: json)
            }
        }
    }
}

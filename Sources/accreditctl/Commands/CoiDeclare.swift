import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Coi {
    /// `accreditctl coi declare --actor ID --organisation ORG --from DATE [--until DATE] --reason TEXT`.
    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that an actor has a conflict of interest with an organisation.",
            discussion: """
                Examples:
                  accreditctl coi declare --actor carl --organisation riverside \\
                    --from 2024-01-01 --reason "former employee" --as carl
                  accreditctl coi declare --actor carl --organisation hillside \\
                    --from 2023-01-01 --until 2023-12-31 --reason "consulted for the trust" \\
                    --as sam
                """)

        @OptionGroup var declarer: ActorOptions

        @Option(help: "The conflicted actor.")
        var actor: String

        @Option(help: "The organisation.")
        var organisation: String

        @Option(help: "The first day the conflict applies (YYYY-MM-DD).")
        var from: String

        @Option(help: "The last day, if it has ended (YYYY-MM-DD).")
        var until: String?

        @Option(help: "Why the actor is conflicted.")
        var reason: String

        func validate() throws {
            guard Moment.parse(from) != nil else {
                throw ValidationError("Please give --from as a date, such as 2024-01-01.")
            }
            if let until, Moment.parse(until) == nil {
                throw ValidationError("Please give --until as a date, such as 2025-06-30.")
            }
            guard !reason.isEmpty else { throw ValidationError("Please give a --reason.") }
        }

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = [
                    "actor": .string(actor), "organisation": .string(organisation), "from": .string(from),
                    "reason": .string(reason),
                ]
                if let until { body["until"] = .string(until) }
                _ = try APICaller(declarer.reader).call(.post, "/api/v1/conflicts", body: .object(body))
                Output.line(
                    "declared conflict of \(actor) with \(organisation) from \(from)\(until.map { " until \($0)" } ?? "")"
                )
            }
        }
    }
}

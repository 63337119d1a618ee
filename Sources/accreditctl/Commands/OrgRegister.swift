import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Org {
    /// `accreditctl org register ID --name NAME [--ods CODE]`.
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an organisation.",
            discussion: """
                Ids use letters, digits, '.', '_' and '-' (up to 64); ODS codes are 3–10 capital letters or digits.

                Examples:
                  accreditctl org register riverside --name "Riverside NHS Foundation Trust" \\
                    --ods RXX --as sam
                  accreditctl org register hillside --name "Hillside Hospital" --as sam
                """)

        @OptionGroup var actor: ActorOptions

        @Argument(help: "The organisation id.")
        var id: String

        @Option(help: "The organisation's name.")
        var name: String

        @Option(help: "Its NHS ODS code.")
        var ods: String?

        func validate() throws {
            guard !name.isEmpty else { throw ValidationError("Please give the organisation a --name.") }
        }

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = ["id": .string(id), "name": .string(name)]
                if let ods { body["ods"] = .string(ods) }
                let registered = try APICaller(actor.reader).call(.post, "/api/v1/organisations", body: .object(body))
                Output.line("registered organisation \(registered["id"]?.stringValue ?? id)")
            }
        }
    }
}

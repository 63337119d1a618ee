import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

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
                let desk = try Context.desk()
                try desk.registerOrganisation(Organisation(id: id, name: name, odsCode: ods), by: try actor.actorID())
                Output.line("registered organisation \(id)")
            }
        }
    }
}

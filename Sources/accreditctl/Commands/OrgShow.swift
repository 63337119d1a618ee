import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Org {
    /// `accreditctl org show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an organisation and its cases.",
            discussion: """
                Examples:
                  accreditctl org show --as sec riverside
                  accreditctl org show --as sec riverside --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The organisation id.")
        var id: String

        func run() throws {
            try reportingFailures {
                let desk = try who.desk(requiring: .readDirectory)
                guard let organisation = try desk.directory.organisations().first(where: { $0.id == id }) else {
                    throw CommandFailure(
                        .notFound, "organisation \(id) is not registered; list them with: accreditctl org list --as ID")
                }
                let cases = try desk.cases(as: try who.actorID(), organisation: id)
                if output.json {
                    var fields = List.fields(organisation)
                    fields["cases"] = .array(cases.map(CaseListing.json))
                    Output.json(.object(fields))
                } else {
                    Output.line(
                        "\(organisation.id): \(organisation.name)\(organisation.odsCode.map { " (ODS \($0))" } ?? "")")
                    Output.line()
                    CaseListing.listing.print(cases, json: false)
                }
            }
        }
    }
}

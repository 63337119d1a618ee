import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Org {
    /// `accreditctl org list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the registered organisations.",
            discussion: """
                Examples:
                  accreditctl org list --as sec
                  accreditctl org list --as sec --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let desk = try Context.desk()
                try desk.require(.readDirectory, by: try who.actorID())
                let organisations = try desk.directory.organisations()
                if output.json {
                    Output.json(["organisations": .array(organisations.map { .object(Self.fields($0)) })])
                } else {
                    Output.table(
                        ["ORGANISATION", "NAME", "ODS"], organisations.map { [$0.id, $0.name, $0.odsCode ?? "-"] })
                }
            }
        }

        /// The JSON fields of one organisation: `{id, name, ods}`.
        static func fields(_ organisation: Organisation) -> [String: Value] {
            [
                "id": .string(organisation.id), "name": .string(organisation.name),
                "ods": organisation.odsCode.map(Value.string) ?? .null,
            ]
        }
    }
}

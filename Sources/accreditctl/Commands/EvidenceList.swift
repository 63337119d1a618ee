import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Evidence {
    /// `accreditctl evidence list CASE`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a case's evidence.",
            discussion: """
                Examples:
                  accreditctl evidence list C-1 --as alice
                  accreditctl evidence list C-1 --as ann --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
        var caseID: String

        func run() throws {
            try reportingFailures {
                let records = try Context.desk().evidence(of: caseID, for: try who.actorID())
                if output.json {
                    Output.json(["case": .string(caseID), "evidence": .array(records.map(EvidenceView.json))])
                } else if records.isEmpty {
                    Output.line("no evidence in \(caseID)")
                } else {
                    Output.table(
                        ["EVIDENCE", "CRITERION", "STATUS", "FILE", "SIZE", "UPLOADED BY"],
                        records.map {
                            [
                                $0.evidenceID, $0.criterionID, $0.status.rawValue, $0.fileName, String($0.size),
                                $0.uploadedBy,
                            ]
                        })
                }
            }
        }
    }
}

import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

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

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let records = try Context.desk().evidence(of: caseID, for: try who.actorID())
                Listing(
                    key: "evidence", header: ["EVIDENCE", "CRITERION", "STATUS", "FILE", "SIZE", "UPLOADED BY"],
                    empty: "no evidence in \(caseID)",
                    row: {
                        [
                            $0.evidenceID, $0.criterionID, $0.status.rawValue, $0.fileName, String($0.size),
                            $0.uploadedBy,
                        ]
                    }, value: EvidenceView.json
                ).print(records, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

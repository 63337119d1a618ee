import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import Statecharts
import Workflows

extension Accreditctl {
    /// `accreditctl self-assessment`: the organisation's own rating and narrative per criterion.
    struct SelfAssessment: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "self-assessment",
            abstract: "Assess the organisation against each criterion before it submits, and compare.",
            discussion: """
                The organisation rates itself on the framework's scale and says, in a narrative, how it \
                meets each criterion; the shipped workflow takes the evidence only once every criterion that \
                applies is self-assessed. Assessors read the self-assessment beside their own ratings.

                Examples:
                  accreditctl self-assessment record C-1 SL-1.1 met \\
                    --narrative "Every service reports through Datix" --as ann
                  accreditctl self-assessment record C-1 CU-3.1 partially-met \\
                    --narrative-file cu-3.1.txt --as ann
                  accreditctl self-assessment list C-1 --as lee
                """,
            subcommands: [Record.self, List.self]
        )
    }
}

extension Accreditctl.SelfAssessment {
    /// `accreditctl self-assessment record CASE CRITERION RATING (--narrative TEXT | --narrative-file FILE)`.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the organisation's own rating and narrative for a criterion, as the organisation.",
            discussion: """
                A new self-assessment of a criterion replaces the last, until the evidence is submitted. The \
                narrative is 1 to 4,000 characters.

                Examples:
                  accreditctl self-assessment record C-1 SL-1.1 met \\
                    --narrative "Every service reports through Datix" --as ann
                  accreditctl self-assessment record C-1 CU-3.1 partially-met \\
                    --narrative-file cu-3.1.txt --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The criterion id, such as SL-1.1.")
        var criterion: String

        @Argument(help: "The rating the organisation gives itself, such as met.")
        var rating: String

        @Option(help: "How the organisation meets the criterion.")
        var narrative: String?

        @Option(help: ArgumentHelp("A UTF-8 text file holding the narrative.", valueName: "file"))
        var narrativeFile: String?

        func validate() throws {
            guard (narrative == nil) != (narrativeFile == nil) else {
                throw ValidationError("Please give the narrative with either --narrative or --narrative-file.")
            }
        }

        func run() throws {
            try reportingFailures {
                var text = narrative ?? ""
                if let narrativeFile {
                    guard let read = String(validating: try readFileBytes(narrativeFile), as: UTF8.self) else {
                        throw ValidationError("\(narrativeFile) is not UTF-8 text: save the narrative as UTF-8.")
                    }
                    text = read
                }
                try write.send(
                    TransitionAction.selfAssess,
                    data: ["criterion": .string(criterion), "rating": .string(rating), "narrative": .string(text)],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl self-assessment list CASE`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the organisation's self-assessment beside the assessors' ratings.",
            discussion: """
                Examples:
                  accreditctl self-assessment list C-1 --as lee
                  accreditctl self-assessment list C-1 --as ann --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let value = try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))")
                let assessments = value["selfAssessments"]?.objectValue ?? [:]
                let ratings = value["ratings"]?.objectValue ?? [:]
                if output.json {
                    Output.json([
                        "case": .string(caseID), "selfAssessments": .object(assessments), "ratings": .object(ratings),
                    ])
                    return
                }
                guard !assessments.isEmpty else {
                    Output.line("\(caseID) has no self-assessment in this cycle yet.")
                    return
                }
                // The framework's order: its foundations as the coverage lists them, then the criteria within each.
                let foundations = (value["coverage"]?.arrayValue ?? []).compactMap { $0["foundation"]?.stringValue }
                func place(_ criterion: String) -> Int {
                    let code = criterion.split(separator: "-", maxSplits: 1).first.map(String.init) ?? criterion
                    return foundations.firstIndex(of: code) ?? foundations.count
                }
                Output.line("Self-assessment of \(caseID) (\(assessments.count) criteria)")
                Output.table(
                    ["CRITERION", "SELF", "ASSESSOR", "NARRATIVE"],
                    assessments.keys.sorted {
                        place($0) != place($1) ? place($0) < place($1) : CriterionOrder.precedes($0, $1)
                    }.map { criterion in
                        let given = assessments[criterion] ?? .null
                        let narrative = given["narrative"]?.stringValue ?? ""
                        let flat = narrative.split(whereSeparator: \.isNewline).joined(separator: " ")
                        return [
                            criterion, given["rating"]?.stringValue ?? "", ratings[criterion]?.stringValue ?? "-",
                            flat.count > 60 ? String(flat.prefix(59)) + "…" : flat,
                        ]
                    })
            }
        }
    }
}

import ArgumentParser

extension Accreditctl {
    /// `accreditctl finding`: graded findings and their corrective actions.
    struct Finding: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "finding",
            abstract: "Raise graded findings, answer them with corrective action, and verify, close or reopen them.",
            discussion: """
                A finding is raised against a criterion at one of the framework's severities (immediate-risk, \
                major, minor or observation in the shipped framework). Each severity sets how long the \
                organisation has to respond (3 days, 60 days, 6 months; an observation asks for nothing); an \
                assessor may give less time, never more. The organisation answers with a response and evidence; \
                an assessor closes the finding or reopens it with a new date. What happens when a date passes \
                is the workflow's: in the shipped one, an immediate risk goes straight to the decision, a major \
                ends the corrective period, and either suspends an award.

                Examples:
                  accreditctl finding raise C-1 CU-3.1 major --evidence E-31 \\
                    --statement "No safety culture survey since 2023" --as alice
                  accreditctl finding respond C-1 F-1 --response "Survey run in May" \\
                    --evidence E-40 --as ann
                  accreditctl finding close C-1 F-1 --note "Results seen by team" --as alice
                  accreditctl finding reopen C-1 F-1 --reason "Two wards missing" \\
                    --within P30D --as alice
                  accreditctl finding list C-1 --as ann
                """,
            subcommands: [List.self, Raise.self, Respond.self, Close.self, Reopen.self]
        )
    }
}

/// A case and one of its findings, as positional arguments.
struct FindingArguments: ParsableArguments {
    @Argument(help: "The case id, such as C-1.")
    var caseID: String

    @Argument(help: "The finding id, such as F-1.")
    var findingID: String
}

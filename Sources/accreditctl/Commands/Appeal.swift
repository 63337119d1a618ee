import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl {
    /// `accreditctl appeal`: appeals against a case's adverse decisions.
    struct Appeal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "appeal",
            abstract: "Appeal an adverse decision, appoint the panel that hears it, and record its resolution.",
            discussion: """
                The workflow says which decisions may be appealed and until when (in the shipped workflow: a \
                refused eligibility, a refusal, conditions, a suspension and a withdrawal, each within 30 days). \
                The organisation lodges the appeal with its grounds; the secretariat appoints a panel of people \
                who hold a deciding role, have sent no event in the case and were never on its team, and have no \
                conflict of interest with the organisation; a panel member records the panel's resolution, with \
                its reasons, by the date the workflow gives (60 days in the shipped workflow; accreditctl report \
                lists appeals past it). A case that leaves the decision's state another way (a suspension, the \
                award's expiry) records the appeal as lapsed.

                Examples:
                  accreditctl appeal lodge C-1 --grounds "Our May audit was missed" --as ann
                  accreditctl appeal panel C-1 pat quinn rosa --as sam
                  accreditctl appeal uphold C-1 --reasons "The audit meets SL-2.2" --as pat
                  accreditctl appeal list C-1 --as sam
                """,
            subcommands: [List.self, Lodge.self, Panel.self, Uphold.self, Dismiss.self]
        )
    }
}

extension Accreditctl.Appeal {
    /// `accreditctl appeal lodge CASE --grounds TEXT`.
    struct Lodge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Appeal the decision the case's current state holds, as the organisation.",
            discussion: """
                Examples:
                  accreditctl appeal lodge C-1 --grounds "Our May audit was missed" --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Option(help: "Why the decision should be set aside (at most 4,000 characters).")
        var grounds: String

        func run() throws {
            try reportingFailures {
                try write.send(TransitionAction.lodgeAppeal, data: ["grounds": .string(grounds)], to: target.caseID)
            }
        }
    }

    /// `accreditctl appeal panel CASE PERSON…`.
    struct Panel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Appoint the panel that hears a case's open appeal, as the secretariat.",
            discussion: """
                Appointing again replaces the panel (a member who falls ill).

                Examples:
                  accreditctl appeal panel C-1 pat quinn rosa --as sam
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The panel's members, by actor id.")
        var members: [String]

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.appointPanel, data: ["panel": .array(members.map(Value.string))],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl appeal uphold CASE --reasons TEXT`.
    struct Uphold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the panel upholds the open appeal, as one of its members.",
            discussion: """
                With --outcome the panel substitutes an outcome of the framework, and a new certificate is issued \
                with it (the shipped workflow asks for one when conditions are lifted: accredited).

                Examples:
                  accreditctl appeal uphold C-1 --reasons "The audit meets SL-2.2" --as pat
                  accreditctl appeal uphold C-1 --reasons "Met" --outcome accredited --as pat
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Option(help: "The panel's reasons.")
        var reasons: String

        @Option(help: "The outcome the panel substitutes, such as accredited.")
        var outcome: String?

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["reasons": .string(reasons)]
                if let outcome { data["outcome"] = .string(outcome) }
                try write.send(TransitionAction.upholdAppeal, data: .object(data), to: target.caseID)
            }
        }
    }

    /// `accreditctl appeal dismiss CASE --reasons TEXT`.
    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the panel dismisses the open appeal, as one of its members.",
            discussion: """
                Examples:
                  accreditctl appeal dismiss C-1 --reasons "The refusal stands" --as pat
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Option(help: "The panel's reasons.")
        var reasons: String

        func run() throws {
            try reportingFailures {
                try write.send(TransitionAction.dismissAppeal, data: ["reasons": .string(reasons)], to: target.caseID)
            }
        }
    }

    /// `accreditctl appeal list CASE`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a case's appeals: what each is against, its panel, its date and how it was resolved.",
            discussion: """
                Examples:
                  accreditctl appeal list C-1 --as sam
                  accreditctl appeal list C-1 --as ann --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let shown = try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))")
                let appeals = shown["appeals"]?.arrayValue ?? []
                func text(_ appeal: Value, _ key: String) -> String { appeal[key]?.stringValue ?? "" }
                var empty = "\(caseID) has no appeals"
                if let kind = shown["appealable"]?.stringValue { empty += "; its \(kind) may be appealed now" }
                Listing<Value>(
                    key: "appeals", header: ["APPEAL", "AGAINST", "STATUS", "PANEL", "LODGED", "DUE"],
                    empty: empty,
                    row: {
                        [
                            text($0, "appeal"), text($0, "against"), text($0, "status"),
                            $0["panel"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? "",
                            String(text($0, "lodgedAt").prefix(10)), String(text($0, "due").prefix(10)),
                        ]
                    }, value: { $0 }
                ).print(appeals, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

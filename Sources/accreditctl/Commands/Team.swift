import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl {
    /// `accreditctl team`: a case's assessment team.
    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "team",
            abstract: "Assign assessors to a case, take them off it, and list its team.",
            discussion: """
                Only a case's assigned team evaluates it (rates, reviews evidence, raises and verifies findings, \
                visits and recommends), and among assessors only the team can read it. The secretariat assigns \
                one lead and any members. Each assignment is checked against the conflict register (a conflict \
                current or ended within two years refuses it) and the person's competence records (accreditctl \
                competence record): their training must be valid and cover the foundations they are to assess. \
                An assessor who declares a conflict in the case leaves the team.

                Examples:
                  accreditctl team assign C-1 alice --lead --as sam
                  accreditctl team assign C-1 bob --foundation SL --foundation LE --as sam
                  accreditctl team release C-1 bob --reason "On leave until May" --as sam
                  accreditctl team list C-1 --as sam
                """,
            subcommands: [List.self, Assign.self, Release.self]
        )
    }
}

extension Accreditctl.Team {
    /// `accreditctl team assign CASE PERSON [--lead] [--foundation CODE]…`.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a person to evaluate a case, as the secretariat.",
            discussion: """
                Examples:
                  accreditctl team assign C-1 alice --lead --as sam
                  accreditctl team assign C-1 bob --foundation SL --foundation LE --as sam
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The person's actor id.")
        var person: String

        @Flag(help: "Assign them as the lead assessor (a case has one).")
        var lead = false

        @Option(help: "A foundation they assess, such as SL (repeat for more; all when left out).")
        var foundation: [String] = []

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = [
                    "person": .string(person), "position": .string(lead ? "lead" : "member"),
                ]
                if !foundation.isEmpty { data["foundations"] = .array(foundation.map(Value.string)) }
                try write.send(TransitionAction.assign, data: .object(data), to: target.caseID)
            }
        }
    }

    /// `accreditctl team release CASE PERSON --reason TEXT`.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a person off a case's team, as the secretariat.",
            discussion: """
                Examples:
                  accreditctl team release C-1 bob --reason "On leave until May" --as sam
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The person's actor id.")
        var person: String

        @Option(help: "Why they leave the team.")
        var reason: String

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.release, data: ["person": .string(person), "reason": .string(reason)],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl team list CASE`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a case's team: who leads, who assesses which foundations, and who assigned them.",
            discussion: """
                Examples:
                  accreditctl team list C-1 --as sam
                  accreditctl team list C-1 --as alice --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let team =
                    try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))")["team"]?
                    .arrayValue ?? []
                func text(_ member: Value, _ key: String) -> String { member[key]?.stringValue ?? "" }
                Listing<Value>(
                    key: "team", header: ["PERSON", "POSITION", "FOUNDATIONS", "ASSIGNED BY", "ASSIGNED"],
                    empty: "nobody is assigned to \(caseID)",
                    row: {
                        [
                            text($0, "person"), text($0, "position"),
                            $0["foundations"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? "all",
                            text($0, "assignedBy"), String(text($0, "assignedAt").prefix(10)),
                        ]
                    }, value: { $0 }
                ).print(team, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

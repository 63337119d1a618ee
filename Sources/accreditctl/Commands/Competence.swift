import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl {
    /// `accreditctl competence`: what each person may assess.
    struct Competence: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "competence",
            abstract: "Record and list what each person is trained to assess, and until when.",
            discussion: """
                A person is assigned to a case only while a competence record covers the case's framework (its \
                foundations they are to assess) on the day: trained by then, and not past --until. Records are \
                never changed: a requalification is a new record.

                Examples:
                  accreditctl competence record alice --framework patient-safety-standards \\
                    --trained 2026-01-15 --until 2029-01-14 --as sam
                  accreditctl competence record bob --framework patient-safety-standards \\
                    --foundation SL --foundation LE --trained 2026-02-01 --until 2027-01-31 \\
                    --note "Assessor course, cohort 4" --as sam
                  accreditctl competence list --as sam
                """,
            subcommands: [List.self, Record.self]
        )
    }
}

extension Accreditctl.Competence {
    /// `accreditctl competence record PERSON --framework ID --trained DATE --until DATE [--foundation CODE]…`.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a person's training to assess a framework, as an administrator.",
            discussion: """
                Examples:
                  accreditctl competence record alice --framework patient-safety-standards \\
                    --trained 2026-01-15 --until 2029-01-14 --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @Argument(help: "The person's actor id.")
        var person: String

        @Option(help: "The framework's id, such as patient-safety-standards.")
        var framework: String

        @Option(help: "A foundation they may assess, such as SL (repeat for more; all when left out).")
        var foundation: [String] = []

        @Option(help: "The day of training or requalification (YYYY-MM-DD).")
        var trained: String

        @Option(help: "The last day the training counts (YYYY-MM-DD).")
        var until: String

        @Option(help: "A note, such as the course taken.")
        var note: String?

        func validate() throws {
            guard Moment.parse(trained) != nil else {
                throw ValidationError("Please give --trained as a date, such as 2026-01-15.")
            }
            guard Moment.parse(until) != nil else {
                throw ValidationError("Please give --until as a date, such as 2029-01-14.")
            }
        }

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = [
                    "actor": .string(person), "framework": .string(framework), "trainedOn": .string(trained),
                    "validUntil": .string(until),
                ]
                if !foundation.isEmpty { body["foundations"] = .array(foundation.map(Value.string)) }
                if let note { body["note"] = .string(note) }
                _ = try APICaller(writer.reader).call(.post, "/api/v1/competences", body: .object(body))
                let scope = foundation.isEmpty ? "every foundation" : foundation.joined(separator: ", ")
                Output.line("recorded \(person)'s competence in \(framework) (\(scope)) from \(trained) until \(until)")
            }
        }
    }

    /// `accreditctl competence list [--actor ID]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List competence records.",
            discussion: """
                Examples:
                  accreditctl competence list --as sam
                  accreditctl competence list --actor bob --as sam --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "Only this person's records.")
        var actor: String?

        func run() throws {
            try reportingFailures {
                var query: [String: String] = [:]
                if let actor { query["actor"] = actor }
                let records =
                    try APICaller(who).call(.get, "/api/v1/competences", query: query)["competences"]?.arrayValue ?? []
                func text(_ record: Value, _ key: String) -> String { record[key]?.stringValue ?? "" }
                Listing<Value>(
                    key: "competences", header: ["ACTOR", "FRAMEWORK", "FOUNDATIONS", "TRAINED", "UNTIL", "NOTE"],
                    empty: "no competence records",
                    row: {
                        [
                            text($0, "actor"), text($0, "framework"),
                            $0["foundations"]?.arrayValue.map { items in
                                items.isEmpty ? "all" : items.compactMap(\.stringValue).joined(separator: " ")
                            } ?? "all",
                            text($0, "trainedOn"), text($0, "validUntil"), $0["note"]?.stringValue ?? "",
                        ]
                    }, value: { $0 }
                ).print(records, json: output.json)
            }
        }
    }
}

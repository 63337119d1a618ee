import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl {
    /// `accreditctl history CASE`: a case's timeline, one row per event.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a case's timeline: who did what, when, and what it changed.",
            discussion: """
                One row per stored event: seq, time, actor and the actor's roles, the event and a short summary of \
                its data, the states it left (-) and entered (+), the evidence and ratings it names, and the \
                deadlines it set, delivered or cancelled. The states are computed by replaying the whole log \
                through the case's pinned workflow and framework (from the database); filters only hide rows. \
                Staff may read any case's history; applicants only their own organisation's.

                Examples:
                  accreditctl history C-2026-0001 --as aud
                  accreditctl history C-2026-0001 --as aud --actor alice --event review.rate
                  accreditctl history C-2026-0001 --as aud --since 2026-03-01 \\
                    --until 2026-04-01T00:00:00Z --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        @Option(help: ArgumentHelp("Only events sent by this actor.", valueName: "id"))
        var actor: String?

        @Option(help: ArgumentHelp("Only events with this name.", valueName: "name"))
        var event: String?

        @Option(help: ArgumentHelp("Only events at or after this ISO 8601 time or date.", valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Only events at or before this ISO 8601 time or date.", valueName: "time"))
        var until: String?

        func validate() throws {
            try Moment.validate(since, as: "--since")
            try Moment.validate(until, as: "--until")
        }

        func run() throws {
            try reportingFailures {
                var query: [String: String] = [:]
                query["actor"] = actor
                query["event"] = event
                query["since"] = since.flatMap(Moment.parse)?.iso8601
                query["until"] = until.flatMap(Moment.parse)?.iso8601
                let value = try APICaller(who).call(
                    .get, "/api/v1/cases/\(APICaller.segment(target.caseID))/history", query: query)
                if output.json {
                    Output.json(value)
                    return
                }
                Output.table(
                    ["SEQ", "TIME", "ACTOR", "EVENT", "DATA", "STATES", "EVIDENCE/RATINGS", "DEADLINES"],
                    value.array("events").map(Self.row))
            }
        }

        /// The table row for one entry (``HistoryEntry/value``).
        static func row(_ entry: Value) -> [String] {
            let roles = entry.strings("roles")
            let actor = roles.isEmpty ? entry.text("actor") : "\(entry.text("actor")) (\(roles.joined(separator: ",")))"
            let states = (entry.strings("exited").map { "-" + $0 } + entry.strings("entered").map { "+" + $0 })
                .joined(separator: " ")
            let references = (entry.strings("evidence") + entry.strings("ratings")).joined(separator: " ")
            let deadlines =
                (entry.strings("deadlinesSet").map { "set " + $0 }
                + entry.strings("deadlinesFired").map { "fired " + $0 }
                + entry.strings("deadlinesCancelled").map { "cancelled " + $0 }).joined(separator: "; ")
            let imported = entry["importedAt"]?.stringValue.map { " (imported \($0))" } ?? ""
            return [
                entry.text("seq"), entry.text("time") + imported, actor, entry.text("event"), entry.text("summary"),
                states, references, deadlines,
            ]
        }
    }
}

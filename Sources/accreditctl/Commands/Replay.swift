import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts
import Workflows

extension Accreditctl {
    /// `accreditctl replay CASE`: re-run a case's stored events through its stored definitions.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Replay a case through its pinned workflow and framework, as at any point, or under a new workflow.",
            discussion: """
                The events are re-run through the workflow and framework versions the case pinned, as stored in the \
                database (never the files on disk). With --until SEQ or --as-at TIME it shows the case as it stood \
                then: configuration, data, evidence, ratings and the outcome the award rules gave. --step prints \
                every macrostep. A full replay ends by checking that the result equals the stored projection (status, \
                configuration, deadlines): exit 1 if not.

                With --workflow FILE the events are also replayed under that workflow (same framework), as a \
                migration check. The file must pass what 'workflow publish' checks (exit 2 with the same \
                diagnostics otherwise); the check reports the first event the new version rejects or leads to a different \
                configuration, and the pinned version's states that the new one lacks; exit 1 on either.

                Examples:
                  accreditctl replay --as aud C-2026-0001
                  accreditctl replay --as aud C-2026-0001 --until 12 --step
                  accreditctl replay --as aud C-2026-0001 --as-at 2026-03-01 --json
                  accreditctl replay --as aud C-2026-0001 \\
                    --workflow Definitions/workflows/accreditation-v2.scxml
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        @Option(help: ArgumentHelp("Stop after this event.", valueName: "seq"))
        var until: Int64?

        @Option(help: ArgumentHelp("Show the case as it stood at this ISO 8601 time or date.", valueName: "time"))
        var asAt: String?

        @Flag(help: "Print every macrostep: event and resulting configuration.")
        var step = false

        @Option(help: ArgumentHelp("Also replay under this workflow file (a migration check).", valueName: "file"))
        var workflow: String?

        func validate() throws {
            if until != nil && asAt != nil { throw ValidationError("Please give --until or --as-at, not both.") }
            if let until, until < 0 { throw ValidationError("Please give --until as a seq, 0 or more.") }
            try Moment.validate(asAt, as: "--as-at")
            if workflow != nil && (until != nil || asAt != nil) {
                throw ValidationError("--workflow replays the whole case; leave out --until and --as-at.")
            }
        }

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                if let workflow {
                    // The candidate workflow is a file on this machine: the check runs in direct mode only.
                    let desk = try Context.desk()
                    try desk.requireRead(of: caseID, by: try who.actorID())
                    try migration(desk, workflow: workflow)
                    return
                }
                var query: [String: String] = [:]
                query["until"] = until.map { String($0) }
                query["asAt"] = asAt.flatMap(Moment.parse)?.iso8601
                // Text shows when the last replayed event happened, so it always asks for the steps.
                query["steps"] = String(step || !output.json)
                let value = try APICaller(who).call(
                    .get, "/api/v1/cases/\(APICaller.segment(caseID))/replay", query: query)
                if output.json {
                    Output.json(value)
                } else {
                    Self.print(value, steps: step)
                }
                let differences = value.strings("projectionDifferences")
                if !differences.isEmpty {
                    for difference in differences {
                        Output.error("case \(caseID): projection differs from replay: \(difference)")
                    }
                    throw ExitCode(ExitStatus.refused.rawValue)
                }
            }
        }

        private func migration(_ desk: CaseDesk, workflow path: String) throws {
            // The same loader as `workflow publish` (schema, every static check, criteria ids against the published
            // framework it declares, nothing read from disk): a file publishing refuses is refused here with the
            // same diagnostics.
            let loaded = try desk.selfContainedWorkflow(try DefinitionSource.bytes(path), file: path, framework: nil)
            let caseID = target.caseID
            let check: MigrationCheck
            do {
                check = try desk.migrationCheck(caseID, workflow: loaded.document)
            } catch let error as DocumentError {
                throw CommandFailure(.invalid, "\(error)")
            }
            if output.json {
                var fields: [String: Value] = [
                    "case": .string(caseID), "workflow": .string(path),
                    "eventsCompared": .integer(Int64(check.eventsCompared)),
                    "removedStates": .array(check.removedStates.map(Value.string)),
                    "compatible": .bool(check.firstDifference == nil && check.removedStates.isEmpty),
                ]
                if let difference = check.firstDifference {
                    var first: [String: Value] = [
                        "seq": .integer(difference.seq), "event": .string(difference.event),
                        "pinnedConfiguration": .array(difference.pinnedConfiguration.map(Value.string)),
                    ]
                    if let new = difference.newConfiguration {
                        first["newConfiguration"] = .array(new.map(Value.string))
                    }
                    if let refusal = difference.refusal {
                        first["refusal"] = ["rule": .string(refusal.rule), "message": .string(refusal.message)]
                    }
                    fields["firstDifference"] = .object(first)
                }
                Output.json(.object(fields))
            } else {
                if let difference = check.firstDifference {
                    if let refusal = difference.refusal {
                        Output.line(
                            "seq \(difference.seq) (\(difference.event)): the new workflow rejects it: \(refusal)")
                    } else {
                        Output.line(
                            "seq \(difference.seq) (\(difference.event)): handled differently: pinned gives "
                                + "[\(difference.pinnedConfiguration.joined(separator: " "))], new gives "
                                + "[\((difference.newConfiguration ?? []).joined(separator: " "))]")
                    }
                } else {
                    Output.line("All \(check.eventsCompared) events are handled the same way by \(path).")
                }
                Output.line(
                    check.removedStates.isEmpty
                        ? "No state of the pinned workflow is missing."
                        : "States the new workflow no longer has: \(check.removedStates.joined(separator: ", "))")
            }
            if check.firstDifference != nil || !check.removedStates.isEmpty {
                throw ExitCode(ExitStatus.refused.rawValue)
            }
        }

        /// Prints the replay (``ReportViews/replay(_:includeSteps:)``, with its steps) for people.
        static func print(_ result: Value, steps: Bool) {
            let replayed = result.array("steps")
            if steps {
                Output.table(
                    ["SEQ", "TIME", "EVENT", "ACTOR", "CONFIGURATION"],
                    replayed.map {
                        [
                            $0.text("seq"), $0.text("time"), $0.text("event"), $0.text("actor"),
                            $0.strings("configuration").joined(separator: " "),
                        ]
                    })
                Output.line()
            }
            let at = replayed.last.map { " (\($0.text("time")))" } ?? ""
            Output.line(
                "Case \(result.text("case")) replayed through seq \(result.text("throughSeq")) of "
                    + "\(result.text("version"))\(at), workflow \(result.text("workflow")), framework "
                    + "\(result.text("framework")) (stored versions)")
            Output.line("Status: \(result.text("status"))")
            Output.line("Active states: \(result.strings("configuration").joined(separator: ", "))")
            var data: [(String, Value)] = []
            if case .object(let members)? = result["data"] { data = members.sorted { $0.key < $1.key } }
            Output.line("Data:\(data.isEmpty ? " none" : "")")
            for (key, value) in data { Output.line("  \(key) = \(CanonicalJSON.encode(value))") }
            var evidence: [(String, Value)] = []
            if case .object(let members)? = result["evidence"] { evidence = members.sorted { $0.key < $1.key } }
            Output.line("Evidence:\(evidence.isEmpty ? " none" : "")")
            for (id, item) in evidence {
                Output.line(
                    "  \(id)  \(item.text("criterion"))  \(item.text("status"))  by \(item.text("uploadedBy"))")
            }
            Output.line()
            AssessmentView.print(result)
            Output.line()
            if result["truncated"]?.boolValue == true {
                Output.line("Stopped before the end of the log; the stored projection was not compared.")
            } else if result.strings("projectionDifferences").isEmpty {
                Output.line("The replay equals the stored projection.")
            }
        }
    }
}

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
                configuration or other deadlines (a running case's dates would move), and the pinned version's \
                states that the new one lacks; exit 1 on either. A state \
                the new version renamed is mapped with --map OLD=NEW (repeat it): configurations are then compared \
                with the old names replaced, and a renamed state is not missing.

                Examples:
                  accreditctl replay --as aud C-2026-0001
                  accreditctl replay --as aud C-2026-0001 --until 12 --step
                  accreditctl replay --as aud C-2026-0001 --as-at 2026-03-01 --json
                  accreditctl replay --as aud C-2026-0001 \\
                    --workflow Definitions/workflows/accreditation-v2.scxml
                  accreditctl replay --as aud C-2026-0001 --workflow v2.scxml \\
                    --map desk-review=document-review
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

        @Option(
            name: .customLong("map"),
            help: ArgumentHelp(
                "With --workflow: a state it renamed, OLD=NEW; repeat for several.", valueName: "old=new"))
        var renamed: [String] = []

        func validate() throws {
            if until != nil && asAt != nil { throw ValidationError("Please give --until or --as-at, not both.") }
            if let until, until < 0 { throw ValidationError("Please give --until as a seq, 0 or more.") }
            try Moment.validate(asAt, as: "--as-at")
            if workflow != nil && (until != nil || asAt != nil) {
                throw ValidationError("--workflow replays the whole case; leave out --until and --as-at.")
            }
            if !renamed.isEmpty && workflow == nil {
                throw ValidationError("--map renames states of the --workflow candidate: give --workflow FILE too.")
            }
            _ = try states()
        }

        /// The renamed states `--map` gives, old id to new id.
        func states() throws -> [String: String] {
            try RenamedStates.parse(renamed)
        }

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                if let workflow {
                    try migration(workflow: workflow)
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

        /// The migration check (``ReportViews/migration(_:file:_:)``): the candidate's text is sent to the server
        /// (or the direct-mode desk), which loads it as publishing would and replays the case under it.
        private func migration(workflow path: String) throws {
            let caseID = target.caseID
            // `{source, file}`, as `workflow publish` sends it (a file that is not UTF-8 is refused here, exit 2).
            var body = try DefinitionSource.read(path).objectValue ?? [:]
            let states = try self.states()
            if !states.isEmpty { body["states"] = .object(states.mapValues(Value.string)) }
            let check = try APICaller(who).call(
                .post, "/api/v1/cases/\(APICaller.segment(caseID))/migration-check", body: .object(body))
            if output.json {
                Output.json(check)
            } else {
                if let difference = check["firstDifference"] {
                    if let refusal = difference["refusal"] {
                        Output.line(
                            "seq \(difference.text("seq")) (\(difference.text("event"))): the new workflow rejects it: refused by "
                                + "\(refusal.text("rule")): \(refusal.text("message"))")
                    } else if difference["newDeadlines"] != nil {
                        Output.line(
                            "seq \(difference.text("seq")) (\(difference.text("event"))): deadlines differ: pinned "
                                + "[\(difference.strings("pinnedDeadlines").joined(separator: " "))], new "
                                + "[\(difference.strings("newDeadlines").joined(separator: " "))]")
                    } else if difference["recordDiffers"]?.boolValue == true {
                        Output.line(
                            "seq \(difference.text("seq")) (\(difference.text("event"))): recorded differently: the "
                                + "same states and deadlines, but another acc:action, award, appeal or scope "
                                + "declaration, another datamodel or other history")
                    } else {
                        Output.line(
                            "seq \(difference.text("seq")) (\(difference.text("event"))): handled differently: pinned "
                                + "gives [\(difference.strings("pinnedConfiguration").joined(separator: " "))], new "
                                + "gives [\(difference.strings("newConfiguration").joined(separator: " "))]")
                    }
                } else {
                    Output.line("All \(check.text("eventsCompared")) events are handled the same way by \(path).")
                }
                let mapped = (check["mappedStates"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
                if !mapped.isEmpty {
                    Output.line(
                        "Renamed: "
                            + mapped.map { "\($0.key) -> \($0.value.stringValue ?? "")" }.joined(separator: ", "))
                }
                let removed = check.strings("removedStates")
                Output.line(
                    removed.isEmpty
                        ? "No state of the pinned workflow is missing."
                        : "States the new workflow no longer has: \(removed.joined(separator: ", "))")
            }
            if check["compatible"]?.boolValue != true {
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

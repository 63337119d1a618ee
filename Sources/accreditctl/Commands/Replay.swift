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
                let desk = try Context.desk()
                try desk.requireRead(of: caseID, by: try who.actorID())
                if let workflow {
                    try migration(desk, workflow: workflow)
                    return
                }
                let limit: ReplayLimit =
                    if let until { .through(until) } else if let asAt, let time = Moment.parse(asAt) {
                        .asAt(time)
                    } else { .all }
                let result = try desk.replay(caseID, limit: limit)
                let differences = result.projectionDifferences
                if output.json {
                    Output.json(Self.value(result, includeSteps: step))
                } else {
                    Self.print(result, steps: step)
                }
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

        /// The replay as JSON.
        static func value(_ result: ReplayResult, includeSteps: Bool) -> Value {
            let state = result.state
            var fields = AssessmentView.fields(result.open)
            fields["case"] = .string(result.head.caseID)
            fields["workflow"] = .string("\(result.head.workflow.name)@\(result.head.workflow.version)")
            fields["framework"] = .string("\(result.head.framework.name)@\(result.head.framework.version)")
            fields["throughSeq"] = .integer(result.throughSeq)
            fields["version"] = .integer(result.head.version)
            fields["truncated"] = .bool(result.isTruncated)
            fields["status"] = .string(state.status)
            fields["configuration"] = .array(state.snapshot.configuration.map(Value.string))
            fields["data"] = .object(state.snapshot.data)
            fields["deadlines"] = state.deadlines
            fields["evidence"] = .object(
                state.record.evidence.mapValues { item in
                    [
                        "criterion": .string(item.criterion), "status": .string(item.status),
                        "uploadedBy": .string(item.uploadedBy),
                    ]
                })
            if !result.isTruncated {
                let differences = result.projectionDifferences
                fields["matchesProjection"] = .bool(differences.isEmpty)
                fields["projectionDifferences"] = .array(differences.map(Value.string))
            }
            if includeSteps {
                fields["steps"] = .array(
                    result.steps.map { step in
                        [
                            "seq": .integer(step.seq), "event": .string(step.event), "actor": .string(step.actor),
                            "time": .string(step.occurredAt.iso8601),
                            "configuration": .array(step.configuration.map(Value.string)),
                        ]
                    })
            }
            return .object(fields)
        }

        /// Prints the replay for people.
        static func print(_ result: ReplayResult, steps: Bool) {
            let head = result.head
            let state = result.state
            if steps {
                Output.table(
                    ["SEQ", "TIME", "EVENT", "ACTOR", "CONFIGURATION"],
                    result.steps.map {
                        [
                            String($0.seq), $0.occurredAt.iso8601, $0.event, $0.actor,
                            $0.configuration.joined(separator: " "),
                        ]
                    })
                Output.line()
            }
            let at = result.steps.last.map { " (\($0.occurredAt.iso8601))" } ?? ""
            Output.line(
                "Case \(head.caseID) replayed through seq \(result.throughSeq) of \(head.version)\(at), "
                    + "workflow \(head.workflow.name)@\(head.workflow.version), framework "
                    + "\(head.framework.name)@\(head.framework.version) (stored versions)")
            Output.line("Status: \(state.status)")
            Output.line("Active states: \(state.snapshot.configuration.joined(separator: ", "))")
            let data = state.snapshot.data.sorted { $0.key < $1.key }
            Output.line("Data:\(data.isEmpty ? " none" : "")")
            for (key, value) in data { Output.line("  \(key) = \(CanonicalJSON.encode(value))") }
            let evidence = state.record.evidence.sorted { $0.key < $1.key }
            Output.line("Evidence:\(evidence.isEmpty ? " none" : "")")
            for (id, item) in evidence {
                Output.line("  \(id)  \(item.criterion)  \(item.status)  by \(item.uploadedBy)")
            }
            Output.line()
            AssessmentView.print(result.open)
            Output.line()
            if result.isTruncated {
                Output.line("Stopped before the end of the log; the stored projection was not compared.")
            } else if result.projectionDifferences.isEmpty {
                Output.line("The replay equals the stored projection.")
            }
        }
    }
}

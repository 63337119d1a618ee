import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How a case's history and replay, and the report across cases, look in the API (the command-line tool's `--json`
/// prints the same documents).
public enum ReportViews {
    /// A case's timeline: `{case, events: [HistoryEntry]}`.
    public static func history(_ caseID: String, _ entries: [HistoryEntry]) -> Value {
        ["case": .string(caseID), "events": .array(entries.map(\.value))]
    }

    /// A replay: the assessment fields and `{case, workflow, framework, throughSeq, version, truncated, status,
    /// configuration, data, deadlines, evidence}`, with `matchesProjection` and `projectionDifferences` for a full
    /// replay and `steps` when asked.
    public static func replay(_ result: ReplayResult, includeSteps: Bool) -> Value {
        let state = result.state
        var fields = CaseViews.assessment(result.open)
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

    /// The report across cases: `{casesByState, overdue: [{case, event, due}], lateAppeals: [{case, appeal, against,
    /// due}], expiring: [{case, organisation, expires}], workload}`.
    public static func report(_ report: CaseReport) -> Value {
        [
            "casesByState": .object(report.casesByState.mapValues { .integer(Int64($0)) }),
            "overdue": .array(
                report.overdue.map {
                    [
                        "case": .string($0.caseID), "event": .string($0.deadline.event),
                        "due": .string($0.deadline.due.iso8601),
                    ]
                }),
            "expiring": .array(
                report.expiring.map {
                    [
                        "case": .string($0.caseID), "organisation": .string($0.organisation),
                        "expires": .string($0.expires.iso8601),
                    ]
                }),
            "lateAppeals": .array(
                report.lateAppeals.map {
                    [
                        "case": .string($0.caseID), "appeal": .string($0.appeal), "against": .string($0.against),
                        "due": .string($0.due.iso8601),
                    ]
                }),
            "workload": .object(report.workload.mapValues { .integer(Int64($0)) }),
        ]
    }
    /// A migration check: `{case, workflow, eventsCompared, removedStates, compatible, firstDifference?: {seq,
    /// event, pinnedConfiguration, newConfiguration?, refusal?: {rule, message}, pinnedDeadlines?, newDeadlines?,
    /// recordDiffers?}}`.
    public static func migration(_ caseID: String, file: String, _ check: MigrationCheck) -> Value {
        var fields: [String: Value] = [
            "case": .string(caseID), "workflow": .string(file),
            "eventsCompared": .integer(Int64(check.eventsCompared)),
            "removedStates": .array(check.removedStates.map(Value.string)),
            "mappedStates": .object(check.mappedStates.mapValues(Value.string)),
            "compatible": .bool(check.isCompatible),
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
            if difference.recordDiffers { first["recordDiffers"] = true }
            if let deadlines = difference.deadlines {
                first["pinnedDeadlines"] = .array(deadlines.pinned.map(Value.string))
                first["newDeadlines"] = .array(deadlines.new.map(Value.string))
            }
            fields["firstDifference"] = .object(first)
        }
        return .object(fields)
    }
}

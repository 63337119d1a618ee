import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How cases look in the API (the command-line tool's `--json` prints the same documents).
public enum CaseViews {
    /// A case: `{case, organisation, workflow, framework, status, version, cycle, cycleStartedAt, configuration,
    /// deadlines: [{timer, event, due}], coverage, ratings, outcome, findings, team, appeals, appealable, visits,
    /// scope, scopeChange, notApplicable}` (`cycle`: the assessment cycle, one more for each renewal; `visits`: those
    /// held that the organisation was not told of, ``ComplaintViews/heldVisit(_:)``; `scope`, `scopeChange` and
    /// `notApplicable`: ``ScopeViews``).
    public static func summary(_ open: OpenCase) -> Value {
        let head = open.head
        let deadlines = open.state.snapshot.pendingTimers.sorted { $0.due < $1.due }
        var fields = assessment(open)
        fields["case"] = .string(head.caseID)
        fields["organisation"] = .string(head.organisationID)
        fields["workflow"] = .string("\(head.workflow.name)@\(head.workflow.version)")
        fields["framework"] = .string("\(head.framework.name)@\(head.framework.version)")
        fields["status"] = .string(open.state.status)
        fields["version"] = .integer(head.version)
        fields["cycle"] = .integer(Int64(open.state.record.cycle))
        fields["cycleStartedAt"] = open.state.record.cycleStartedAt.map { .string($0.iso8601) } ?? .null
        fields["configuration"] = .array(open.state.snapshot.configuration.map(Value.string))
        fields["deadlines"] = .array(
            deadlines.map {
                ["timer": .string($0.id), "event": .string($0.event.name), "due": .string($0.due.iso8601)]
            })
        fields["findings"] = .array(findings(open))
        fields["team"] = .array(open.state.record.teamInOrder.map(teamMember))
        fields["appeals"] = .array(open.state.record.appealsInOrder.map(appeal))
        fields["appealable"] = open.definitions.machine.appealable(open.state).map(Value.string) ?? .null
        fields["visits"] = .array(open.state.record.visitsInOrder.map(ComplaintViews.heldVisit))
        let record = open.state.record
        let excluded = record.notApplicable(in: open.definitions.machine.framework)
        fields["scope"] = ScopeViews.scope(record)
        fields["scopeChange"] = ScopeViews.scopeChange(record)
        fields["notApplicable"] = .array(
            record.applicabilityInOrder(of: open.definitions.machine.framework).map {
                ScopeViews.applicability($0, excluded: excluded)
            })
        return .object(fields)
    }

    /// `{appeal, against, grounds, lodgedBy, lodgedAt, due, status, panel, panelBy, reasons, outcome, resolvedBy,
    /// resolvedAt}`; `status` is `open`, `upheld`, `dismissed` or `lapsed`; `outcome` is the outcome an upholding
    /// panel substituted, or null.
    public static func appeal(_ appeal: CaseAppeal) -> Value {
        func time(_ instant: Instant?) -> Value { instant.map { .string($0.iso8601) } ?? .null }
        return [
            "appeal": .string(appeal.id), "against": .string(appeal.against), "grounds": .string(appeal.grounds),
            "lodgedBy": .string(appeal.lodgedBy), "lodgedAt": .string(appeal.lodgedAt.iso8601),
            "due": time(appeal.due), "status": .string(appeal.outcome?.rawValue ?? "open"),
            "panel": .array(appeal.panel.map(Value.string)), "panelBy": appeal.panelBy.map(Value.string) ?? .null,
            "reasons": appeal.reasons.map(Value.string) ?? .null,
            "outcome": appeal.substitutedOutcome.map(Value.string) ?? .null,
            "resolvedBy": appeal.resolvedBy.map(Value.string) ?? .null, "resolvedAt": time(appeal.resolvedAt),
        ]
    }

    /// `{person, position, foundations, assignedBy, assignedAt}`; `foundations` is null when the person assesses
    /// every foundation.
    public static func teamMember(_ member: CaseTeamMember) -> Value {
        [
            "person": .string(member.person), "position": .string(member.position.rawValue),
            "foundations": member.foundations.map { .array($0.map(Value.string)) } ?? .null,
            "assignedBy": .string(member.assignedBy), "assignedAt": .string(member.assignedAt.iso8601),
        ]
    }

    /// The case's findings in the order they were raised (`F-1`, `F-2`, …), each as ``finding(_:framework:)``.
    public static func findings(_ open: OpenCase) -> [Value] {
        open.state.record.findingsInOrder
            .map { finding($0, framework: open.definitions.machine.framework) }
    }

    /// `{finding, criterion, severity, severityLabel, statement, evidence, raisedBy, raisedAt, due, status,
    /// responses, response, responseEvidence}` (`response`: the organisation's latest, or null); `due` is null for an observation. Compare `due` with the time to tell whether an `open` finding's
    /// corrective action is late.
    public static func finding(_ finding: CaseFinding, framework: Framework) -> Value {
        [
            "finding": .string(finding.id), "criterion": .string(finding.criterion),
            "severity": .string(finding.severity),
            "severityLabel": .string(framework.findingSeverity(finding.severity)?.label ?? finding.severity),
            "statement": .string(finding.statement), "evidence": .array(finding.evidence.map(Value.string)),
            "raisedBy": .string(finding.raisedBy), "raisedAt": .string(finding.raisedAt.iso8601),
            "due": finding.due.map { .string($0.iso8601) } ?? .null, "status": .string(finding.status.rawValue),
            "responses": .integer(Int64(finding.responses)), "response": finding.response.map(Value.string) ?? .null,
            "responseEvidence": .array(finding.responseEvidence.map(Value.string)),
        ]
    }

    /// The fields `coverage`, `ratings`, `selfAssessments` and `outcome` (`{outcome, rule, explanation}`, or
    /// `{error}` when the rules cannot decide); `selfAssessments` holds the organisation's own rating and narrative
    /// per criterion in this cycle (``selfAssessment(_:)``), for assessors to read beside theirs.
    public static func assessment(_ open: OpenCase) -> [String: Value] {
        var fields: [String: Value] = [
            "ratings": .object(open.state.record.ratings.mapValues(Value.string)),
            "selfAssessments": .object(open.state.record.selfAssessments.mapValues(selfAssessment)),
        ]
        do {
            let assessment = try open.assessment()
            fields["coverage"] = .array(
                assessment.foundations.map { foundation in
                    [
                        "foundation": .string(foundation.id), "criteria": .integer(Int64(foundation.criteria)),
                        "withEvidence": .integer(Int64(foundation.criteriaWithEvidence)),
                        "mandatoryWithoutEvidence": .array(foundation.mandatoryWithoutEvidence.map(Value.string)),
                        "rated": .integer(Int64(foundation.rated)), "score": .integer(Int64(foundation.score)),
                        "maximumScore": .integer(Int64(foundation.maximumScore)),
                    ]
                })
            fields["outcome"] = [
                "outcome": .string(assessment.decision.outcome.rawValue), "rule": .string(assessment.decision.ruleID),
                "explanation": .string(assessment.decision.explanation),
            ]
        } catch {
            fields["coverage"] = .array([])
            fields["outcome"] = ["error": .string(error.description)]
        }
        return fields
    }

    /// `{rating, narrative, by, at}`: the organisation's own assessment of one criterion.
    public static func selfAssessment(_ assessment: CaseSelfAssessment) -> Value {
        [
            "rating": .string(assessment.rating), "narrative": .string(assessment.narrative),
            "by": .string(assessment.by), "at": .string(assessment.at.iso8601),
        ]
    }

    /// A line of a case list: `{case, organisation, status, configuration, version, deadlines: [{timer, event,
    /// due}], awardUntil}` (`awardUntil` null when the case holds no award).
    public static func listed(_ summary: CaseSummary) -> Value {
        [
            "case": .string(summary.caseID), "organisation": .string(summary.organisation),
            "status": .string(summary.status), "configuration": .array(summary.configuration.map(Value.string)),
            "version": .integer(summary.version), "deadlines": .array(summary.deadlines.map(deadline)),
            "awardUntil": summary.awardUntil.map { .string($0.iso8601) } ?? .null,
        ]
    }

    /// `{timer, event, due}`.
    public static func deadline(_ deadline: CaseDeadline) -> Value {
        ["timer": .string(deadline.timerID), "event": .string(deadline.event), "due": .string(deadline.due.iso8601)]
    }

    /// An event the actor may send: `{event, roles, guards, enabled, from}`.
    public static func next(_ event: AcceptedEvent) -> Value {
        [
            "event": .string(event.name), "roles": .array(event.roles.map(Value.string)),
            "guards": .array(event.guards.map(Value.string)), "enabled": .bool(event.enabled),
            "from": .array(event.sources.map(Value.string)),
        ]
    }

    /// What an append did: `{case, seq, status, repeated, events: [{seq, type}], warnings}`; `warnings` lists
    /// follow-ups that failed after the commit (the events stand).
    public static func receipt(caseID: String, outcome: Outcome) -> Value {
        let seq = outcome.events.last?.envelope.seq ?? outcome.state.record.version
        return [
            "case": .string(caseID), "seq": .integer(seq), "status": .string(outcome.state.status),
            "repeated": .bool(outcome.repeated),
            "events": .array(
                outcome.events.map { event in
                    var fields: [String: Value] = [
                        "seq": .integer(event.envelope.seq), "type": .string(event.envelope.type),
                    ]
                    if case .string(let finding)? = event.envelope.payload["finding"] {
                        fields["finding"] = .string(finding)
                    }
                    return .object(fields)
                }),
            "warnings": .array(outcome.followUpFailures.map { .string("\($0)") }),
        ]
    }

    /// A case moved to another workflow version: `{case, seq, from, to, states, eventsCompared, status,
    /// configuration, warnings}` (`from` and `to` as `name@version`).
    public static func migration(caseID: String, _ migrated: MigratedCase) -> Value {
        let outcome = migrated.outcome
        return [
            "case": .string(caseID), "seq": .integer(outcome.events.last?.envelope.seq ?? 0),
            "from": .string(migrated.migration.from.label), "to": .string(migrated.migration.to.label),
            "states": .object(migrated.migration.states.mapValues(Value.string)),
            "eventsCompared": .integer(Int64(migrated.check.eventsCompared)),
            "status": .string(outcome.state.status),
            "configuration": .array(outcome.state.snapshot.configuration.map(Value.string)),
            "warnings": .array(outcome.followUpFailures.map { .string("\($0)") }),
        ]
    }
}

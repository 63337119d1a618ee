import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Time travel for tests, through the store's own mechanism: each call makes the test's store a sandbox (once) and
/// moves its simulated clock forward to `time`, then acts at the store's time. A time behind the clock leaves the
/// clock where it is (the store's time never runs back). The fixtures change the setting through the repository,
/// as the `system` actor, rather than through an administrator.
extension CaseDesk {
    /// Moves the test store's simulated clock forward to `time`.
    func travel(to time: Instant) throws {
        if try !settings.current().sandbox { try settings.change(.sandbox, by: "system") }
        let values = try settings.current()
        if let simulated = values.simulatedClock, simulated >= time { return }
        do {
            try settings.change(.clock(simulated: time), by: "system")
        } catch let error where error.code == .settingRefused {
            return  // behind something already recorded: the clock stays
        }
    }

    @discardableResult
    func fire(
        _ caseID: String, event name: String, data: Value = .null, by actorID: String, at time: Instant,
        requestID: String? = nil, extraStatements: (Int64) -> [PostgresStatement] = { _ in [] }
    ) throws -> Outcome {
        try travel(to: time)
        return try fire(
            caseID, event: name, data: data, by: actorID, requestID: requestID, extraStatements: extraStatements)
    }

    func openCase(
        _ caseID: String, organisation: String, workflow: DefinitionReference, framework: DefinitionReference?,
        by actorID: String, at time: Instant
    ) throws -> OpenCase {
        try travel(to: time)
        return try openCase(caseID, organisation: organisation, workflow: workflow, framework: framework, by: actorID)
    }

    /// Uploads at `time`, for the criterion's first expected item unless `item` names another (every criterion of
    /// the shipped framework expects at least one).
    @discardableResult
    func uploadEvidence(
        _ caseID: String, file path: String, displayName: String? = nil, criterion: String, item: Int? = 1,
        supersedes: String? = nil, by actorID: String, at time: Instant, requestID: String? = nil
    ) throws -> (EvidenceRecord, Outcome) {
        try travel(to: time)
        return try uploadEvidence(
            caseID, file: path, displayName: displayName, criterion: criterion, item: item, supersedes: supersedes,
            by: actorID, requestID: requestID)
    }

    /// The rest of a submission after evidence for each criterion's first expected item: `file` as the evidence for
    /// every further item of every criterion but `except`, and a self-assessment (`rating`) of every criterion, by
    /// `actorID` at `time` (the store's time when nil).
    func completeSubmission(
        _ caseID: String, file: String, except: Set<String> = [], rating: String = "met", by actorID: String = "ann",
        at time: Instant? = nil
    ) throws {
        if let time { try travel(to: time) }
        for criterion in try load(caseID).definitions.machine.framework.criteria {
            for item in criterion.evidenceSlots.dropFirst().compactMap(\.item) where !except.contains(criterion.id) {
                try uploadEvidence(caseID, file: file, criterion: criterion.id, item: item, by: actorID)
            }
            try fire(
                caseID, event: "self-assessment.record",
                data: [
                    "criterion": .string(criterion.id), "rating": .string(rating),
                    "narrative": .string("How we meet \(criterion.id)."),
                ], by: actorID)
        }
    }

    @discardableResult
    func reviewEvidence(
        _ caseID: String, evidence: String, accept: Bool, reason: String?, by actorID: String, at time: Instant,
        requestID: String? = nil
    ) throws -> Outcome {
        try travel(to: time)
        return try reviewEvidence(
            caseID, evidence: evidence, accept: accept, reason: reason, by: actorID, requestID: requestID)
    }

    func fireDueTimers(at time: Instant, caseID: String? = nil) throws -> [(caseID: String, event: String)] {
        try travel(to: time)
        return try fireDueTimers(caseID: caseID)
    }

    func nextEvents(_ caseID: String, as actorID: String, at time: Instant) throws -> [AcceptedEvent] {
        try travel(to: time)
        return try nextEvents(caseID, as: actorID)
    }
}

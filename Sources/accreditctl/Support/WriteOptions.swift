import AccreditEngine
import ArgumentParser
import CaseService
import Statecharts

/// What every command that sends an event to a case takes: `--as`, `--request-id` and `--json`.
struct WriteOptions: ParsableArguments {
    @OptionGroup var who: ActorOptions

    @OptionGroup var request: RequestOption

    @OptionGroup var output: OutputOptions

    /// Sends `event` with `data` to a case as the acting actor, then prints the receipt.
    ///
    /// - Parameter expectedVersion: The version the caller pinned (`--expect-version`): a case at another version
    ///   fails with a conflict instead of being decided again.
    func send(_ event: String, data: Value, to caseID: String, expectedVersion: Int64? = nil) throws {
        try send(event, data: data, to: caseID, on: try Context.desk(), expectedVersion: expectedVersion)
    }

    /// Sends the event that the case's workflow declares for an action (`acc:action`, whatever the workflow calls
    /// it) as the acting actor, then prints the receipt.
    func send(_ action: TransitionAction, data: Value, to caseID: String) throws {
        let desk = try Context.desk()
        let event = try desk.event(for: action, in: caseID, by: try who.actorID())
        try send(event, data: data, to: caseID, on: desk)
    }

    private func send(
        _ event: String, data: Value, to caseID: String, on desk: CaseDesk, expectedVersion: Int64? = nil
    ) throws {
        let outcome = try desk.fire(
            caseID, event: event, data: data, by: try who.actorID(), requestID: request.requestID,
            expectedVersion: expectedVersion)
        EventReceipt.print(caseID: caseID, outcome: outcome, json: output.json)
    }

    /// Accepts or rejects (with a reason) an evidence item as the acting actor, then prints the receipt.
    func review(_ item: EvidenceArguments, accept: Bool, reason: String?) throws {
        let outcome = try Context.desk().reviewEvidence(
            item.caseID, evidence: item.evidenceID, accept: accept, reason: reason, by: try who.actorID(),
            requestID: request.requestID)
        EventReceipt.print(caseID: item.caseID, outcome: outcome, json: output.json)
    }
}

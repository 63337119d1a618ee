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
    func send(_ event: String, data: Value, to caseID: String) throws {
        let outcome = try Context.desk().fire(
            caseID, event: event, data: data, by: try who.actorID(), requestID: request.requestID)
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

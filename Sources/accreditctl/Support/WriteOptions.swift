import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import Statecharts

/// What every command that changes a case takes: who acts, a request id, and `--json`.
struct WriteOptions: ParsableArguments {
    @OptionGroup var who: ActorOptions

    @OptionGroup var request: RequestOption

    @OptionGroup var output: OutputOptions

    /// Sends `event` with `data` to a case as the acting actor, then prints the receipt.
    ///
    /// - Parameter expectedVersion: The version the caller pinned (`--expect-version`): a case at another version
    ///   fails with a conflict instead of being decided again.
    func send(_ event: String, data: Value, to caseID: String, expectedVersion: Int64? = nil) throws {
        var body: [String: Value] = ["event": .string(event), "data": data]
        if let expectedVersion { body["expectedVersion"] = .integer(expectedVersion) }
        try post(.object(body), to: caseID)
    }

    /// Sends the event that the case's workflow declares for an action (`acc:action`, whatever the workflow calls
    /// it) as the acting actor, then prints the receipt.
    func send(_ action: TransitionAction, data: Value, to caseID: String) throws {
        try post(["action": .string(action.rawValue), "data": data], to: caseID)
    }

    private func post(_ body: Value, to caseID: String) throws {
        let receipt = try APICaller(who.reader).call(
            .post, "/api/v1/cases/\(APICaller.segment(caseID))/events", body: body,
            idempotencyKey: request.requestID)
        EventReceipt.print(receipt, json: output.json)
    }

    /// Accepts or rejects (with a reason) an evidence item as the acting actor, then prints the receipt.
    func review(_ item: EvidenceArguments, accept: Bool, reason: String?) throws {
        var body: [String: Value] = ["accept": .bool(accept)]
        if let reason { body["reason"] = .string(reason) }
        let receipt = try APICaller(who.reader).call(
            .post,
            "/api/v1/cases/\(APICaller.segment(item.caseID))/evidence/\(APICaller.segment(item.evidenceID))/review",
            body: .object(body), idempotencyKey: request.requestID)
        EventReceipt.print(receipt, json: output.json)
    }
}

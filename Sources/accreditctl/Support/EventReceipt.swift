import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// What a command that appended events prints: the event, its seq and the new status.
enum EventReceipt {
    /// Prints `C-1 #5 application.submit → submitted`, or `{case, events: [{seq, type}], seq, status}`.
    static func print(caseID: String, outcome: Outcome, json: Bool) {
        for failure in outcome.followUpFailures { StandardError.print("warning: \(failure)") }
        let seq = outcome.events.last?.envelope.seq ?? outcome.state.record.version
        if json {
            Output.json([
                "case": .string(caseID), "seq": .integer(seq), "status": .string(outcome.state.status),
                "repeated": .bool(outcome.repeated),
                "events": .array(
                    outcome.events.map { ["seq": .integer($0.envelope.seq), "type": .string($0.envelope.type)] }),
            ])
        } else {
            for event in outcome.events {
                let note = outcome.repeated ? " (already recorded for this request id; nothing new appended)" : ""
                Output.line(
                    "\(caseID) #\(event.envelope.seq) \(event.envelope.type) → \(outcome.state.status)\(note)")
            }
        }
    }
}

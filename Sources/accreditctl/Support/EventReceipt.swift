import AccreditAPI
import Statecharts

/// What a command that appended events prints: the event, its seq and the new status.
enum EventReceipt {
    /// Prints `C-1 #5 application.submit → submitted`, or the API's receipt `{case, events: [{seq, type}], seq,
    /// status, repeated, warnings}`; warnings (follow-ups that failed after the commit) go to standard error.
    static func print(_ receipt: Value, json: Bool) {
        for warning in receipt["warnings"]?.arrayValue ?? [] {
            StandardError.print("warning: \(warning.stringValue ?? "")")
        }
        if json {
            Output.json(receipt)
            return
        }
        let caseID = receipt["case"]?.stringValue ?? ""
        let status = receipt["status"]?.stringValue ?? ""
        let repeated = receipt["repeated"] == .bool(true)
        for event in receipt["events"]?.arrayValue ?? [] {
            var seq = ""
            if case .integer(let number)? = event["seq"] { seq = String(number) }
            let note = repeated ? " (already recorded for this request id; nothing new appended)" : ""
            let finding = event["finding"]?.stringValue.map { " (\($0))" } ?? ""
            Output.line("\(caseID) #\(seq) \(event["type"]?.stringValue ?? "")\(finding) → \(status)\(note)")
        }
    }
}

import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.reminder`: each `<acc:reminder>` names exactly one deadline (`event`, the event of a timer some
    /// delayed `<send>` schedules, or `deadline="findings"` or `"appeals"`, the latter only with
    /// `acc:appeal-resolve-within`), people's role kinds in `to` (and `overdue`, only for the case's own dates, and
    /// `verify`, only for findings), positive durations in `before`, and no other attribute; one declaration per
    /// deadline.
    mutating func checkReminders() {
        var sent: Set<String> = []
        for block in executableBlocks {
            Self.visit(block) { item in
                if case .send(let send) = item.kind, let event = send.event, send.delay != nil || send.delayExpr != nil
                {
                    sent.insert(event)
                }
            }
        }
        var declared: Set<String> = []
        for node in document.extensions where node.namespace == WorkflowExtension.namespace && node.name == "reminder" {
            let attributes = node.attributes
            func refuse(_ message: String) {
                report(node.line, "workflow.reminder", message + " (docs/workflow-language.md, \"Reminders\")")
            }
            for name in attributes.keys.sorted() where !ReminderRule.attributes.contains(name) {
                refuse(
                    "<acc:reminder> has no attribute '\(name)': use event or deadline, to, before, overdue, verify and label"
                )
            }
            let subject: String
            switch (attributes["event"], attributes["deadline"]) {
            case (let event?, nil):
                subject = event
                if !sent.contains(event) {
                    refuse(
                        "<acc:reminder event=\"\(event)\"> names an event no delayed <send> schedules: remind of a "
                            + "timer's event, such as the evidence deadline's")
                }
                if attributes["overdue"] != nil {
                    refuse(
                        "<acc:reminder event=\"\(event)\"> has overdue, but a timer's deadline is acted on when it "
                            + "falls: leave overdue to deadline=\"findings\" and deadline=\"appeals\"")
                }
            case (nil, let deadline?) where deadline == "findings" || deadline == "appeals":
                subject = "deadline=" + deadline
                if deadline == "appeals", document.appealResolveWithin == nil {
                    refuse(
                        "<acc:reminder deadline=\"appeals\"> needs acc:appeal-resolve-within on <scxml>: without it an "
                            + "appeal has no date to remind of")
                }
            default:
                refuse(
                    "<acc:reminder> names its deadline with either event=\"EVENT\" (a timer's) or "
                        + "deadline=\"findings\" or deadline=\"appeals\"")
                continue
            }
            if !declared.insert(subject).inserted {
                refuse("<acc:reminder> for \(subject) is declared twice: one declaration per deadline")
            }
            let people = RoleKind.allCases.filter { $0 != .system && $0 != .auditor }.map(\.rawValue)
            if attributes["verify"] != nil, subject != "deadline=findings" {
                refuse("<acc:reminder> has verify only for deadline=\"findings\": answered findings await verification")
            }
            for name in ["to", "overdue", "verify"] {
                guard let text = attributes[name] else { continue }
                if ReminderRule.kinds(text) == nil || (name == "to" && ReminderRule.kinds(text)?.isEmpty == true) {
                    refuse(
                        "<acc:reminder \(name)=\"\(text)\"> must name role kinds of people: "
                            + people.joined(separator: ", "))
                }
            }
            if let label = attributes["label"], !ReminderRule.isLabel(label) {
                refuse(
                    "<acc:reminder label=\"…\"> must name the deadline in 1 to 120 characters of one line, such as "
                        + "label=\"Evidence submission\"")
            }
            if attributes["to"] == nil {
                refuse("<acc:reminder> needs to=\"…\": the role kinds reminded, such as to=\"organisation\"")
            }
            if ReminderRule.leadTimes(attributes["before"]) == nil {
                refuse(
                    "<acc:reminder before=\"\(attributes["before"] ?? "")\"> must list how long before the deadline "
                        + "each reminder goes, as positive ISO 8601 durations such as before=\"P30D P7D\"")
            }
        }
    }
}

import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The event that performs an action in a case's workflow (`acc:action`), whatever the workflow calls it: the one
    /// name declared with the action, or, when several are, the one the case's current states take (so that the
    /// rules, not this lookup, refuse a person who may not send it).
    ///
    /// - Throws: ``CaseRefusal`` `workflow.no-action` when the workflow declares no such event, or
    ///   `workflow.action-ambiguous` when several could be meant (naming them, to send with their names).
    public func event(for action: TransitionAction, in open: OpenCase) throws -> String {
        let machine = open.definitions.machine
        let names = machine.events(for: action)
        if names.count == 1, let name = names.first { return name }
        let workflow = "\(open.head.workflow.name)@\(open.head.workflow.version)"
        guard !names.isEmpty else {
            throw CaseRefusal(
                rule: "workflow.no-action",
                message: "workflow \(workflow) declares no event with acc:action=\"\(action.rawValue)\": "
                    + "send the workflow's own event by name")
        }
        let candidates = names.filter { machine.isOffered($0, in: open.state) }
        if candidates.count == 1, let name = candidates.first { return name }
        throw CaseRefusal(
            rule: "workflow.action-ambiguous",
            message: "workflow \(workflow) declares several events with acc:action=\"\(action.rawValue)\" "
                + "(\((candidates.isEmpty ? names : candidates).joined(separator: ", "))): send one of them by name")
    }

    /// ``event(for:in:)`` for a case by id, for an actor who may read it.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation` for an actor who may not see the case, or as above.
    public func event(for action: TransitionAction, in caseID: String, by actorID: String) throws -> String {
        try event(for: action, in: try view(caseID, as: actorID))
    }
}

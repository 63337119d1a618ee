import Statecharts

/// What ``WorkflowPolicy/storedRefusal(_:actorRoles:snapshot:host:)`` decided, and whether the answer holds for
/// every event of that name from that sender in that configuration (it did not depend on guards).
struct StoredVerdict: Sendable {
    var refusal: WorkflowRefusal?
    var dependsOnGuards: Bool
}

extension WorkflowPolicy {
    /// The role rules of ``check(_:actorRoles:snapshot:host:)`` for a stored event about to be replayed: a person
    /// sends only declared names that some transition lets a person send, and every transition the event takes
    /// must list one of the sender's roles. What the workflow itself would refuse (no transition, a false guard, an
    /// ended case) is left to the fold, which reports it.
    ///
    /// The interpreter's selection runs only when the candidate transitions disagree about the sender's roles;
    /// otherwise the answer depends on the configuration, the name and the roles alone.
    func storedVerdict(
        _ event: ExternalEvent, actorRoles: Set<String>, snapshot: Snapshot, host: () -> any HostFunctions
    ) -> StoredVerdict {
        let name = event.name
        if !actorRoles.contains(WorkflowExtension.systemRole) {
            guard declaredNames.contains(name) else {
                return StoredVerdict(
                    refusal: refusal(.undeclaredEvent, name, actorRoles, snapshot), dependsOnGuards: false)
            }
            guard personNames.contains(name) else {
                return StoredVerdict(refusal: refusal(.systemOnly, name, actorRoles, snapshot), dependsOnGuards: false)
            }
        }
        let candidates = candidateTransitions(for: name, in: snapshot)
        let allowing = candidates.filter { !actorRoles.isDisjoint(with: $0.allowedRoles) }
        if allowing.count == candidates.count { return StoredVerdict(refusal: nil, dependsOnGuards: false) }
        let roles = actorRoles.sorted()
        if allowing.isEmpty {
            return StoredVerdict(
                refusal: roleRefusal(
                    name, roles: roles, allowed: candidates.map(\.allowedRoles), states: atomicStates(snapshot)),
                dependsOnGuards: false)
        }
        let forbidden = interpreter.enabledTransitions(for: event, in: snapshot, host: host()).map(\.transition)
            .filter { actorRoles.isDisjoint(with: $0.allowedRoles) }
        guard !forbidden.isEmpty else { return StoredVerdict(refusal: nil, dependsOnGuards: true) }
        return StoredVerdict(
            refusal: roleRefusal(
                name, roles: roles, allowed: forbidden.map { Set($0.allowedRoles) }, states: atomicStates(snapshot)),
            dependsOnGuards: true)
    }

    private func refusal(_ code: WorkflowRefusal.Code, _ name: String, _ roles: Set<String>, _ snapshot: Snapshot)
        -> WorkflowRefusal
    {
        WorkflowRefusal(code: code, event: name, actorRoles: roles.sorted(), states: atomicStates(snapshot))
    }
}

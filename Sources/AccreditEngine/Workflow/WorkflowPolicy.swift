import Statecharts

/// Decides, before the machine runs, whether an actor may send an event: roles first, then acceptance and guards.
///
/// Pure: it asks the interpreter which transitions the event would select (``Interpreter/enabledTransitions(for:in:)``)
/// and compares their `acc:roles` with the actor's roles. A transition without `acc:roles` may be sent only by
/// the `system` role; timer firings bypass the check.
public struct WorkflowPolicy: Sendable {
    /// The workflow's interpreter.
    public let interpreter: Interpreter
    /// Each state node by id.
    let states: [String: StateNode]
    /// Every event name a transition declares exactly (descriptors normalised, wildcards left out).
    let declaredNames: Set<String>
    /// The names that some transition lets a person send (it lists a role other than `system`).
    let personNames: Set<String>
    /// The declared action of each event name (``TransitionAction``), from the transitions that name it exactly.
    let actions: [String: TransitionAction]
    /// Each state's transitions with their descriptors and roles, worked out once: every command asks for them.
    let candidatesByState: [String: [Candidate]]

    /// A state's transition as the role check reads it (a class: lists of them are filtered on every command, and
    /// a reference is one retain where the transition's copy is dozens).
    final class Candidate: Sendable {
        /// The transition.
        let transition: Transition
        /// Its event descriptors, normalised.
        let descriptors: [EventDescriptor]
        /// The roles that may send its event.
        let allowedRoles: Set<String>
        /// Its guard, if any.
        var cond: String? { transition.cond }

        init(transition: Transition, descriptors: [EventDescriptor], allowedRoles: Set<String>) {
            self.transition = transition
            self.descriptors = descriptors
            self.allowedRoles = allowedRoles
        }
    }

    /// Creates a policy for an interpreter.
    /// - Parameter interpreter: The workflow's interpreter.
    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
        var states: [String: StateNode] = [:]
        func index(_ nodes: [StateNode]) {
            for node in nodes {
                states[node.id] = node
                index(node.children)
            }
        }
        index(interpreter.document.children)
        self.states = states
        var declared: Set<String> = []
        var person: Set<String> = []
        var actions: [String: TransitionAction] = [:]
        for transition in states.values.flatMap(\.transitions) {
            let sentByPeople = transition.allowedRoles.contains { $0 != WorkflowExtension.systemRole }
            for descriptor in transition.descriptors where !descriptor.isWildcard && !descriptor.name.isEmpty {
                declared.insert(descriptor.name)
                if sentByPeople { person.insert(descriptor.name) }
                if let action = transition.declaredAction, actions[descriptor.name] == nil {
                    actions[descriptor.name] = action
                }
            }
        }
        self.declaredNames = declared
        self.personNames = person
        self.actions = actions
        self.candidatesByState = states.mapValues { node in
            node.transitions.map {
                Candidate(transition: $0, descriptors: $0.descriptors, allowedRoles: Set($0.allowedRoles))
            }
        }
    }

    /// The action the workflow declares for transitions named exactly `event`, if any.
    public func action(for event: String) -> TransitionAction? { actions[event] }

    /// The event names declared with an action, sorted.
    public func events(for action: TransitionAction) -> [String] {
        actions.filter { $0.value == action }.keys.sorted()
    }

    /// Checks whether an actor may send an event now.
    /// - Parameters:
    ///   - event: The event (a timer firing is always allowed).
    ///   - actorRoles: The roles the actor holds on this case.
    ///   - snapshot: The case's current state.
    ///   - host: The functions the workflow's guards may call (the case's facts).
    ///   - rolesOnly: Stop once the event is offered to one of the roles, before any guard runs (the case layer
    ///     asks this first, so that data meant for others is not even read).
    /// - Returns: The transitions the event will take (empty for a timer, or with `rolesOnly`), or why it is
    ///   refused.
    public func check(
        _ event: ExternalEvent, actorRoles: Set<String>, snapshot: Snapshot, host: any HostFunctions = .none,
        rolesOnly: Bool = false
    ) -> Result<[EnabledTransition], WorkflowRefusal> {
        if event.timerID != nil { return .success([]) }
        let name = event.name
        let roles = actorRoles.sorted()
        let atomic = atomicStates(snapshot)
        guard !snapshot.isHalted else {
            return .failure(
                WorkflowRefusal(
                    code: .halted, event: name, actorRoles: roles, states: snapshot.finalState.map { [$0] } ?? []))
        }
        var accepted: [String] {
            acceptedEvents(roles: actorRoles, in: snapshot, host: host).filter(\.enabled).map(\.name)
        }
        if !actorRoles.contains(WorkflowExtension.systemRole) {
            guard declaredNames.contains(name) else {
                return .failure(
                    WorkflowRefusal(
                        code: .undeclaredEvent, event: name, actorRoles: roles, states: atomic, acceptedNow: accepted))
            }
            guard personNames.contains(name) else {
                return .failure(
                    WorkflowRefusal(
                        code: .systemOnly, event: name, actorRoles: roles, states: atomic, acceptedNow: accepted))
            }
        }
        let candidates = candidateTransitions(for: name, in: snapshot)
        guard !candidates.isEmpty else {
            return .failure(
                WorkflowRefusal(
                    code: .notAccepted, event: name, actorRoles: roles, states: atomic, acceptedNow: accepted))
        }
        let mayTry = candidates.filter { !actorRoles.isDisjoint(with: $0.allowedRoles) }
        if mayTry.isEmpty {
            return .failure(roleRefusal(name, roles: roles, allowed: candidates.map(\.allowedRoles), states: atomic))
        }
        if rolesOnly { return .success([]) }
        let enabled = interpreter.enabledTransitions(for: event, in: snapshot, host: host)
        guard !enabled.isEmpty else {
            return .failure(
                WorkflowRefusal(
                    code: .guardFailed, event: name, actorRoles: roles, states: atomic, acceptedNow: accepted,
                    guards: mayTry.compactMap(\.cond)))
        }
        let forbidden = enabled.map(\.transition).filter { actorRoles.isDisjoint(with: $0.allowedRoles) }
        guard forbidden.isEmpty else {
            return .failure(
                roleRefusal(name, roles: roles, allowed: forbidden.map { Set($0.allowedRoles) }, states: atomic))
        }
        return .success(enabled)
    }

    /// The events an actor may send now, in document order of the states and transitions that take them.
    /// - Parameters:
    ///   - roles: The actor's roles.
    ///   - snapshot: The case's current state.
    ///   - host: The functions the workflow's guards may call (the case's facts).
    /// - Returns: One entry per event name, with its roles, guards and whether it would be taken now.
    public func acceptedEvents(roles: Set<String>, in snapshot: Snapshot, host: any HostFunctions = .none)
        -> [AcceptedEvent]
    {
        guard !snapshot.isHalted else { return [] }
        var events: [AcceptedEvent] = []
        var positions: [String: Int] = [:]
        // Events with an unguarded transition require nothing, whatever their other transitions' guards.
        var unguarded: Set<String> = []
        for stateID in snapshot.configuration {
            for transition in states[stateID]?.transitions ?? [] {
                let allowed = transition.allowedRoles
                guard !roles.isDisjoint(with: allowed) else { continue }
                for descriptor in transition.descriptors {
                    let name = descriptor.name
                    guard !name.isEmpty, !descriptor.isWildcard else { continue }
                    if transition.cond == nil { unguarded.insert(name) }
                    if let position = positions[name] {
                        var entry = events[position]
                        entry.roles = Array(Set(entry.roles).union(allowed)).sorted()
                        if let cond = transition.cond, !entry.guards.contains(cond) { entry.guards.append(cond) }
                        if !entry.sources.contains(stateID) { entry.sources.append(stateID) }
                        events[position] = entry
                    } else {
                        positions[name] = events.count
                        events.append(
                            AcceptedEvent(
                                name: name, roles: allowed.sorted(), guards: transition.cond.map { [$0] } ?? [],
                                enabled: false, sources: [stateID]))
                    }
                }
            }
        }
        for index in events.indices {
            if unguarded.contains(events[index].name) { events[index].guards = [] }
            let probe = ExternalEvent(name: events[index].name, at: snapshot.time)
            let enabled = interpreter.enabledTransitions(for: probe, in: snapshot, host: host)
            events[index].enabled =
                !enabled.isEmpty && enabled.allSatisfy { !roles.isDisjoint(with: $0.transition.allowedRoles) }
        }
        return events
    }

    /// Whether a transition of the active states takes the event, guards and roles ignored.
    public func isOffered(_ name: String, in snapshot: Snapshot) -> Bool {
        !candidateTransitions(for: name, in: snapshot).isEmpty
    }

    /// The transitions of the active states whose descriptors match `name`, guards ignored.
    func candidateTransitions(for name: String, in snapshot: Snapshot) -> [Candidate] {
        snapshot.configuration.flatMap { id in
            (candidatesByState[id] ?? []).filter { candidate in
                candidate.descriptors.contains { $0.matches(name) }
            }
        }
    }

    /// The active atomic states in document order, for messages and `case next`.
    /// - Parameter snapshot: The case's current state.
    /// - Returns: The ids of the active states that have no child states.
    public func atomicStates(_ snapshot: Snapshot) -> [String] {
        snapshot.configuration.filter { id in
            (states[id]?.children ?? []).allSatisfy { child in
                if case .history = child.kind { return true }
                return false
            }
        }
    }

    func roleRefusal(_ name: String, roles: [String], allowed: [Set<String>], states: [String]) -> WorkflowRefusal {
        WorkflowRefusal(
            code: .roleNotAllowed, event: name, actorRoles: roles,
            allowedRoles: Array(allowed.reduce(into: Set<String>()) { $0.formUnion($1) }).sorted(), states: states)
    }
}

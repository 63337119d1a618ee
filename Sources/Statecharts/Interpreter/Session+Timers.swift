extension Session {
    /// Removes a pending timer anywhere in this session tree and queues its event where it was addressed.
    /// - Returns: nil when no session has a timer with this id; otherwise any event bound outside the machine.
    mutating func fireTimer(_ id: String) -> OutgoingEvent?? {
        if let position = timers.firstIndex(where: { $0.id == id }) {
            let timer = timers.remove(at: position)
            if case .external(let uri) = timer.target {
                return .some(OutgoingEvent(target: uri, event: timer.event, sessionID: sessionID))
            }
            deliverTimer(timer)
            return .some(nil)
        }
        for position in invocations.indices {
            guard var child = invocations[position].child, child.hasTimer(id) else { continue }
            invocations[position].child = nil
            if let ownTimer = child.timers.firstIndex(where: { $0.id == id }), child.timers[ownTimer].target == .parent
            {
                var event = child.timers.remove(at: ownTimer).event
                event.invokeID = invocations[position].id
                externalQueue.append(event)
                invocations[position].child = child
                return .some(nil)
            }
            let outgoing = child.fireTimer(id)
            invocations[position].child = child
            return outgoing
        }
        return nil
    }

    /// Whether a timer with this id is pending in this session tree.
    func hasTimer(_ id: String) -> Bool {
        timers.contains { $0.id == id } || invocations.contains { $0.child?.hasTimer(id) ?? false }
    }

    /// Queues a fired timer's event in this session (or the addressed child).
    mutating func deliverTimer(_ timer: PendingTimer) {
        switch timer.target {
        case .this: externalQueue.append(timer.event)
        case .internal: externalQueue.append(timer.event)
        case .parent, .external: break
        case .child(let id):
            if let position = invocations.firstIndex(where: { $0.id == id }) {
                invocations[position].child?.externalQueue.append(timer.event)
            }
        }
    }
}
